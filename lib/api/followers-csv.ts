import { localDateTime } from "@/lib/csv";
import { translator, type Locale } from "@/lib/i18n/locale";
import { messages } from "@/lib/i18n/messages";
import type { FollowerRow, FollowerScopeView } from "@/lib/db/followers";

/** The followers CSV's header and rows: headers in the UI's language, times on the account's clock with its zone named. */
export function followersCsv(locale: Locale, scope: FollowerScopeView) {
  const t = translator(messages[locale]);
  const tz = scope.timeZone;
  const header = [
    t("followers.csv.openid"),
    t("followers.csv.qrCodeId"),
    t("followers.csv.qrCode"),
    t("followers.csv.followedAt", { tz }),
    t("followers.csv.following"),
    t("followers.csv.unfollowedAt", { tz }),
    t("followers.csv.lastScanAt", { tz }),
    t("followers.csv.scans"),
  ];
  const row = (f: FollowerRow) => [
    f.openid,
    f.qrCodeId,
    f.qrCode,
    localDateTime(f.followedAt, tz),
    f.following ? t("followers.csv.yes") : t("followers.csv.no"),
    localDateTime(f.unfollowedAt, tz),
    localDateTime(f.lastScanAt, tz),
    f.scans,
  ];
  return { header, row };
}

import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { requirePermission } from "@/lib/auth/require";
import { getT } from "@/lib/i18n/server";
import { singleParams } from "@/lib/api/search";
import { isRowId } from "@/lib/validation/input";
import { FOLLOWER_SCOPES } from "@/lib/validation/followers";
import { FollowersView } from "@/components/followers/followers-view";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getT();
  return { title: `${t("followers.title")} · ${t("app.name")}` };
}

/** /followers?qrCodeId=… (or channelId, campaignId): the people that code, channel or campaign brought. */
export default async function FollowersPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  await requirePermission("stats:read");
  const params = singleParams(await searchParams);
  const given = FOLLOWER_SCOPES.filter((kind) => params[kind] !== undefined);
  const id = given.length === 1 && /^\d{1,10}$/.test(params[given[0]] ?? "") ? Number(params[given[0]]) : Number.NaN;
  if (!isRowId(id)) notFound();
  return <FollowersView scope={{ kind: given[0], id }} />;
}

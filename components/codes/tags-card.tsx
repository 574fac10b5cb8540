"use client";
import Link from "next/link";
import { Card, ErrorState, Loading } from "@/components/ui";
import { useCan } from "@/lib/client/session";
import { useT } from "@/lib/i18n/client";
import { TAG_RULES } from "@/lib/wechat/limits";
import { setCodeTags, useCodeTags } from "./follow-ups-data";
import type { QrCode } from "./format";
import { TagList, TagsEditor } from "./tags-editor";

/** The code detail page's "tags" (渠道标签): the code's own, editable; its channel's, shown with the way to change them. */
export function TagsCard({ code }: { code: QrCode }) {
  const t = useT();
  const canWrite = useCan("qrcodes:write");
  const { data, error, mutate } = useCodeTags(code.id);
  return (
    <Card title={t("tags.title")}>
      <div className="space-y-4" data-testid="tags-card">
        <p className="text-sm text-slate-600">{t("tags.explain", { perUser: TAG_RULES.perUser })}</p>
        {error ? (
          <ErrorState error={error} onRetry={() => mutate()} />
        ) : !data ? (
          <Loading />
        ) : (
          <>
            {canWrite ? (
              <TagsEditor
                id={`code-tags-${code.id}`}
                label={t("tags.own")}
                tags={data.tags}
                onSave={async (tags) => mutate({ ...data, ...(await setCodeTags(code.id, tags)) }, { revalidate: false })}
              />
            ) : (
              <div className="space-y-1">
                <p className="text-sm font-medium text-slate-700">{t("tags.own")}</p>
                <TagList tags={data.tags} testId="code-tags" />
              </div>
            )}
            <div className="space-y-1 border-t border-slate-100 pt-3">
              <p className="text-sm font-medium text-slate-700">{t("tags.channel", { channel: code.channel })}</p>
              <TagList tags={data.channelTags} testId="channel-tags" />
              <p className="text-xs text-slate-500">
                {t("tags.channelHint")}{" "}
                <Link href="/channels" className="text-emerald-700 hover:underline">
                  {t("tags.editChannels")}
                </Link>
              </p>
            </div>
          </>
        )}
      </div>
    </Card>
  );
}

"use client";
import { useState } from "react";
import { Badge, Button, Card, ErrorState, Loading } from "@/components/ui";
import { useT } from "@/lib/i18n/client";
import { useCan } from "@/lib/client/session";
import type { AccountReplies } from "@/lib/db/replies";
import type { ReplyInput } from "@/lib/validation/qrcodes";
import { setAccountReplies, testFollow, useAccountReplies } from "./data";
import { ReplyEditor } from "./reply-editor";
import { TestRunDialog, spacedTest } from "./test-run";

type Kind = Exclude<keyof AccountReplies, "noMatch">;
const KINDS: Kind[] = ["follow", "scan"];

/** The account's fallbacks: the welcome for new followers, the default reply for codes without one. */
export function AccountRepliesCard({ accountId, accountName }: { accountId: number; accountName: string }) {
  const t = useT();
  const canEdit = useCan("replies:write");
  const canTest = useCan("scan:simulate");
  const { data, error, isLoading, mutate } = useAccountReplies(accountId);
  const [tab, setTab] = useState<Kind>("follow");
  const [testing, setTesting] = useState(false);

  async function put(kind: Kind, reply: ReplyInput | null) {
    const updated = await setAccountReplies(accountId, { [kind]: reply });
    await mutate(updated, { revalidate: false });
  }

  function onTabKey(event: React.KeyboardEvent) {
    if (event.key !== "ArrowRight" && event.key !== "ArrowLeft") return;
    const next = KINDS[(KINDS.indexOf(tab) + 1) % KINDS.length];
    setTab(next);
    document.getElementById(`account-tab-${next}`)?.focus();
  }

  return (
    <Card title={t("replies.account.title")}>
      {error && !data ? (
        <ErrorState error={error} onRetry={() => mutate()} />
      ) : isLoading || !data ? (
        <Loading />
      ) : (
        <>
          <div
            role="tablist"
            aria-label={t("replies.account.title")}
            className="mb-4 flex gap-1 border-b border-slate-200"
            onKeyDown={onTabKey}
          >
            {KINDS.map((kind) => (
              <button
                key={kind}
                id={`account-tab-${kind}`}
                type="button"
                role="tab"
                aria-selected={tab === kind}
                aria-controls={`account-panel-${kind}`}
                tabIndex={tab === kind ? 0 : -1}
                onClick={() => setTab(kind)}
                data-testid={`account-tab-${kind}`}
                className={`-mb-px flex items-center gap-2 border-b-2 px-3 py-2 text-sm font-medium focus:outline-none focus-visible:ring-2 focus-visible:ring-emerald-500 ${tab === kind ? "border-emerald-600 text-emerald-800" : "border-transparent text-slate-500 hover:text-slate-800"}`}
              >
                {t(`replies.account.${kind}`)}
                {data[kind] ? (
                  <Badge tone="green">{t("replies.account.set")}</Badge>
                ) : (
                  <Badge>{t("replies.account.unset")}</Badge>
                )}
              </button>
            ))}
          </div>
          {KINDS.map((kind) => (
            <div
              key={kind}
              id={`account-panel-${kind}`}
              role="tabpanel"
              aria-labelledby={`account-tab-${kind}`}
              hidden={tab !== kind}
            >
              <p className="mb-4 text-sm text-slate-500">{t(`replies.account.${kind}Hint`)}</p>
              <ReplyEditor
                id={`account-${kind}`}
                accountId={accountId}
                reply={data[kind]}
                accountName={accountName}
                canEdit={canEdit}
                emptyText={t(`replies.account.${kind}Empty`)}
                onSave={(reply) => put(kind, reply)}
                onClear={() => put(kind, null)}
                actions={
                  canTest && kind === "follow" ? (
                    <Button type="button" variant="secondary" onClick={() => setTesting(true)} data-testid="test-follow">
                      {t("replies.account.testFollow")}
                    </Button>
                  ) : undefined
                }
              />
            </div>
          ))}
        </>
      )}
      {testing && (
        <TestRunDialog
          accountId={accountId}
          title={t("replies.test.followTitle", { name: accountName })}
          accountName={accountName}
          defaultOpenid="o_test_follower"
          followerChoice={false}
          run={(options) => spacedTest(`follow|${accountId}|${options.openid}`, () => testFollow(accountId, options.openid))}
          eventLabel={() => "subscribe · EventKey (—)"}
          caption={() => t("replies.test.captionFollow")}
          onClose={() => setTesting(false)}
        />
      )}
    </Card>
  );
}

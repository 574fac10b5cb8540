"use client";
import { useEffect, useRef, useState } from "react";
import { sceneOf } from "@/components/codes/format";
import Link from "next/link";
import { Badge, Button, Card, EmptyState, ErrorState, Loading, TextInput } from "@/components/ui";
import { useT } from "@/lib/i18n/client";
import { useCan } from "@/lib/client/session";
import type { QrCodeView } from "@/lib/db/qrcodes";
import type { ReplyInput } from "@/lib/validation/qrcodes";
import { REPLY_PAGE_SIZE, clearCodeReply, setCodeReply, testScan, useReplyCodes } from "./data";
import { InlineTextReply } from "./inline-reply";
import { ReplyEditor, TypeBadge } from "./reply-editor";
import { replySummary } from "./reply-draft";
import { Dialog } from "./dialog";
import { ReplyImageThumb } from "./phone-preview";
import { TestRunDialog, spacedTest } from "./test-run";

function useDebounced<T>(value: T, ms: number): T {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return debounced;
}

/** The riddle workflow: every code of the account with its reply, edited in place, each testable. */
export function CodeReplyTable({ accountId, accountName }: { accountId: number; accountName: string }) {
  const t = useT();
  const canEdit = useCan("replies:write");
  const canTest = useCan("scan:simulate");
  const canCreate = useCan("qrcodes:write");
  const [search, setSearch] = useState("");
  const [page, setPage] = useState(1);
  const q = useDebounced(search.trim(), 300);
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new search or account starts again at page 1
  useEffect(() => setPage(1), [q, accountId]);

  const { data, error, isLoading, mutate } = useReplyCodes(accountId, page, q);

  const [editing, setEditing] = useState<QrCodeView | null>(null);
  const [testing, setTesting] = useState<QrCodeView | null>(null);
  const pending = useRef<Record<number, { current: Promise<unknown> | null }>>({});
  const pendingFor = (id: number) => (pending.current[id] ??= { current: null });

  function replaceCode(updated: QrCodeView) {
    void mutate(
      (current) => current && { ...current, items: current.items.map((c) => (c.id === updated.id ? { ...c, ...updated } : c)) },
      {
        revalidate: false,
      },
    );
    setEditing((open) => (open && open.id === updated.id ? updated : open));
  }

  const pages = data ? Math.max(1, Math.ceil(data.total / REPLY_PAGE_SIZE)) : 1;
  const first = data && data.total > 0 ? (page - 1) * REPLY_PAGE_SIZE + 1 : 0;
  const last = data ? Math.min(page * REPLY_PAGE_SIZE, data.total) : 0;

  return (
    <Card
      title={t("replies.codes.title")}
      actions={
        <div className="flex items-center gap-2">
          <label htmlFor="reply-search" className="sr-only">
            {t("common.search")}
          </label>
          <TextInput
            id="reply-search"
            type="search"
            value={search}
            onChange={(e) => setSearch(e.target.value)}
            placeholder={t("replies.codes.search")}
            className="w-64"
          />
        </div>
      }
    >
      <p className="-mt-1 mb-3 text-sm text-slate-500">{canEdit ? t("replies.codes.hintEdit") : t("replies.codes.hintRead")}</p>
      {error && !data ? (
        <ErrorState error={error} onRetry={() => mutate()} />
      ) : isLoading && !data ? (
        <Loading />
      ) : data && data.items.length === 0 ? (
        q ? (
          <EmptyState title={t("replies.codes.noMatch", { q })} hint={t("replies.codes.noMatchHint")} />
        ) : (
          <EmptyState
            title={t("replies.codes.empty")}
            hint={t("replies.codes.emptyHint")}
            action={
              canCreate ? (
                <Link href="/codes" className="text-sm font-medium text-emerald-700 underline">
                  {t("replies.codes.create")}
                </Link>
              ) : undefined
            }
          />
        )
      ) : data ? (
        <>
          <div className="relative overflow-x-auto">
            <table className="w-full min-w-[42rem] table-fixed text-left text-sm" data-testid="reply-table">
              <thead className="border-b border-slate-200 text-xs text-slate-500 uppercase">
                <tr>
                  <th scope="col" className="w-[26%] whitespace-nowrap py-2 pr-3 font-medium">
                    {t("replies.codes.code")}
                  </th>
                  <th scope="col" className="w-[14%] whitespace-nowrap py-2 pr-3 font-medium">
                    {t("replies.codes.scene")}
                  </th>
                  <th scope="col" className="whitespace-nowrap py-2 pr-3 font-medium">
                    {t("replies.codes.reply")}
                  </th>
                  <th scope="col" className="w-[190px] py-2 text-right font-medium">
                    <span className="sr-only">{t("replies.codes.actions")}</span>
                  </th>
                </tr>
              </thead>
              <tbody className={isLoading ? "opacity-60" : undefined}>
                {data.items.map((code) => (
                  <tr
                    key={code.id}
                    className="border-b border-slate-100 align-top last:border-0"
                    data-testid={`reply-row-${code.id}`}
                  >
                    <td className="py-2 pr-3">
                      <p className="truncate font-medium text-slate-800" title={code.name}>
                        {code.name}
                      </p>
                      <p className="truncate text-xs text-slate-500">
                        {code.channel}
                        {code.campaign ? ` · ${code.campaign}` : ""}
                      </p>
                      {code.status === "expired" && (
                        <span className="mt-0.5 inline-block">
                          <Badge tone="rose">{t("replies.codes.expired")}</Badge>
                        </span>
                      )}
                    </td>
                    <td className="py-2 pr-3">
                      <span className="font-mono text-xs break-all text-slate-700">{sceneOf(code)}</span>
                      <span className="block text-xs text-slate-400">{t(`replies.kind.${code.kind}`)}</span>
                    </td>
                    <td className="py-1 pr-3">
                      <ReplyCell
                        code={code}
                        canEdit={canEdit}
                        onSaved={replaceCode}
                        onOpen={() => setEditing(code)}
                        pending={pendingFor(code.id)}
                      />
                    </td>
                    <td className="py-1.5 text-right whitespace-nowrap">
                      <Button
                        variant="ghost"
                        onClick={() => setEditing(code)}
                        data-testid={`reply-more-${code.id}`}
                        aria-label={`${canEdit ? t("replies.codes.more") : t("replies.codes.view")} · ${code.name}`}
                      >
                        {canEdit ? t("replies.codes.more") : t("replies.codes.view")}
                      </Button>
                      {canTest && (
                        <Button
                          variant="secondary"
                          onClick={() => setTesting(code)}
                          data-testid={`test-scan-${code.id}`}
                          aria-label={`${t("replies.codes.testScan")} · ${code.name}`}
                        >
                          {t("replies.codes.testScan")}
                        </Button>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <div className="mt-3 flex flex-wrap items-center justify-between gap-2 text-sm text-slate-500">
            <span>{t("replies.codes.range", { first, last, total: data.total })}</span>
            {pages > 1 && (
              <span className="flex items-center gap-2">
                <Button variant="secondary" disabled={page <= 1} onClick={() => setPage((p) => p - 1)}>
                  {t("common.previous")}
                </Button>
                <span>
                  {page} / {pages}
                </span>
                <Button variant="secondary" disabled={page >= pages} onClick={() => setPage((p) => p + 1)}>
                  {t("common.next")}
                </Button>
              </span>
            )}
          </div>
        </>
      ) : null}

      {editing && (
        <Dialog
          title={t("replies.editor.codeTitle", { name: editing.name })}
          onClose={() => setEditing(null)}
          testId="code-reply-dialog"
        >
          <p className="mb-4 text-sm text-slate-500">
            {editing.channel}
            {editing.campaign ? ` · ${editing.campaign}` : ""} · {t("replies.codes.scene")}{" "}
            <span className="font-mono">{sceneOf(editing)}</span>
          </p>
          <ReplyEditor
            id={`code-${editing.id}`}
            accountId={accountId}
            reply={editing.reply}
            accountName={accountName}
            canEdit={canEdit}
            emptyText={t("replies.preview.codeFallback")}
            onSave={async (reply: ReplyInput) => replaceCode(await setCodeReply(editing.id, reply))}
            onClear={async () => replaceCode(await clearCodeReply(editing.id))}
            actions={
              canTest ? (
                <Button type="button" variant="secondary" onClick={() => setTesting(editing)}>
                  {t("replies.codes.testScan")}
                </Button>
              ) : undefined
            }
          />
        </Dialog>
      )}

      {testing && (
        <TestRunDialog
          accountId={accountId}
          title={t("replies.test.scanTitle", { name: testing.name })}
          accountName={accountName}
          defaultOpenid="o_test_scanner"
          followerChoice
          run={async (options) => {
            await pendingFor(testing.id).current?.catch(() => {});
            return spacedTest(`scan|${testing.id}|${options.openid}|${options.follower}`, () => testScan(testing.id, options));
          }}
          eventLabel={(o) =>
            o.follower ? `SCAN · EventKey ${sceneOf(testing)}` : `subscribe · EventKey qrscene_${sceneOf(testing)}`
          }
          caption={(o) => (o.follower ? t("replies.test.captionScan") : t("replies.test.captionScanFollow"))}
          explain={(o) =>
            (data?.items.find((c) => c.id === testing.id) ?? testing).reply
              ? t("replies.test.fromCode")
              : o.follower
                ? t("replies.test.fromScanDefault")
                : t("replies.test.fromWelcome")
          }
          onClose={() => setTesting(null)}
        />
      )}
    </Card>
  );
}

function ReplyCell({
  code,
  canEdit,
  onSaved,
  onOpen,
  pending,
}: {
  code: QrCodeView;
  canEdit: boolean;
  onSaved: (code: QrCodeView) => void;
  /** Opens the full editor: images and articles are edited there. */
  onOpen: () => void;
  pending: { current: Promise<unknown> | null };
}) {
  const t = useT();
  if (canEdit && (!code.reply || code.reply.type === "text"))
    return <InlineTextReply code={code} onSaved={onSaved} pending={pending} />;
  if (!code.reply)
    return (
      <p className="px-2 py-1 text-slate-400" data-testid={`reply-text-${code.id}`}>
        {t("replies.codes.noReply")}
      </p>
    );
  const summary = (
    <>
      {code.reply.type !== "text" && <TypeBadge type={code.reply.type} />}
      {code.reply.type === "image" ? (
        <ReplyImageThumb mediaId={code.reply.mediaId} />
      ) : (
        <span className="line-clamp-3 min-w-0 break-words whitespace-pre-wrap text-slate-800">{replySummary(code.reply)}</span>
      )}
    </>
  );
  return canEdit ? (
    <button
      type="button"
      onClick={onOpen}
      className="flex w-full items-start gap-2 rounded-md px-2 py-1 text-left hover:bg-slate-50 focus:outline-none focus-visible:ring-2 focus-visible:ring-emerald-500"
      data-testid={`reply-text-${code.id}`}
    >
      {summary}
    </button>
  ) : (
    <div className="flex items-start gap-2 px-2 py-1" data-testid={`reply-text-${code.id}`}>
      {summary}
    </div>
  );
}

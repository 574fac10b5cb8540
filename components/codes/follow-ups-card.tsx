"use client";
import { useEffect, useState } from "react";
import { Button, Card, ErrorState, Loading } from "@/components/ui";
import { PhonePreview } from "@/components/replies/phone-preview";
import { TestRunDialog, spacedTest } from "@/components/replies/test-run";
import { testScan, useAccountReplies, useAccounts } from "@/components/replies/data";
import { ApiError } from "@/lib/client/api";
import { describeError } from "@/lib/client/errors";
import { useCan } from "@/lib/client/session";
import { useT } from "@/lib/i18n/client";
import type { Translate } from "@/lib/i18n/locale";
import type { FollowUps } from "@/lib/db/follow-ups";
import { FOLLOW_UP_MAX, followUpsSchema } from "@/lib/validation/follow-ups";
import type { CustomMessage } from "@/lib/wechat/custom-message";
import { setFollowUps, useFollowUps } from "./follow-ups-data";
import { emptyMessage, FollowUpFields, type FollowUpErrors } from "./follow-up-fields";
import { sceneOf, type QrCode } from "./format";
import { newFollowerSequence } from "./follow-up-sequence";

type Problems = { list?: string; messages: FollowUpErrors[] };

/** The form's words for a schema issue of a message's field. */
function fieldWords(issue: { code: string; path: PropertyKey[]; message: string }, t: Translate): string {
  if (issue.code === "too_small") return t("followUps.v.required");
  if (issue.code === "too_big") return t("followUps.v.tooLong", { max: /(\d+)/.exec(issue.message)?.[1] ?? "" });
  const field = String(issue.path[2] ?? "");
  if (field === "appId") return t("followUps.v.appId");
  if (field === "url" || field === "picUrl") return t("followUps.v.link");
  return issue.message;
}

function problemsOf(draft: FollowUps, t: Translate): Problems | null {
  const parsed = followUpsSchema.safeParse(draft);
  if (parsed.success) return null;
  const problems: Problems = { messages: draft.messages.map(() => ({})) };
  for (const issue of parsed.error.issues) {
    const [, index, field] = issue.path;
    if (typeof index === "number" && field !== undefined) problems.messages[index][String(field)] ??= fieldWords(issue, t);
    else problems.list ??= t("followUps.tooMany", { max: draft.welcomeFirst ? FOLLOW_UP_MAX - 1 : FOLLOW_UP_MAX });
  }
  return problems;
}

/** A refusal naming `messages.1.url` goes under that field; anything else above the save button. */
function serverProblems(draft: FollowUps, failure: unknown, t: Translate): Problems {
  const { field, message } = describeError(t, "replies", failure);
  const problems: Problems = { messages: draft.messages.map(() => ({})) };
  const at = failure instanceof ApiError && field ? /^messages\.(\d+)\.(\w+)$/.exec(field) : null;
  if (at && problems.messages[Number(at[1])]) problems.messages[Number(at[1])][at[2]] = message;
  else problems.list = message;
  return problems;
}

/** The code detail page's "follow-up messages": what goes after the passive reply, previewed as the whole sequence. */
export function FollowUpsCard({ code }: { code: QrCode }) {
  const t = useT();
  const canWrite = useCan("replies:write");
  const canTest = useCan("scan:simulate");
  const saved = useFollowUps(code.id);
  const accountReplies = useAccountReplies(code.accountId);
  const accounts = useAccounts();
  const [draft, setDraft] = useState<FollowUps | null>(null);
  const [problems, setProblems] = useState<Problems | null>(null);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState(false);
  const [testing, setTesting] = useState(false);

  useEffect(() => {
    if (saved.data && !draft) setDraft(saved.data);
  }, [saved.data, draft]);

  if (saved.error)
    return (
      <Card title={t("followUps.title")}>
        <ErrorState error={saved.error} onRetry={() => saved.mutate()} />
      </Card>
    );
  if (!draft)
    return (
      <Card title={t("followUps.title")}>
        <Loading />
      </Card>
    );

  const max = draft.welcomeFirst ? FOLLOW_UP_MAX - 1 : FOLLOW_UP_MAX;
  // "welcome first" chosen with two messages: the second would be past WeChat's 3, said before saving.
  const over = draft.messages.length > max;
  const welcome = accountReplies.data?.follow ?? null;
  const welcomeKnown = accountReplies.data !== undefined;
  const sequence = newFollowerSequence(
    draft,
    code.reply,
    welcome ?? (welcomeKnown ? null : { type: "text", content: t("followUps.welcomePlaceholder") }),
  );
  const accountName = accounts.data?.items.find((a) => a.id === code.accountId)?.name ?? "";
  const changed = JSON.stringify(draft) !== JSON.stringify(saved.data);

  function change(next: FollowUps) {
    setDraft(next);
    setDone(false);
    if (problems) setProblems(problemsOf(next, t));
  }
  const setMessage = (i: number, message: CustomMessage) =>
    change({ ...draft!, messages: draft!.messages.map((m, j) => (j === i ? message : m)) });

  async function save(event: React.FormEvent) {
    event.preventDefault();
    const found = problemsOf(draft!, t);
    setProblems(found);
    if (found) return;
    setBusy(true);
    try {
      const fresh = await setFollowUps(code.id, followUpsSchema.parse(draft));
      await saved.mutate(fresh, { revalidate: false });
      setDraft(fresh);
      setDone(true);
    } catch (failure) {
      setProblems(serverProblems(draft!, failure, t));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Card
      title={t("followUps.title")}
      actions={
        canTest && code.ticket ? (
          <Button type="button" variant="secondary" onClick={() => setTesting(true)} data-testid="follow-ups-test-scan">
            {t("followUps.testScan")}
          </Button>
        ) : undefined
      }
    >
      <div data-testid="follow-ups-card" className="flex flex-wrap items-start gap-5">
        <form onSubmit={save} noValidate className="min-w-0 flex-1 basis-72 space-y-4">
          <p className="text-sm text-slate-600">{t("followUps.rule")}</p>
          {!canWrite && <p className="text-sm text-slate-500">{t("followUps.readOnly")}</p>}
          <fieldset disabled={!canWrite} className="space-y-4">
            <div>
              <legend className="mb-1 text-sm font-medium text-slate-700">{t("followUps.order")}</legend>
              <div className="flex flex-col gap-1.5 text-sm">
                {[true, false].map((first) => (
                  <label key={String(first)} className="flex items-start gap-2">
                    <input
                      type="radio"
                      name={`welcome-first-${code.id}`}
                      checked={draft.welcomeFirst === first}
                      onChange={() => change({ ...draft, welcomeFirst: first })}
                      className="mt-0.5 accent-emerald-600"
                      data-testid={first ? "welcome-first" : "code-reply-only"}
                    />
                    <span>
                      {first ? t("followUps.welcomeFirst") : t("followUps.codeOnly")}
                      <span className="block text-xs text-slate-500">
                        {first ? t("followUps.welcomeFirstHint") : t("followUps.codeOnlyHint")}
                      </span>
                    </span>
                  </label>
                ))}
              </div>
              {draft.welcomeFirst && welcomeKnown && !welcome && (
                <p className="mt-1 text-xs text-amber-700">{t("followUps.noWelcome")}</p>
              )}
            </div>
            {draft.messages.length === 0 && <p className="text-sm text-slate-500">{t("followUps.none")}</p>}
            {draft.messages.map((message, i) => (
              <div
                // biome-ignore lint/suspicious/noArrayIndexKey: a follow-up is its position in the sequence
                key={i}
                className="rounded-md border border-slate-200 p-3"
                data-testid="follow-up-message"
              >
                <div className="mb-2 flex items-center justify-between gap-2">
                  <h3 className="text-sm font-medium text-slate-800">{t("followUps.message", { n: i + 1 })}</h3>
                  {canWrite && (
                    <Button
                      type="button"
                      variant="ghost"
                      onClick={() => change({ ...draft, messages: draft.messages.filter((_, j) => j !== i) })}
                      data-testid="follow-up-remove"
                    >
                      {t("followUps.remove")}
                    </Button>
                  )}
                </div>
                <FollowUpFields
                  id={`follow-up-${i}`}
                  message={message}
                  errors={problems?.messages[i] ?? {}}
                  onChange={(next) => setMessage(i, next)}
                />
              </div>
            ))}
          </fieldset>
          {(problems?.list || over) && (
            <p className="text-sm text-rose-600" role="alert" data-testid="follow-ups-error">
              {problems?.list ?? t("followUps.tooMany", { max })}
            </p>
          )}
          {canWrite && (
            <div className="flex flex-wrap items-center gap-2">
              {draft.messages.length < max ? (
                <Button
                  type="button"
                  variant="secondary"
                  onClick={() => change({ ...draft, messages: [...draft.messages, emptyMessage("text")] })}
                  data-testid="follow-up-add"
                >
                  {t("followUps.add")}
                </Button>
              ) : (
                <span className="text-xs text-slate-500">{t("followUps.full", { max })}</span>
              )}
              <Button type="submit" disabled={busy || !changed} data-testid="follow-ups-save">
                {busy ? t("followUps.saving") : t("followUps.save")}
              </Button>
              {done && !changed && (
                <span className="text-sm text-emerald-700" role="status" data-testid="follow-ups-saved">
                  {t("followUps.saved")}
                </span>
              )}
            </div>
          )}
        </form>
        <div className="flex max-w-full flex-col items-center gap-2">
          <PhonePreview
            accountName={accountName}
            reply={sequence.passive}
            followUps={sequence.followUps.map((message) => ({ message }))}
            caption={t("replies.test.captionScanFollow")}
            testId="follow-ups-preview"
          />
          <p className="max-w-[264px] text-center text-xs text-slate-500">{t("followUps.preview")}</p>
        </div>
      </div>
      {testing && (
        <TestRunDialog
          accountId={code.accountId}
          title={t("replies.test.scanTitle", { name: code.name })}
          accountName={accountName}
          defaultOpenid="o_test_scanner"
          followerChoice
          run={(options) => spacedTest(`scan|${code.id}|${options.openid}|${options.follower}`, () => testScan(code.id, options))}
          eventLabel={(o) => (o.follower ? `SCAN · EventKey ${sceneOf(code)}` : `subscribe · EventKey qrscene_${sceneOf(code)}`)}
          caption={(o) => (o.follower ? t("replies.test.captionScan") : t("replies.test.captionScanFollow"))}
          onClose={() => setTesting(false)}
        />
      )}
    </Card>
  );
}

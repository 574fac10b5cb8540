"use client";
import { useCallback, useRef, useState } from "react";
import { Button, Field, TextInput } from "@/components/ui";
import { errorMessage } from "@/lib/client/errors";
import { useT } from "@/lib/i18n/client";
import type { Translate } from "@/lib/i18n/locale";
import type { DeliveryFacts } from "@/lib/scans/test-delivery";
import type { TestOptions } from "./data";
import { TEST_OPENID_MAX_CHARS } from "@/lib/limits";
import { Dialog } from "./dialog";
import { PhonePreview } from "./phone-preview";
import { ReplyImagesSource } from "./image-library";
import { type FollowUpFacts, useFollowUpProgress } from "./follow-up-progress";
import { deliveredReply } from "./reply-draft";
import { useAccounts } from "@/lib/client/accounts";
import { newOpenid, unfollow } from "@/components/sandbox/data";

const lastFinished = new Map<string, number>();

/**
 * WeChat's CreateTime is in whole seconds, and a second push of the same fan, event and scene in
 * the same second is a retry by WeChat's rules: answered with the first reply. So a test repeated
 * right after editing would show the old reply; the same test starts at least a second after the last.
 */
export async function spacedTest<T>(key: string, run: () => Promise<T>): Promise<T> {
  const wait = (lastFinished.get(key) ?? 0) + 1000 - Date.now();
  if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
  try {
    return await run();
  } finally {
    lastFinished.set(key, Date.now());
  }
}

/** Why a simulated delivery left the fan without a usable reply, or null when it went through. */
function deliveryProblem(result: DeliveryFacts, t: Translate): string | null {
  if (result.status === 0) return t("replies.delivery.noAnswer", { attempts: result.attempts });
  if (result.status >= 400) return t("replies.delivery.httpError", { status: result.status, attempts: result.attempts });
  if (result.reply === "" && result.status >= 200 && result.status < 300) return t("replies.delivery.unreadable");
  return null;
}

/**
 * Runs a simulated WeChat delivery (scan or follow) against our own webhook and shows the exact,
 * decrypted reply in the phone, with the delivery facts. Runs only when asked, as a chosen or a
 * freshly generated openid; the person can also be made to unfollow. On a sandbox account the
 * sandbox knows who follows, so there is no "new or existing follower" choice: it picks the event.
 */
export function TestRunDialog({
  title,
  accountId,
  accountName,
  defaultOpenid,
  followerChoice,
  run,
  eventLabel,
  caption: captionFor,
  explain,
  onClose,
}: {
  title: string;
  /** The account tested: whether it is the sandbox's, and whom an unfollow concerns. */
  accountId: number;
  accountName: string;
  /** The generated openids' prefix, e.g. "o_test_scanner". */
  defaultOpenid: string;
  /** Scans: the fan may be new (subscribe) or already follow (SCAN). Plain follows are always new. */
  followerChoice: boolean;
  /** A scan's answer also tells the follow-up messages after the reply, followed here until each is sent or failed. */
  run: (options: TestOptions) => Promise<DeliveryFacts & FollowUpFacts & { event?: "subscribe" | "SCAN" }>;
  /** What WeChat pushed, e.g. "subscribe · EventKey qrscene_riddle_1". */
  eventLabel: (options: TestOptions) => string;
  /** The grey line in the phone, in the fan's words, e.g. "You scanned and followed". */
  caption: (options: TestOptions) => string;
  /** Which reply the fan got and why, when it arrived. */
  explain?: (options: TestOptions) => string;
  onClose: () => void;
}) {
  const t = useT();
  const [follower, setFollower] = useState(false);
  const [openid, setOpenid] = useState(() => newOpenid(defaultOpenid));
  const sandbox = useAccounts().data?.items.find((a) => a.id === accountId)?.sandbox ?? false;
  const [unfollowed, setUnfollowed] = useState<{ openid: string; error?: Error } | null>(null);
  const [running, setRunning] = useState(false);
  const [outcome, setOutcome] = useState<{
    options: TestOptions;
    result?: DeliveryFacts & FollowUpFacts;
    error?: Error;
  } | null>(null);
  const openidError =
    openid.trim() === ""
      ? t("replies.v.required")
      : [...openid.trim()].length > TEST_OPENID_MAX_CHARS
        ? t("replies.v.tooLong", { max: TEST_OPENID_MAX_CHARS })
        : undefined;
  const runRef = useRef(run);
  runRef.current = run;

  const start = useCallback(async (options: TestOptions) => {
    setRunning(true);
    setUnfollowed(null);
    try {
      const result = await runRef.current(options);
      // What was pushed, when the server chose it (the sandbox knows who follows).
      const pushed = result.event ? { ...options, follower: result.event === "SCAN" } : options;
      setOutcome({ options: pushed, result });
    } catch (error) {
      setOutcome({ options, error: error as Error });
    } finally {
      setRunning(false);
    }
  }, []);

  function submit(event: React.FormEvent) {
    event.preventDefault();
    if (openidError) return;
    void start({ follower: sandbox ? false : follower, openid: openid.trim() });
  }

  async function makeUnfollow() {
    if (openidError) return;
    const who = openid.trim();
    setRunning(true);
    try {
      await spacedTest(`unfollow|${accountId}|${who}`, () => unfollow(accountId, who));
      setOutcome(null);
      setUnfollowed({ openid: who });
    } catch (error) {
      setUnfollowed({ openid: who, error: error as Error });
    } finally {
      setRunning(false);
    }
  }

  const result = outcome?.result;
  const problem = result ? deliveryProblem(result, t) : null;
  const reply = result ? deliveredReply(result.reply) : null;
  const eventText = outcome ? eventLabel(outcome.options) : undefined;
  const followUps = useFollowUpProgress(running || problem ? undefined : result);

  return (
    <Dialog title={title} onClose={onClose} testId="test-run">
      <div className="flex flex-wrap items-start gap-6">
        <div className="min-w-[300px] flex-1 space-y-4">
          <form onSubmit={submit} className="space-y-3" noValidate>
            {followerChoice && sandbox && <p className="text-sm text-slate-600">{t("sandbox.test.knows")}</p>}
            {followerChoice && !sandbox && (
              <fieldset>
                <legend className="mb-1 text-sm font-medium text-slate-700">{t("replies.test.who")}</legend>
                <div className="flex flex-col gap-1.5 text-sm">
                  <label className="flex items-start gap-2">
                    <input
                      type="radio"
                      name="follower"
                      checked={!follower}
                      onChange={() => setFollower(false)}
                      className="mt-0.5 accent-emerald-600"
                    />
                    <span>
                      {t("replies.test.newFollower")}
                      <span className="block text-xs text-slate-500">{t("replies.test.newFollowerHint")}</span>
                    </span>
                  </label>
                  <label className="flex items-start gap-2">
                    <input
                      type="radio"
                      name="follower"
                      checked={follower}
                      onChange={() => setFollower(true)}
                      className="mt-0.5 accent-emerald-600"
                      data-testid="test-existing-follower"
                    />
                    <span>
                      {t("replies.test.existingFollower")}
                      <span className="block text-xs text-slate-500">{t("replies.test.existingFollowerHint")}</span>
                    </span>
                  </label>
                </div>
              </fieldset>
            )}
            <Field id="test-openid" label={t("replies.test.openid")} error={openidError} hint={t("replies.test.openidHint")}>
              <div className="flex gap-2">
                <TextInput
                  id="test-openid"
                  value={openid}
                  onChange={(e) => setOpenid(e.target.value)}
                  className="min-w-0 flex-1 font-mono"
                  aria-invalid={!!openidError}
                  aria-describedby={openidError ? "test-openid-error" : undefined}
                />
                <Button
                  type="button"
                  variant="secondary"
                  onClick={() => setOpenid(newOpenid(defaultOpenid))}
                  data-testid="test-new-openid"
                >
                  {t("sandbox.test.newOpenid")}
                </Button>
              </div>
            </Field>
            <div className="flex flex-wrap gap-2">
              <Button type="submit" disabled={running || !!openidError} data-testid="test-run-again">
                {running ? t("replies.test.running") : outcome ? t("replies.test.again") : t("replies.test.run")}
              </Button>
              <Button
                type="button"
                variant="secondary"
                disabled={running || !!openidError}
                onClick={makeUnfollow}
                data-testid="test-unfollow"
              >
                {t("sandbox.test.unfollow")}
              </Button>
            </div>
          </form>

          <div aria-live="polite" className="space-y-3">
            {running && (
              <p className="text-sm text-slate-500" role="status">
                {t("replies.test.runningHint")}
              </p>
            )}
            {!running && !outcome && !unfollowed && <p className="text-sm text-slate-500">{t("sandbox.test.notRun")}</p>}
            {!running && unfollowed && (
              <p
                className={`rounded-md border px-3 py-2 text-sm ${unfollowed.error ? "border-rose-200 bg-rose-50 text-rose-800" : "border-emerald-200 bg-emerald-50 text-emerald-900"}`}
                role={unfollowed.error ? "alert" : undefined}
                data-testid="test-unfollowed"
              >
                {unfollowed.error ? errorMessage(t, "sandbox", unfollowed.error) : t("sandbox.test.unfollowed")}
              </p>
            )}
            {!running && outcome?.error && (
              <div
                className="rounded-md border border-rose-200 bg-rose-50 px-3 py-2 text-sm text-rose-800"
                role="alert"
                data-testid="test-error"
              >
                {errorMessage(t, "sandbox", outcome.error)}
              </div>
            )}
            {!running && result && (
              <>
                {problem ? (
                  <div
                    className="rounded-md border border-rose-200 bg-rose-50 px-3 py-2 text-sm text-rose-800"
                    role="alert"
                    data-testid="test-problem"
                  >
                    {problem}
                    {result.error && <span className="mt-1 block font-mono text-xs">{result.error}</span>}
                  </div>
                ) : (
                  <p
                    className="rounded-md border border-emerald-200 bg-emerald-50 px-3 py-2 text-sm text-emerald-900"
                    data-testid="test-outcome"
                  >
                    {reply ? t("replies.test.delivered") : t("replies.test.silent")}
                    {reply && explain && <span className="mt-0.5 block text-emerald-800/80">{explain(outcome!.options)}</span>}
                  </p>
                )}
                <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm" data-testid="test-facts">
                  <dt className="text-slate-500">{t("replies.test.event")}</dt>
                  <dd className="font-mono text-xs leading-5 break-all">{eventText}</dd>
                  <dt className="text-slate-500">{t("replies.test.httpStatus")}</dt>
                  <dd data-testid="test-status">{result.status === 0 ? t("replies.test.noStatus") : result.status}</dd>
                  <dt className="text-slate-500">{t("replies.test.attempts")}</dt>
                  <dd data-testid="test-attempts">{t("replies.test.attemptsOf", { n: result.attempts, max: 3 })}</dd>
                  <dt className="text-slate-500">{t("replies.test.msgType")}</dt>
                  <dd className="font-mono text-xs leading-5">
                    {typeof result.reply === "object" ? result.reply.MsgType : result.reply || "—"}
                  </dd>
                  <dt className="text-slate-500">{t("replies.test.openid")}</dt>
                  <dd className="font-mono text-xs leading-5 break-all">{outcome!.options.openid}</dd>
                </dl>
                <p className="text-xs text-slate-500">{t("replies.test.recorded")}</p>
              </>
            )}
          </div>
        </div>
        <ReplyImagesSource accountId={accountId}>
          <PhonePreview
            accountName={accountName}
            reply={running ? null : reply}
            followUps={followUps}
            busy={running}
            caption={
              outcome
                ? captionFor(outcome.options)
                : unfollowed && !unfollowed.error
                  ? t("sandbox.test.captionUnfollow")
                  : undefined
            }
            emptyText={
              running
                ? t("replies.test.running")
                : outcome?.error || problem
                  ? t("replies.preview.failed")
                  : t("replies.preview.nothing")
            }
            testId="test-phone"
          />
        </ReplyImagesSource>
      </div>
    </Dialog>
  );
}

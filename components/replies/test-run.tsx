"use client";
import { useCallback, useEffect, useRef, useState } from "react";
import { Button, Field, TextInput } from "@/components/ui";
import { errorMessage } from "@/lib/client/errors";
import { useT } from "@/lib/i18n/client";
import type { Translate } from "@/lib/i18n/locale";
import type { DeliveryFacts } from "@/lib/scans/test-delivery";
import type { TestOptions } from "./data";
import { TEST_OPENID_MAX_CHARS } from "@/lib/limits";
import { Dialog } from "./dialog";
import { PhonePreview } from "./phone-preview";
import { type FollowUpFacts, useFollowUpProgress } from "./follow-up-progress";
import { deliveredReply } from "./reply-draft";

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
 * decrypted reply in the phone, with the delivery facts. Runs once on open; options can change.
 */
export function TestRunDialog({
  title,
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
  accountName: string;
  defaultOpenid: string;
  /** Scans: the fan may be new (subscribe) or already follow (SCAN). Plain follows are always new. */
  followerChoice: boolean;
  /** A scan's answer also tells the follow-up messages after the reply, followed here until each is sent or failed. */
  run: (options: TestOptions) => Promise<DeliveryFacts & FollowUpFacts>;
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
  const [openid, setOpenid] = useState(defaultOpenid);
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
    try {
      setOutcome({ options, result: await runRef.current(options) });
    } catch (error) {
      setOutcome({ options, error: error as Error });
    } finally {
      setRunning(false);
    }
  }, []);

  const started = useRef(false);
  useEffect(() => {
    if (started.current) return;
    started.current = true;
    void start({ follower: false, openid: defaultOpenid });
  }, [start, defaultOpenid]);

  function submit(event: React.FormEvent) {
    event.preventDefault();
    if (openidError) return;
    void start({ follower, openid: openid.trim() });
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
            {followerChoice && (
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
              <TextInput
                id="test-openid"
                value={openid}
                onChange={(e) => setOpenid(e.target.value)}
                className="font-mono"
                aria-invalid={!!openidError}
                aria-describedby={openidError ? "test-openid-error" : undefined}
              />
            </Field>
            <Button type="submit" disabled={running || !!openidError} data-testid="test-run-again">
              {running ? t("replies.test.running") : outcome ? t("replies.test.again") : t("replies.test.run")}
            </Button>
          </form>

          <div aria-live="polite" className="space-y-3">
            {running && (
              <p className="text-sm text-slate-500" role="status">
                {t("replies.test.runningHint")}
              </p>
            )}
            {!running && outcome?.error && (
              <div
                className="rounded-md border border-rose-200 bg-rose-50 px-3 py-2 text-sm text-rose-800"
                role="alert"
                data-testid="test-error"
              >
                {errorMessage(t, "replies", outcome.error)}
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
        <PhonePreview
          accountName={accountName}
          reply={running ? null : reply}
          followUps={followUps}
          busy={running}
          caption={outcome ? captionFor(outcome.options) : undefined}
          emptyText={
            running
              ? t("replies.test.running")
              : outcome?.error || problem
                ? t("replies.preview.failed")
                : t("replies.preview.nothing")
          }
          testId="test-phone"
        />
      </div>
    </Dialog>
  );
}

"use client";
import { useState } from "react";
import { Badge, Button, Card, EmptyState, ErrorState, Loading, PageHeader, Select } from "@/components/ui";
import { useFormatDate } from "@/components/admin/format";
import { sendJson, useApi } from "@/lib/client/api";
import { errorMessage } from "@/lib/client/errors";
import { useCan } from "@/lib/client/session";
import { useT } from "@/lib/i18n/client";
import { errcodeKey } from "@/lib/i18n/messages/wechat-errors";
import type { JobCounts, JobRow, JobView } from "@/lib/db/jobs";
import { QUEUE_NAMES, type QueueName } from "@/lib/jobs/queues";

const VIEWS: JobView[] = ["pending", "failed", "done"];
const STATE_TONE = {
  created: "slate",
  retry: "amber",
  active: "blue",
  completed: "green",
  cancelled: "slate",
  failed: "rose",
} as const;

/** What a job is about, as its queue keeps it: `subject` when the job has one, else its data in short. */
function subjectOf(job: JobRow): string {
  const subject = job.data.subject;
  return typeof subject === "string" ? subject : JSON.stringify(job.data).slice(0, 160);
}

/** /jobs: the follow-up work of scans, per view (pending, failed, done) and queue; retry a failed job, cancel a pending one. */
export function JobsAdmin() {
  const t = useT();
  const formatDate = useFormatDate();
  const [view, setView] = useState<JobView>("failed");
  const [queue, setQueue] = useState<QueueName | "">("");
  const path = `/api/jobs?view=${view}${queue ? `&queue=${queue}` : ""}`;
  const list = useApi<{ items: JobRow[]; counts: JobCounts }>(path, { refreshInterval: 5_000 });
  const [notice, setNotice] = useState<{ tone: "ok" | "error"; text: string } | null>(null);
  const canWrite = useCan("jobs:write");
  // A known errcode in the page's language, WeChat's own errmsg after it; anything else as the worker said it.
  const failureWords = ({ errcode, errmsg, message }: NonNullable<JobRow["failure"]>) => {
    const key = errcodeKey(errcode);
    return key ? `${t(key)}${errmsg ? ` · ${errmsg}` : ""}` : message;
  };

  const act = async (job: JobRow, action: "retry" | "cancel") => {
    let outcome: { tone: "ok" | "error"; text: string };
    try {
      await sendJson(`/api/jobs/${job.id}/${action}`, "POST");
      outcome = { tone: "ok", text: t(action === "retry" ? "jobs.retried" : "jobs.cancelled") };
    } catch (error) {
      outcome = { tone: "error", text: errorMessage(t, "jobs", error) };
    }
    await list.mutate();
    setNotice(outcome);
  };

  const counts = list.data?.counts;
  const total = (v: JobView) => (counts ? QUEUE_NAMES.reduce((n, q) => n + counts[q][v], 0) : 0);
  const items = list.data?.items ?? [];

  return (
    <div>
      <PageHeader
        title={t("jobs.title")}
        description={t("jobs.description")}
        actions={
          <Button variant="secondary" onClick={() => list.mutate()}>
            {t("jobs.refresh")}
          </Button>
        }
      />
      <div className="mb-4 flex flex-wrap items-center gap-2">
        <div className="flex flex-wrap gap-1" role="tablist">
          {VIEWS.map((v) => (
            <Button
              key={v}
              role="tab"
              aria-selected={view === v}
              variant={view === v ? "primary" : "secondary"}
              onClick={() => {
                setNotice(null);
                setView(v);
              }}
              data-testid={`jobs-view-${v}`}
            >
              {t(`jobs.view.${v}`)} <span data-testid={`jobs-count-${v}`}>{total(v)}</span>
            </Button>
          ))}
        </div>
        <Select
          aria-label={t("jobs.col.queue")}
          value={queue}
          onChange={(e) => setQueue(e.target.value as QueueName | "")}
          data-testid="jobs-queue"
        >
          <option value="">{t("jobs.queue.all")}</option>
          {QUEUE_NAMES.map((q) => (
            <option key={q} value={q}>
              {t(`jobs.queue.${q}`)}
            </option>
          ))}
        </Select>
      </div>
      {notice && (
        <p
          role={notice.tone === "ok" ? "status" : "alert"}
          data-testid="jobs-notice"
          className={`mb-4 rounded-md border px-4 py-3 text-sm ${notice.tone === "ok" ? "border-emerald-200 bg-emerald-50 text-emerald-900" : "border-rose-200 bg-rose-50 text-rose-800"}`}
        >
          {notice.text}
        </p>
      )}
      {list.error && !list.data ? (
        <ErrorState error={list.error} onRetry={() => list.mutate()} />
      ) : !list.data ? (
        <Loading />
      ) : items.length === 0 ? (
        <EmptyState title={t(`jobs.empty.${view}`)} hint={t("jobs.emptyHint")} />
      ) : (
        <Card className="relative overflow-x-auto p-0">
          <table className="min-w-full text-sm" data-testid="jobs-table">
            <thead className="bg-slate-50 text-left text-xs uppercase text-slate-500">
              <tr>
                {(["queue", "state", "subject", "attempts", "when", "actions"] as const).map((c) => (
                  <th key={c} className="px-4 py-2 font-medium">
                    {t(`jobs.col.${c}`)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {items.map((job) => (
                <tr key={job.id} data-testid="job-row" data-id={job.id} data-state={job.state}>
                  <td className="px-4 py-3 align-top whitespace-nowrap">{t(`jobs.queue.${job.queue}`)}</td>
                  <td className="px-4 py-3 align-top">
                    <Badge tone={STATE_TONE[job.state]}>{t(`jobs.state.${job.state}`)}</Badge>
                  </td>
                  <td className="min-w-64 px-4 py-3 align-top">
                    <span className="break-all text-slate-800">{subjectOf(job)}</span>
                    {job.failure && (
                      <p className="mt-1 text-xs text-rose-700" data-testid="job-failure">
                        {job.failure.errcode !== undefined && job.failure.errcode !== 0 && (
                          <span className="mr-1 font-medium">{t("jobs.failure.errcode", { errcode: job.failure.errcode })}</span>
                        )}
                        {failureWords(job.failure)}
                        {job.failure.permanent && <span className="ml-1 text-rose-500">({t("jobs.failure.permanent")})</span>}
                      </p>
                    )}
                  </td>
                  <td className="px-4 py-3 align-top whitespace-nowrap tabular-nums">
                    {job.attempts} / {job.maxAttempts}
                  </td>
                  <td className="px-4 py-3 align-top whitespace-nowrap text-slate-600">
                    {formatDate(job.completedAt ?? job.createdAt)}
                    {job.state === "retry" && (
                      <p className="text-xs text-amber-700">{t("jobs.nextTry", { when: formatDate(job.startAfter) })}</p>
                    )}
                  </td>
                  <td className="px-4 py-3 align-top whitespace-nowrap">
                    {canWrite && job.state === "failed" && (
                      <Button variant="secondary" onClick={() => act(job, "retry")} data-testid="job-retry">
                        {t("jobs.retry")}
                      </Button>
                    )}
                    {canWrite && (job.state === "created" || job.state === "retry") && (
                      <Button variant="ghost" onClick={() => act(job, "cancel")} data-testid="job-cancel">
                        {t("jobs.cancel")}
                      </Button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </Card>
      )}
    </div>
  );
}

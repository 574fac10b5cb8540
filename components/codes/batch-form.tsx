"use client";
import Link from "next/link";
import { useEffect, useMemo, useRef, useState } from "react";
import { Badge, Button, Card, Field, ProgressBar, TextArea } from "@/components/ui";
import { errorMessage } from "@/lib/client/errors";
import { useT } from "@/lib/i18n/client";
import { ARCHIVE_LIMITS, BATCH_FILE_MAX_BYTES } from "@/lib/limits";
import { parseBatch, type BatchRow } from "./batch-parse";
import { createQrCode, findTakenScenes, useAccounts } from "./data";
import { DEFAULT_VALIDITY, sceneOf, validityToInput, type QrCode } from "./format";
import { CreateTabs, EMPTY_SHARED, SharedFields, sharedBody, type SharedErrors, type SharedValues } from "./shared-fields";
import { BulkActions } from "./selection-bar";
import { validateCreate } from "./validation";

type RowResult = { status: "waiting" | "running" | "ok" | "error" | "skipped"; code?: QrCode; error?: string };
/** The scenes of codes the account already has, as last checked for one list of the batch's scenes. */
type SceneCheck = { key: string; taken: Map<string, number> } | { key: string; failed: true };
const SCENE_CHECK_DELAY_MS = 300;
const SHARED_FIELDS = ["expireSeconds", "campaign", "reply", "accountId", "kind"] as const;

function rowBody(row: BatchRow, shared: SharedValues) {
  return {
    name: row.name,
    channel: row.channel,
    ...(row.sceneStr ? { sceneStr: row.sceneStr } : {}),
    ...sharedBody(shared),
    ...validityToInput(shared.validity),
  };
}

/** Excel in China saves CSV as GB18030; anything that is not valid UTF-8 is read as that. */
async function readText(file: File): Promise<string> {
  const bytes = await file.arrayBuffer();
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder("gb18030").decode(bytes);
  }
}

/** Many codes at once, one per channel, created one by one so each row reports its own result. */
export function BatchForm() {
  const t = useT();
  const [text, setText] = useState("");
  const [shared, setShared] = useState<SharedValues>(EMPTY_SHARED(DEFAULT_VALIDITY));
  const [touched, setTouched] = useState<Set<string>>(new Set());
  const [submitted, setSubmitted] = useState(false);
  const [phase, setPhase] = useState<"edit" | "running" | "done">("edit");
  const [results, setResults] = useState<RowResult[]>([]);
  const [fileError, setFileError] = useState<string | null>(null);
  const cancelled = useRef(false);

  const parsed = useMemo(() => parseBatch(text), [text]);
  const { data: accounts } = useAccounts();
  const accountId = shared.accountId ? Number(shared.accountId) : accounts?.items[0]?.id;
  const sceneStrs = useMemo(() => [...new Set(parsed.rows.flatMap((row) => row.sceneStr ?? []))].sort(), [parsed]);
  const sceneKey = `${accountId}|${JSON.stringify(sceneStrs)}`;
  const [sceneCheck, setSceneCheck] = useState<SceneCheck | null>(null);
  const checkingScenes = sceneStrs.length > 0 && accountId !== undefined && sceneCheck?.key !== sceneKey;
  useEffect(() => {
    if (sceneStrs.length === 0 || accountId === undefined) return;
    const timer = setTimeout(() => {
      findTakenScenes(accountId, sceneStrs).then(
        ({ taken }) => setSceneCheck({ key: sceneKey, taken: new Map(taken.map((t) => [t.sceneStr, t.codeId])) }),
        () => setSceneCheck({ key: sceneKey, failed: true }),
      );
    }, SCENE_CHECK_DELAY_MS);
    return () => clearTimeout(timer);
  }, [accountId, sceneStrs, sceneKey]);
  const takenScenes = sceneCheck?.key === sceneKey && "taken" in sceneCheck ? sceneCheck.taken : null;

  const checks = useMemo(
    () =>
      parsed.rows.map((row, index) => {
        const check = validateCreate(rowBody(row, shared), t);
        const errors = check.ok ? {} : check.errors;
        const takenBy = row.sceneStr ? takenScenes?.get(row.sceneStr) : undefined;
        const rowError =
          Object.entries(errors).find(([field]) => !(SHARED_FIELDS as readonly string[]).includes(field))?.[1] ??
          (parsed.duplicates.has(index) ? t("codes.batch.duplicate") : undefined) ??
          (takenBy !== undefined ? t("codes.batch.sceneTaken", { id: takenBy }) : undefined);
        return { row, body: check.ok ? check.value : null, errors, rowError, takenBy };
      }),
    [parsed, shared, t, takenScenes],
  );
  // Shared-field problems are the same on every row: show them once, next to the field.
  const sharedCheck = useMemo(() => validateCreate(rowBody({ line: 0, channel: "x", name: "x" }, shared), t), [shared, t]);
  const sharedErrors: SharedErrors = {};
  if (!sharedCheck.ok)
    for (const field of ["expireSeconds", "campaign", "reply"] as const)
      if (submitted || touched.has(field)) sharedErrors[field] = sharedCheck.errors[field];

  const invalidRows = checks.filter((c) => c.rowError).length;
  const validRows = checks.length - invalidRows;
  const listError =
    parsed.rows.length === 0
      ? submitted
        ? t("codes.batch.noRows")
        : undefined
      : parsed.rows.length > ARCHIVE_LIMITS.maxCodes
        ? t("codes.batch.tooMany", { max: ARCHIVE_LIMITS.maxCodes })
        : submitted && validRows === 0
          ? t("codes.batch.noValidRows")
          : undefined;

  async function run(indexes: number[]) {
    cancelled.current = false;
    setPhase("running");
    setResults((current) => {
      const next = parsed.rows.map((_, i) => current[i] ?? ({ status: "skipped", error: checks[i].rowError } as RowResult));
      for (const i of indexes) next[i] = { status: "waiting" };
      return next;
    });
    for (const i of indexes) {
      if (cancelled.current) break;
      const body = checks[i].body;
      if (!body) continue;
      setResults((r) => r.map((x, j) => (j === i ? { status: "running" } : x)));
      let result: RowResult;
      try {
        result = { status: "ok", code: await createQrCode(body) };
      } catch (e) {
        result = { status: "error", error: errorMessage(t, "codes", e) };
      }
      setResults((r) => r.map((x, j) => (j === i ? result : x)));
    }
    setPhase("done");
  }

  function start(event: React.FormEvent) {
    event.preventDefault();
    setSubmitted(true);
    if (validRows === 0 || parsed.rows.length > ARCHIVE_LIMITS.maxCodes || checkingScenes || !sharedCheck.ok) return;
    // Rows with a problem are skipped, each with its reason; the button counted only the others.
    void run(checks.flatMap((check, i) => (check.rowError ? [] : [i])));
  }

  async function importFile(file: File | undefined) {
    setFileError(null);
    if (!file) return;
    if (file.size > BATCH_FILE_MAX_BYTES) return setFileError(t("codes.batch.fileTooLarge"));
    setText(await readText(file));
  }

  const locked = phase !== "edit";
  const finished = results.filter((r) => r.status === "ok" || r.status === "error").length;
  const target = results.filter((r) => r.status !== "skipped").length;
  const created = results.flatMap((r) => (r.status === "ok" && r.code ? [r.code.id] : []));
  const failed = results.flatMap((r, i) => (r.status === "error" || r.status === "waiting" ? [i] : []));

  return (
    <div>
      <CreateTabs />
      <form onSubmit={start} noValidate data-testid="batch-form">
        <div className="grid gap-5 lg:grid-cols-3">
          <Card className="lg:col-span-2" title={t("codes.batch.listTitle")}>
            <Field id="channels" label={t("codes.batch.listLabel")} error={listError} hint={t("codes.batch.listHint")}>
              <TextArea
                id="channels"
                rows={8}
                value={text}
                readOnly={locked}
                onChange={(e) => setText(e.target.value)}
                placeholder={t("codes.batch.placeholder")}
                aria-invalid={Boolean(listError)}
                aria-describedby={listError ? "channels-error" : undefined}
                className="font-mono"
                spellCheck={false}
              />
            </Field>
            <div className="mt-2 flex flex-wrap items-center gap-3 text-sm">
              <label
                className={`inline-flex cursor-pointer items-center rounded-md border border-slate-300 bg-white px-3 py-1.5 font-medium text-slate-800 hover:bg-slate-50 focus-within:ring-2 focus-within:ring-emerald-500 ${locked ? "pointer-events-none opacity-50" : ""}`}
              >
                {t("codes.batch.importCsv")}
                <input
                  type="file"
                  accept=".csv,.txt,text/csv,text/plain"
                  className="sr-only"
                  disabled={locked}
                  onChange={(e) => void importFile(e.target.files?.[0])}
                  data-testid="csv-file"
                />
              </label>
              <span className="text-slate-500">
                {parsed.rows.length > 0 &&
                  t(parsed.format === "table" ? "codes.batch.parsedTable" : "codes.batch.parsedLines", { n: parsed.rows.length })}
              </span>
              {fileError && (
                <span className="text-rose-600" role="alert">
                  {fileError}
                </span>
              )}
            </div>
          </Card>

          <Card title={t("codes.batch.settingsTitle")}>
            <div className="space-y-4">
              <SharedFields
                values={shared}
                onChange={(patch) => !locked && setShared((s) => ({ ...s, ...patch }))}
                errors={sharedErrors}
                onBlur={(field) => setTouched((s) => new Set(s).add(field))}
              />
              <p className="text-xs text-slate-500">{t("codes.batch.sceneHint")}</p>
              {phase === "edit" && (
                <>
                  <Button type="submit" className="w-full" data-testid="start-batch" disabled={checkingScenes}>
                    {checkingScenes ? t("codes.batch.checkingScenes") : t("codes.batch.submit", { n: validRows })}
                  </Button>
                  {invalidRows > 0 && validRows > 0 && (
                    <p className="text-xs text-amber-700" data-testid="batch-skipping">
                      {t("codes.batch.skipping", { n: invalidRows })}
                    </p>
                  )}
                  {sceneCheck?.key === sceneKey && "failed" in sceneCheck && (
                    <p className="text-xs text-amber-700" role="alert">
                      {t("codes.batch.sceneCheckFailed")}
                    </p>
                  )}
                </>
              )}
            </div>
          </Card>
        </div>
      </form>

      {phase !== "edit" && (
        <Card className="mt-5" title={phase === "running" ? t("codes.batch.running") : t("codes.batch.done")}>
          <div className="space-y-3" data-testid="batch-progress">
            <ProgressBar done={finished} total={target} label={t("codes.batch.progress")} />
            {phase === "running" ? (
              <Button type="button" variant="secondary" onClick={() => (cancelled.current = true)}>
                {t("codes.batch.stop")}
              </Button>
            ) : (
              <div className="space-y-3">
                <p className="text-sm text-slate-700" data-testid="batch-summary">
                  {t("codes.batch.summary", { ok: created.length, failed: failed.length })}
                </p>
                {created.length > 0 && (
                  <div className="rounded-md border border-emerald-200 bg-emerald-50 px-3 py-2">
                    <BulkActions ids={created} label={t("codes.batch.bulkLabel", { n: created.length })} />
                  </div>
                )}
                <div className="flex flex-wrap gap-2">
                  {failed.length > 0 && (
                    <Button type="button" onClick={() => void run(failed)}>
                      {t("codes.batch.retry", { n: failed.length })}
                    </Button>
                  )}
                  <Button
                    type="button"
                    variant="secondary"
                    onClick={() => {
                      setText("");
                      setResults([]);
                      setSubmitted(false);
                      setPhase("edit");
                    }}
                  >
                    {t("codes.batch.again")}
                  </Button>
                  <Link
                    href="/codes"
                    className="inline-flex items-center rounded-md px-3 py-1.5 text-sm font-medium text-emerald-700 hover:bg-emerald-50"
                  >
                    {t("codes.batch.toList")}
                  </Link>
                </div>
              </div>
            )}
          </div>
        </Card>
      )}

      {parsed.rows.length > 0 && (
        <Card
          className="mt-5"
          title={t(phase === "edit" ? "codes.batch.rowsTitle" : "codes.batch.resultsTitle", { n: parsed.rows.length })}
        >
          <div className="max-h-[28rem] overflow-auto">
            <table className="min-w-full text-sm" data-testid="batch-rows">
              <thead className="sticky top-0 bg-white text-left text-xs uppercase tracking-wide text-slate-500">
                <tr>
                  <th className="px-2 py-1.5">{t("codes.batch.line")}</th>
                  <th className="px-2 py-1.5">{t("codes.col.channel")}</th>
                  <th className="px-2 py-1.5">{t("codes.col.name")}</th>
                  <th className="px-2 py-1.5">{t("codes.col.scene")}</th>
                  <th className="px-2 py-1.5">{t("codes.batch.result")}</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {checks.map(({ row, rowError, takenBy }, i) => {
                  const result = results[i];
                  return (
                    <tr key={row.line} data-testid="batch-row" data-status={result?.status ?? (rowError ? "invalid" : "ready")}>
                      <td className="px-2 py-1.5 text-slate-400">{row.line}</td>
                      <td className="px-2 py-1.5">{row.channel || <span className="text-slate-400">—</span>}</td>
                      <td className="px-2 py-1.5">{row.name}</td>
                      <td className="px-2 py-1.5 font-mono text-xs">
                        {result?.code
                          ? sceneOf(result.code)
                          : (row.sceneStr ?? <span className="text-slate-400">{t("codes.scene.autoShort")}</span>)}
                      </td>
                      <td className="px-2 py-1.5">
                        {result?.status === "ok" && result.code ? (
                          <span className="inline-flex items-center gap-2">
                            <Badge tone="green">{t("codes.batch.ok")}</Badge>
                            <Link
                              href={`/codes/${result.code.id}`}
                              className="text-xs text-emerald-700 hover:underline"
                              target="_blank"
                            >
                              {t("codes.action.preview")}
                            </Link>
                          </span>
                        ) : result?.status === "error" ? (
                          <span className="inline-flex items-center gap-2">
                            <Badge tone="rose">{t("codes.batch.failed")}</Badge>
                            <span className="text-xs text-rose-700">{result.error}</span>
                          </span>
                        ) : result?.status === "skipped" ? (
                          <span className="inline-flex items-center gap-2">
                            <Badge>{t("codes.batch.skipped")}</Badge>
                            <span className="text-xs text-slate-600">{result.error}</span>
                          </span>
                        ) : result?.status === "running" ? (
                          <Badge tone="blue">{t("codes.batch.creating")}</Badge>
                        ) : result?.status === "waiting" ? (
                          <Badge>{t("codes.batch.waiting")}</Badge>
                        ) : rowError ? (
                          <span className="text-xs text-rose-600">
                            {rowError}
                            {takenBy !== undefined && (
                              <>
                                {" "}
                                <Link href={`/codes/${takenBy}`} className="text-emerald-700 hover:underline" target="_blank">
                                  {t("codes.batch.seeTaken")}
                                </Link>
                              </>
                            )}
                          </span>
                        ) : checkingScenes && row.sceneStr ? (
                          <span className="text-xs text-slate-400">{t("codes.batch.checkingScenes")}</span>
                        ) : (
                          <span className="text-xs text-slate-500">{t("codes.batch.ready")}</span>
                        )}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        </Card>
      )}
    </div>
  );
}

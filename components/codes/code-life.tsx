"use client";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button, Card, Field, TextArea, TextInput } from "@/components/ui";
import { errorMessage } from "@/lib/client/errors";
import { useT } from "@/lib/i18n/client";
import { NAME_MAX_CHARS, NOTE_MAX_CHARS } from "@/lib/limits";
import { duplicateQrCode, updateQrCode, type CodeChange } from "./data";
import type { QrCode } from "./format";

/** An instant as <input type="datetime-local"> shows it, in the browser's time zone. */
function toLocalInput(iso: string | null): string {
  if (!iso) return "";
  const date = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}
const fromLocalInput = (value: string) => (value ? new Date(value).toISOString() : null);

type Draft = { name: string; channel: string; campaign: string; note: string; validFrom: string; validTo: string };
const draftOf = (code: QrCode): Draft => ({
  name: code.name,
  channel: code.channel,
  campaign: code.campaign ?? "",
  note: code.note ?? "",
  validFrom: toLocalInput(code.validFrom),
  validTo: toLocalInput(code.validTo),
});

/** Only what the marketer changed goes to the server. */
function changeOf(code: QrCode, draft: Draft): CodeChange {
  const change: CodeChange = {};
  if (draft.name.trim() !== code.name) change.name = draft.name.trim();
  if (draft.channel.trim() !== code.channel) change.channel = draft.channel.trim();
  if ((draft.campaign.trim() || null) !== code.campaign) change.campaign = draft.campaign.trim() || null;
  if ((draft.note.trim() || null) !== code.note) change.note = draft.note.trim() || null;
  if (draft.validFrom !== toLocalInput(code.validFrom)) change.validFrom = fromLocalInput(draft.validFrom);
  if (draft.validTo !== toLocalInput(code.validTo)) change.validTo = fromLocalInput(draft.validTo);
  return change;
}

function EditForm({ code, onSaved, onCancel }: { code: QrCode; onSaved: (code: QrCode) => void; onCancel: () => void }) {
  const t = useT();
  const [draft, setDraft] = useState(() => draftOf(code));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const set = (key: keyof Draft) => (e: React.ChangeEvent<HTMLInputElement | HTMLTextAreaElement>) =>
    setDraft((d) => ({ ...d, [key]: e.target.value }));
  const orderError =
    draft.validFrom && draft.validTo && draft.validFrom >= draft.validTo ? t("codes.life.scheduleOrder") : undefined;
  const missing = !draft.name.trim() || !draft.channel.trim();

  async function save(e: React.FormEvent) {
    e.preventDefault();
    const change = changeOf(code, draft);
    if (Object.keys(change).length === 0) return onCancel();
    setBusy(true);
    setError(null);
    try {
      onSaved(await updateQrCode(code.id, change));
    } catch (err) {
      setError(errorMessage(t, "codes", err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="space-y-3" onSubmit={save} data-testid="edit-form">
      <Field id="edit-name" label={t("codes.field.name")}>
        <TextInput id="edit-name" value={draft.name} onChange={set("name")} maxLength={NAME_MAX_CHARS} required />
      </Field>
      <Field id="edit-channel" label={t("codes.field.channel")}>
        <TextInput id="edit-channel" value={draft.channel} onChange={set("channel")} maxLength={NAME_MAX_CHARS} required />
      </Field>
      <Field id="edit-campaign" label={t("codes.field.campaign")} hint={t("codes.life.campaignHint")}>
        <TextInput id="edit-campaign" value={draft.campaign} onChange={set("campaign")} maxLength={NAME_MAX_CHARS} />
      </Field>
      <Field id="edit-note" label={t("codes.life.note")} hint={t("codes.life.noteHint")}>
        <TextArea id="edit-note" rows={2} value={draft.note} onChange={set("note")} maxLength={NOTE_MAX_CHARS} />
      </Field>
      <fieldset className="space-y-2">
        <legend className="text-sm font-medium text-slate-700">{t("codes.life.schedule")}</legend>
        <div className="grid gap-2 sm:grid-cols-2">
          <Field id="edit-valid-from" label={t("codes.life.validFrom")}>
            <TextInput id="edit-valid-from" type="datetime-local" value={draft.validFrom} onChange={set("validFrom")} />
          </Field>
          <Field id="edit-valid-to" label={t("codes.life.validTo")} error={orderError}>
            <TextInput
              id="edit-valid-to"
              type="datetime-local"
              value={draft.validTo}
              onChange={set("validTo")}
              aria-invalid={Boolean(orderError)}
            />
          </Field>
        </div>
        <p className="text-xs text-slate-500">{t("codes.life.scheduleHint")}</p>
      </fieldset>
      {error && (
        <p className="text-sm text-rose-600" role="alert">
          {error}
        </p>
      )}
      <div className="flex gap-2">
        <Button type="submit" disabled={busy || missing || Boolean(orderError)} data-testid="edit-save">
          {busy ? t("codes.life.saving") : t("codes.life.save")}
        </Button>
        <Button type="button" variant="secondary" onClick={onCancel}>
          {t("codes.life.cancel")}
        </Button>
      </div>
    </form>
  );
}

/** Edit, schedule, archive and duplicate one code (its detail page, for those who may change codes). */
export function CodeLife({ code, onChanged }: { code: QrCode; onChanged: (code: QrCode) => void }) {
  const t = useT();
  const router = useRouter();
  const [editing, setEditing] = useState(false);
  const [busy, setBusy] = useState<"archive" | "duplicate" | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const archived = code.archivedAt !== null;

  async function run(kind: "archive" | "duplicate") {
    setBusy(kind);
    setError(null);
    try {
      if (kind === "archive") onChanged(await updateQrCode(code.id, { archived: !archived }));
      else router.push(`/codes/${(await duplicateQrCode(code.id)).id}?created=1`);
    } catch (err) {
      setError(errorMessage(t, "codes", err));
    } finally {
      setBusy(null);
    }
  }

  return (
    <Card title={t("codes.life.title")}>
      {editing ? (
        <EditForm
          code={code}
          onCancel={() => setEditing(false)}
          onSaved={(fresh) => {
            setEditing(false);
            setSaved(true);
            onChanged(fresh);
          }}
        />
      ) : (
        <div className="space-y-3 text-sm">
          {saved && (
            <p className="text-emerald-700" role="status" data-testid="edit-saved">
              {t("codes.life.saved")}
            </p>
          )}
          <div className="flex flex-wrap gap-2">
            <Button type="button" variant="secondary" onClick={() => setEditing(true)} data-testid="edit-code">
              {t("codes.life.edit")}
            </Button>
            <Button
              type="button"
              variant="secondary"
              disabled={busy !== null}
              onClick={() => run("archive")}
              data-testid="archive-code"
            >
              {archived ? t("codes.life.unarchive") : t("codes.life.archive")}
            </Button>
            <Button
              type="button"
              variant="secondary"
              disabled={busy !== null}
              onClick={() => run("duplicate")}
              data-testid="duplicate-code"
            >
              {busy === "duplicate" ? t("codes.life.duplicating") : t("codes.life.duplicate")}
            </Button>
          </div>
          <p className="text-xs text-slate-500">{t("codes.life.archiveExplain")}</p>
          {code.kind === "permanent" && <p className="text-xs text-amber-700">{t("codes.life.permanentNote")}</p>}
          <p className="text-xs text-slate-500">
            {t("codes.life.duplicateHint")}
            {code.kind === "permanent" ? ` · ${t("codes.life.duplicateQuota")}` : ""}
          </p>
          {error && (
            <p className="text-rose-600" role="alert">
              {error}
            </p>
          )}
        </div>
      )}
    </Card>
  );
}

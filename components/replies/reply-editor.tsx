"use client";
import { useEffect, useRef, useState } from "react";
import { Badge, Button, Field, TextArea, TextInput } from "@/components/ui";
import { useT } from "@/lib/i18n/client";
import { describeError } from "@/lib/client/errors";
import { REPLY_TYPES, type ReplyInput } from "@/lib/validation/qrcodes";
import { REPLY_RULES } from "@/lib/wechat/limits";
import { PhonePreview } from "./phone-preview";
import { ImageLibrary, ReplyImagesSource } from "./image-library";
import { draftFrom, draftToInput, replySummary, validateDraft, type DraftField, type ReplyDraft } from "./reply-draft";

const MAX: Record<DraftField, number> = {
  content: REPLY_RULES.textChars,
  mediaId: REPLY_RULES.mediaIdChars,
  title: REPLY_RULES.newsTitleChars,
  description: REPLY_RULES.newsDescriptionChars,
  picUrl: REPLY_RULES.newsUrlChars,
  url: REPLY_RULES.newsUrlChars,
};

/** The reply the preview shows while typing: whatever is there, valid or not yet. */
function previewOf(draft: ReplyDraft): ReplyInput {
  if (draft.type === "text") return { type: "text", content: draft.content };
  if (draft.type === "image") return { type: "image", mediaId: draft.mediaId.trim() };
  return { type: "news", title: draft.title, description: draft.description, picUrl: draft.picUrl.trim(), url: draft.url.trim() };
}

export function TypeBadge({ type }: { type: ReplyInput["type"] }) {
  const t = useT();
  return <Badge tone={type === "text" ? "slate" : type === "image" ? "amber" : "blue"}>{t(`replies.type.${type}`)}</Badge>;
}

/**
 * Edits one reply (text, image by media_id, or a one-article news) with inline messages from the
 * API's own schema and a live phone preview. Read-only viewers get the preview alone.
 */
export function ReplyEditor({
  id,
  reply,
  accountName,
  canEdit,
  onSave,
  onClear,
  emptyText,
  actions,
  accountId,
}: {
  /** Prefix for the fields' ids; unique on the page. */
  id: string;
  /** The account whose image library an image reply picks from (none: the media_id is typed). */
  accountId?: number;
  reply: ReplyInput | null;
  accountName: string;
  canEdit: boolean;
  onSave: (reply: ReplyInput) => Promise<void>;
  /** Left out where a reply cannot be removed (a keyword rule's): no "clear" button. */
  onClear?: () => Promise<void>;
  /** What the fan gets when there is no reply here, e.g. "the welcome is sent instead". */
  emptyText: string;
  actions?: React.ReactNode;
}) {
  const t = useT();
  const base = JSON.stringify(draftToInput(draftFrom(reply)));
  const saved = reply ? base : "none";
  const [draft, setDraft] = useState<ReplyDraft>(() => draftFrom(reply));
  const [touched, setTouched] = useState<Partial<Record<DraftField, boolean>>>({});
  const [submitted, setSubmitted] = useState(false);
  const [busy, setBusy] = useState<"save" | "clear" | null>(null);
  const [confirmClear, setConfirmClear] = useState(false);
  const [serverError, setServerError] = useState<unknown>(null);
  const [savedAt, setSavedAt] = useState(0);
  const dirty = JSON.stringify(draftToInput(draft)) !== base;

  // Someone else saved (or SWR revalidated): follow the server unless the operator is mid-edit.
  const lastSaved = useRef(saved);
  useEffect(() => {
    if (lastSaved.current === saved) return;
    lastSaved.current = saved;
    if (!dirty || busy) {
      setDraft(draftFrom(reply));
      setTouched({});
      setSubmitted(false);
    }
  }, [saved, reply, dirty, busy]);

  useEffect(() => {
    if (!savedAt) return;
    const timer = setTimeout(() => setSavedAt(0), 4000);
    return () => clearTimeout(timer);
  }, [savedAt]);

  const { reply: valid, errors } = validateDraft(draft);
  const refusal = serverError ? describeError(t, "replies", serverError) : null;
  const fieldError = (field: DraftField): string | undefined => {
    if (refusal?.field === field) return refusal.message;
    const message = errors[field];
    if (!message || !(submitted || touched[field])) return undefined;
    return t(message.key, message.vars);
  };

  function change(field: keyof ReplyDraft, value: string) {
    setDraft((d) => ({ ...d, [field]: value }));
    if (field !== "type") setTouched((s) => ({ ...s, [field]: true }));
    setServerError(null);
    setSavedAt(0);
  }

  /** Runs a save or a clear: busy while it runs, the server's error shown, the form reset when done. */
  async function run(kind: "save" | "clear", action: () => Promise<unknown>) {
    setBusy(kind);
    setServerError(null);
    try {
      await action();
      setTouched({});
      setSubmitted(false);
      setSavedAt(Date.now());
    } catch (error) {
      setServerError(error);
    } finally {
      setBusy(null);
    }
  }

  async function save(event: React.FormEvent) {
    event.preventDefault();
    setSubmitted(true);
    if (valid) await run("save", () => onSave(valid));
  }

  async function clear() {
    await run("clear", async () => {
      await onClear?.();
      setConfirmClear(false);
      setDraft(draftFrom(null));
    });
  }

  function revert() {
    setDraft(draftFrom(reply));
    setTouched({});
    setSubmitted(false);
    setServerError(null);
  }

  const preview = (
    <ReplyImagesSource accountId={accountId}>
      <PhonePreview
        accountName={accountName}
        reply={canEdit ? (reply || dirty ? previewOf(draft) : null) : reply}
        emptyText={emptyText}
      />
    </ReplyImagesSource>
  );

  if (!canEdit)
    return (
      <div className="flex flex-wrap items-start gap-6" data-testid={`${id}-readonly`}>
        <div className="min-w-0 flex-1 space-y-2 text-sm">
          {reply ? (
            <>
              <TypeBadge type={reply.type} />
              <p className="break-words whitespace-pre-wrap text-slate-800">{replySummary(reply)}</p>
            </>
          ) : (
            <p className="text-slate-500">{emptyText}</p>
          )}
          {actions && <div className="flex flex-wrap gap-2 pt-2">{actions}</div>}
        </div>
        {preview}
      </div>
    );

  const counter = (field: DraftField) => `${[...draft[field]].length}/${MAX[field]}`;
  const fieldProps = (field: DraftField) => ({
    id: `${id}-${field}`,
    value: draft[field],
    "aria-invalid": !!fieldError(field),
    "aria-describedby": fieldError(field) ? `${id}-${field}-error` : undefined,
    onChange: (e: React.ChangeEvent<HTMLInputElement | HTMLTextAreaElement>) => change(field, e.target.value),
    onBlur: () => setTouched((s) => ({ ...s, [field]: true })),
  });

  return (
    <div className="flex flex-wrap items-start gap-6">
      <form onSubmit={save} className="min-w-[300px] flex-1 space-y-3" noValidate data-testid={`${id}-form`}>
        <fieldset>
          <legend className="mb-1 text-sm font-medium text-slate-700">{t("replies.field.type")}</legend>
          <div className="inline-flex rounded-md border border-slate-300 bg-slate-50 p-0.5" role="radiogroup">
            {REPLY_TYPES.map((type) => (
              <label
                key={type}
                className={`cursor-pointer rounded px-3 py-1 text-sm has-[:focus-visible]:ring-2 has-[:focus-visible]:ring-emerald-500 ${draft.type === type ? "bg-white font-medium text-emerald-700 shadow-sm" : "text-slate-600"}`}
              >
                <input
                  type="radio"
                  className="sr-only"
                  name={`${id}-type`}
                  value={type}
                  checked={draft.type === type}
                  onChange={() => change("type", type)}
                />
                {t(`replies.type.${type}`)}
              </label>
            ))}
          </div>
        </fieldset>

        {draft.type === "text" && (
          <Field
            id={`${id}-content`}
            label={t("replies.field.content")}
            error={fieldError("content")}
            hint={`${t("replies.hint.content")} · ${counter("content")}`}
          >
            <TextArea {...fieldProps("content")} rows={7} placeholder={t("replies.placeholder.content")} />
          </Field>
        )}
        {draft.type === "image" && !accountId && (
          <Field
            id={`${id}-mediaId`}
            label={t("replies.field.mediaId")}
            error={fieldError("mediaId")}
            hint={t("replies.hint.mediaId")}
          >
            <TextInput {...fieldProps("mediaId")} className="font-mono" placeholder="media_id" />
          </Field>
        )}
        {draft.type === "image" && accountId && (
          <>
            <ImageLibrary
              id={id}
              accountId={accountId}
              selected={draft.mediaId.trim()}
              onPick={(image) => change("mediaId", image.mediaId)}
            />
            {fieldError("mediaId") && (
              <p className="text-xs text-rose-600" role="alert">
                {fieldError("mediaId")}
              </p>
            )}
            <details className="text-sm" data-testid={`${id}-advanced`}>
              <summary className="cursor-pointer text-slate-600">{t("replies.images.advanced")}</summary>
              <div className="mt-2">
                <Field id={`${id}-mediaId`} label={t("replies.field.mediaId")} hint={t("replies.hint.mediaId")}>
                  <TextInput {...fieldProps("mediaId")} className="font-mono" placeholder="media_id" />
                </Field>
              </div>
            </details>
          </>
        )}
        {draft.type === "news" && (
          <>
            <Field id={`${id}-title`} label={t("replies.field.title")} error={fieldError("title")} hint={counter("title")}>
              <TextInput {...fieldProps("title")} />
            </Field>
            <Field
              id={`${id}-description`}
              label={t("replies.field.description")}
              error={fieldError("description")}
              hint={`${t("replies.hint.optional")} · ${counter("description")}`}
            >
              <TextArea {...fieldProps("description")} rows={2} />
            </Field>
            <Field
              id={`${id}-picUrl`}
              label={t("replies.field.picUrl")}
              error={fieldError("picUrl")}
              hint={t("replies.hint.picUrl")}
            >
              <TextInput {...fieldProps("picUrl")} type="url" placeholder="https://" />
            </Field>
            <Field id={`${id}-url`} label={t("replies.field.url")} error={fieldError("url")} hint={t("replies.hint.url")}>
              <TextInput {...fieldProps("url")} type="url" placeholder="https://" />
            </Field>
          </>
        )}

        {refusal && !refusal.field && (
          <p className="text-sm text-rose-600" role="alert">
            {refusal.message}
          </p>
        )}

        <div className="flex flex-wrap items-center gap-2 pt-1">
          <Button type="submit" disabled={busy !== null || !dirty} data-testid={`${id}-save`}>
            {busy === "save" ? t("replies.saving") : t("common.save")}
          </Button>
          {dirty && (
            <Button type="button" variant="ghost" onClick={revert} disabled={busy !== null}>
              {t("replies.revert")}
            </Button>
          )}
          {reply && onClear && !confirmClear && (
            <Button
              type="button"
              variant="secondary"
              onClick={() => setConfirmClear(true)}
              disabled={busy !== null}
              data-testid={`${id}-clear`}
            >
              {t("replies.clear")}
            </Button>
          )}
          {reply && onClear && confirmClear && (
            <span
              className="inline-flex flex-wrap items-center gap-2 rounded-md bg-rose-50 px-2 py-1 text-sm text-rose-800"
              role="group"
              aria-label={t("replies.clear")}
            >
              {t("replies.clearConfirm")}
              <Button
                type="button"
                variant="danger"
                onClick={clear}
                disabled={busy !== null}
                data-testid={`${id}-clear-confirm`}
                autoFocus
              >
                {busy === "clear" ? t("replies.saving") : t("replies.clearYes")}
              </Button>
              <Button type="button" variant="ghost" onClick={() => setConfirmClear(false)} disabled={busy !== null}>
                {t("common.cancel")}
              </Button>
            </span>
          )}
          {savedAt > 0 && !dirty && (
            <span className="text-sm text-emerald-700" role="status" data-testid={`${id}-saved`}>
              ✓ {t("common.saved")}
            </span>
          )}
          {actions && <span className="ml-auto flex flex-wrap gap-2">{actions}</span>}
        </div>
      </form>
      {preview}
    </div>
  );
}

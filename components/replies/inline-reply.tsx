"use client";
import { useEffect, useRef, useState } from "react";
import { useT } from "@/lib/i18n/client";
import { errorMessage } from "@/lib/client/errors";
import type { QrCodeView } from "@/lib/db/qrcodes";
import { setCodeReply } from "./data";
import { validateDraft, draftFrom } from "./reply-draft";

type Status = { kind: "idle" } | { kind: "saving" } | { kind: "saved" } | { kind: "error"; message: string };

/**
 * A code's text reply edited in place, the riddle workflow: type the answer, Enter (or leaving the
 * cell) saves, Esc puts the saved text back. Shift+Enter is a new line. While a save is running,
 * `pending` holds it so a test scan waits for it.
 */
export function InlineTextReply({
  code,
  onSaved,
  pending,
}: {
  code: QrCodeView;
  onSaved: (code: QrCodeView) => void;
  pending: React.RefObject<Promise<unknown> | null>;
}) {
  const t = useT();
  const saved = code.reply?.type === "text" ? code.reply.content : "";
  const [value, setValue] = useState(saved);
  const [status, setStatus] = useState<Status>({ kind: "idle" });
  const focused = useRef(false);
  const cancelling = useRef(false);
  const valueRef = useRef(value);
  valueRef.current = value;
  const savedRef = useRef(saved);
  savedRef.current = saved;

  // Follow the server when the cell is not being edited (another operator, a save in the full editor).
  useEffect(() => {
    if (!focused.current) setValue(saved);
  }, [saved]);

  useEffect(() => {
    if (status.kind !== "saved") return;
    const timer = setTimeout(() => setStatus({ kind: "idle" }), 4000);
    return () => clearTimeout(timer);
  }, [status]);

  function save() {
    const text = valueRef.current;
    if (text === savedRef.current) {
      if (status.kind === "error") setStatus({ kind: "idle" });
      return;
    }
    if (text.trim() === "") {
      // Emptying the cell is not how a reply is removed: that takes the confirmation in "More".
      setStatus(savedRef.current ? { kind: "error", message: t("replies.inline.empty") } : { kind: "idle" });
      return;
    }
    const { reply, errors } = validateDraft({ ...draftFrom(null), content: text });
    if (!reply) {
      const message = errors.content!;
      setStatus({ kind: "error", message: t(message.key, message.vars) });
      return;
    }
    setStatus({ kind: "saving" });
    const request = setCodeReply(code.id, reply).then(
      (updated) => {
        savedRef.current = updated.reply?.type === "text" ? updated.reply.content : "";
        onSaved(updated);
        setStatus({ kind: "saved" });
      },
      (error: Error) => setStatus({ kind: "error", message: errorMessage(t, "replies", error) }),
    );
    pending.current = request;
    void request.finally(() => {
      if (pending.current === request) pending.current = null;
    });
  }

  function onKeyDown(event: React.KeyboardEvent<HTMLTextAreaElement>) {
    // Enter while an IME is composing picks a candidate (Chinese input): never a save.
    if (event.nativeEvent.isComposing || event.keyCode === 229) return;
    if (event.key === "Enter" && !event.shiftKey) {
      event.preventDefault();
      save();
    } else if (event.key === "Escape") {
      event.preventDefault();
      event.stopPropagation();
      cancelling.current = true;
      setValue(savedRef.current);
      valueRef.current = savedRef.current;
      setStatus({ kind: "idle" });
      event.currentTarget.blur();
      cancelling.current = false;
    }
  }

  const id = `reply-${code.id}`;
  const invalid = status.kind === "error";
  return (
    <div className="flex flex-col gap-0.5">
      <div className="flex items-start gap-2">
        <textarea
          id={id}
          data-testid={`inline-reply-${code.id}`}
          aria-label={t("replies.inline.label", { name: code.name })}
          aria-invalid={invalid}
          aria-describedby={`${id}-status`}
          rows={1}
          value={value}
          placeholder={t("replies.inline.placeholder")}
          onChange={(e) => {
            setValue(e.target.value);
            if (status.kind !== "saving") setStatus({ kind: "idle" });
          }}
          onFocus={() => (focused.current = true)}
          onBlur={() => {
            focused.current = false;
            if (!cancelling.current) save();
          }}
          onKeyDown={onKeyDown}
          className="max-h-40 min-h-8 w-full resize-none rounded-md border border-slate-200 bg-white px-2 py-1 text-sm [field-sizing:content] hover:border-slate-400 focus:border-emerald-500 focus:bg-white focus:ring-1 focus:ring-emerald-500 focus:outline-none aria-[invalid=true]:border-rose-500"
        />
        <span id={`${id}-status`} className="w-16 shrink-0 pt-1.5 text-xs" aria-live="polite">
          {status.kind === "saving" && <span className="text-slate-500">{t("replies.saving")}</span>}
          {status.kind === "saved" && (
            <span className="text-emerald-700" data-testid={`inline-saved-${code.id}`}>
              ✓ {t("common.saved")}
            </span>
          )}
        </span>
      </div>
      {status.kind === "error" && (
        <p className="px-2 text-xs text-rose-600" role="alert">
          {status.message}
        </p>
      )}
    </div>
  );
}

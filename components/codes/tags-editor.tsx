"use client";
import { useState } from "react";
import { Button } from "@/components/ui";
import { describeError } from "@/lib/client/errors";
import { useT } from "@/lib/i18n/client";
import type { Translate } from "@/lib/i18n/locale";
import { TAG_RULES } from "@/lib/wechat/limits";
import { tagsSchema } from "@/lib/validation/tags";

/** Splits what was typed into tag names at commas (ASCII or Chinese) and line breaks. */
export const splitTags = (typed: string) =>
  typed
    .split(/[,，\n]/)
    .map((name) => name.trim())
    .filter(Boolean);

/** The form's words for the first problem the shared schema finds, or undefined when the list may be saved. */
export function tagsProblem(tags: string[], t: Translate): string | undefined {
  const parsed = tagsSchema.safeParse({ tags });
  if (parsed.success) return undefined;
  const issue = parsed.error.issues[0];
  const index = issue.path[1];
  if (typeof index === "number") return t("tags.v.tooLong", { name: tags[index], bytes: TAG_RULES.nameBytes });
  return t("tags.v.tooMany", { max: TAG_RULES.perUser });
}

/** A tag list as chips, one removed by its ×, new ones typed and added with Enter or a comma; saved as one list. */
export function TagsEditor({
  id,
  label,
  tags: saved,
  onSave,
  onDone,
}: {
  id: string;
  label: string;
  tags: string[];
  onSave: (tags: string[]) => Promise<unknown>;
  onDone?: () => void;
}) {
  const t = useT();
  const [tags, setTags] = useState(saved);
  const [typed, setTyped] = useState("");
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState(false);
  const all = [...new Set([...tags, ...splitTags(typed)])];
  const changed = all.join("\u0001") !== saved.join("\u0001");

  function add() {
    if (!typed.trim()) return;
    setTags(all);
    setTyped("");
  }

  async function save(event: React.FormEvent) {
    event.preventDefault();
    const problem = tagsProblem(all, t);
    setDone(false);
    if (problem) {
      setError(problem);
      document.getElementById(id)?.focus();
      return;
    }
    setBusy(true);
    try {
      await onSave(all);
      setTags(all);
      setTyped("");
      setError(undefined);
      setDone(true);
      onDone?.();
    } catch (failure) {
      setError(describeError(t, "groups", failure).message);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form onSubmit={save} noValidate className="space-y-2" aria-label={label}>
      <label htmlFor={id} className="text-sm font-medium text-slate-700">
        {label}
      </label>
      <div
        className="flex min-h-9 flex-wrap items-center gap-1.5 rounded-md border border-slate-300 bg-white px-2 py-1.5 focus-within:border-emerald-500 focus-within:ring-1 focus-within:ring-emerald-500"
        data-testid={`${id}-chips`}
      >
        {tags.map((name) => (
          <span
            key={name}
            className="inline-flex max-w-full items-center gap-1 rounded bg-emerald-50 px-1.5 py-0.5 text-xs text-emerald-800"
            data-testid="tag-chip"
          >
            <span className="whitespace-nowrap">{name}</span>
            <button
              type="button"
              className="rounded px-0.5 text-emerald-700 hover:bg-emerald-100"
              aria-label={t("tags.remove", { name })}
              onClick={() => {
                setTags(tags.filter((tag) => tag !== name));
                setError(undefined);
                setDone(false);
              }}
            >
              ×
            </button>
          </span>
        ))}
        <input
          id={id}
          value={typed}
          className="min-w-[8rem] flex-1 border-0 bg-transparent p-0.5 text-sm focus:outline-none"
          placeholder={t("tags.input")}
          aria-invalid={Boolean(error)}
          aria-describedby={error ? `${id}-error` : `${id}-hint`}
          onChange={(e) => {
            setError(undefined);
            setDone(false);
            if (/[,，]/.test(e.target.value)) {
              setTags([...new Set([...tags, ...splitTags(e.target.value)])]);
              setTyped("");
            } else setTyped(e.target.value);
          }}
          onKeyDown={(e) => {
            if (e.key === "Enter" && typed.trim()) {
              e.preventDefault();
              add();
            } else if (e.key === "Backspace" && !typed && tags.length) setTags(tags.slice(0, -1));
          }}
          data-testid={`${id}-input`}
        />
      </div>
      {error ? (
        <p id={`${id}-error`} className="text-xs text-rose-600" role="alert">
          {error}
        </p>
      ) : (
        <p id={`${id}-hint`} className="text-xs text-slate-500">
          {t("tags.inputHint")}
        </p>
      )}
      <div className="flex flex-wrap items-center gap-2">
        <Button type="submit" disabled={busy || !changed} data-testid={`${id}-save`}>
          {busy ? t("tags.saving") : t("tags.save")}
        </Button>
        {onDone && (
          <Button type="button" variant="secondary" onClick={onDone} disabled={busy}>
            {t("tags.cancel")}
          </Button>
        )}
        {done && !changed && (
          <span className="text-sm text-emerald-700" role="status">
            {t("tags.saved")}
          </span>
        )}
      </div>
    </form>
  );
}

/** Tags shown, not editable. */
export function TagList({ tags, testId }: { tags: string[]; testId?: string }) {
  const t = useT();
  if (tags.length === 0)
    return (
      <span className="text-sm text-slate-400" data-testid={testId}>
        {t("tags.none")}
      </span>
    );
  return (
    <span className="flex flex-wrap gap-1" data-testid={testId}>
      {tags.map((name) => (
        <span key={name} className="rounded bg-slate-100 px-1.5 py-0.5 text-xs whitespace-nowrap text-slate-700">
          {name}
        </span>
      ))}
    </span>
  );
}

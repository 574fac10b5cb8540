"use client";
import { useState } from "react";
import { Button, EmptyState, ErrorState, Loading, PageHeader, Select } from "@/components/ui";
import { useAccounts } from "@/lib/client/accounts";
import { errorMessage } from "@/lib/client/errors";
import { useCan } from "@/lib/client/session";
import { useT } from "@/lib/i18n/client";
import { backgroundUrl, deletePoster, usePosters, type PosterView } from "./data";
import { PosterForm } from "./poster-form";

type Notice = { tone: "ok" | "error"; text: string };

/** /posters: the templates with thumbnails; create, edit and delete them. */
export function PostersAdmin() {
  const t = useT();
  const canWrite = useCan("campaigns:write");
  const accounts = useAccounts({ revalidateOnFocus: false }).data?.items ?? [];
  const [accountId, setAccountId] = useState<number | undefined>();
  const list = usePosters(accountId);
  const [editing, setEditing] = useState<PosterView | "new" | null>(null);
  const [notice, setNotice] = useState<Notice | null>(null);
  const posters = list.data?.items ?? [];

  const startNew = () => {
    setNotice(null);
    setEditing("new");
  };

  async function remove(poster: PosterView) {
    if (!window.confirm(t("posters.confirmDelete", { name: poster.name }))) return;
    try {
      await deletePoster(poster.id);
      setNotice({ tone: "ok", text: t("posters.deleted", { name: poster.name }) });
    } catch (error) {
      setNotice({ tone: "error", text: errorMessage(t, "posters", error) });
    }
    await list.mutate();
  }

  return (
    <div className="space-y-5">
      <PageHeader
        title={t("posters.title")}
        description={t("posters.description")}
        actions={
          <>
            {accounts.length > 1 && (
              <Select
                aria-label={t("groups.account")}
                className="w-48"
                value={accountId ?? ""}
                onChange={(e) => setAccountId(e.target.value ? Number(e.target.value) : undefined)}
                data-testid="poster-account"
              >
                <option value="">{t("groups.allAccounts")}</option>
                {accounts.map((a) => (
                  <option key={a.id} value={a.id}>
                    {a.name}
                  </option>
                ))}
              </Select>
            )}
            {canWrite && editing === null && (
              <Button type="button" onClick={startNew} data-testid="poster-new">
                {t("posters.new")}
              </Button>
            )}
          </>
        }
      />
      {!canWrite && <p className="text-sm text-slate-500">{t("posters.readOnly")}</p>}
      {notice && (
        <p
          className={`rounded-md border px-3 py-2 text-sm ${notice.tone === "ok" ? "border-emerald-200 bg-emerald-50 text-emerald-800" : "border-rose-200 bg-rose-50 text-rose-800"}`}
          role={notice.tone === "ok" ? "status" : "alert"}
          data-testid="poster-notice"
        >
          {notice.text}
        </p>
      )}
      {editing !== null && (
        <PosterForm
          key={editing === "new" ? "new" : editing.id}
          poster={editing === "new" ? null : editing}
          accountId={accountId}
          onCancel={() => setEditing(null)}
          onSaved={async (saved) => {
            setEditing(null);
            setNotice({ tone: "ok", text: t("posters.saved", { name: saved.name }) });
            await list.mutate();
          }}
        />
      )}
      {list.error ? (
        <ErrorState error={list.error} onRetry={() => list.mutate()} />
      ) : list.isLoading ? (
        <Loading />
      ) : posters.length === 0 ? (
        editing === null && (
          <EmptyState
            title={t("posters.empty")}
            hint={t("posters.emptyHint")}
            action={
              canWrite && (
                <Button type="button" onClick={startNew}>
                  {t("posters.new")}
                </Button>
              )
            }
          />
        )
      ) : (
        <ul className="grid grid-cols-1 gap-4 sm:grid-cols-2 lg:grid-cols-4" data-testid="poster-list">
          {posters.map((poster) => (
            <li
              key={poster.id}
              className="min-w-0 rounded-lg border border-slate-200 bg-white p-3 shadow-sm"
              data-testid="poster-item"
              data-name={poster.name}
            >
              <Thumbnail poster={poster} />
              <p className="mt-2 truncate font-medium text-slate-900">{poster.name}</p>
              <p className="text-xs text-slate-500">{t("posters.size", { width: poster.width, height: poster.height })}</p>
              {canWrite && (
                <div className="mt-2 flex flex-wrap gap-1">
                  <Button
                    type="button"
                    variant="secondary"
                    onClick={() => {
                      setNotice(null);
                      setEditing(poster);
                    }}
                  >
                    {t("posters.edit")}
                  </Button>
                  <Button type="button" variant="ghost" onClick={() => remove(poster)}>
                    {t("posters.delete")}
                  </Button>
                </div>
              )}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** The background with the code's place marked. */
function Thumbnail({ poster }: { poster: PosterView }) {
  const pct = (v: number, of: number) => `${(v / of) * 100}%`;
  return (
    <div
      className="relative mx-auto w-full max-w-56 overflow-hidden rounded border border-slate-100"
      style={{ aspectRatio: `${poster.width} / ${poster.height}` }}
    >
      <img src={backgroundUrl(poster)} alt="" className="absolute inset-0 h-full w-full object-cover" loading="lazy" />
      <div
        className="absolute border-2 border-white bg-white/70 outline outline-1 outline-slate-500"
        style={{
          left: pct(poster.qrX, poster.width),
          top: pct(poster.qrY, poster.height),
          width: pct(poster.qrSize, poster.width),
          height: pct(poster.qrSize, poster.height),
        }}
      />
    </div>
  );
}

"use client";
import { refusalOf, sendJson, useApi } from "@/lib/client/api";
import type { PosterView } from "@/lib/db/posters";
import type { PosterLayout } from "@/lib/posters/layout";

export type { PosterView };

/** The fields a template's form edits (the background is sent beside them). */
export type PosterFields = Omit<PosterLayout, "width" | "height"> & { name: string };

export const usePosters = (accountId?: number) =>
  useApi<{ items: PosterView[] }>(`/api/posters${accountId ? `?accountId=${accountId}` : ""}`);

/** The background's address; a new upload gets a new address, so no cache shows the old one. */
export const backgroundUrl = (poster: Pick<PosterView, "id" | "updatedAt">) =>
  `/api/posters/${poster.id}/background?v=${encodeURIComponent(poster.updatedAt)}`;

export const posterPath = (codeId: number, templateId: number) => `/api/qrcodes/${codeId}/poster?template=${templateId}`;
export const posterZipPath = (ids: number[], templateId: number) => `/api/qrcodes/zip?ids=${ids.join(",")}&poster=${templateId}`;

/** Creates (id null) or changes a template: its fields as JSON in `template`, the background file when there is a new one. */
export async function savePoster(
  id: number | null,
  fields: PosterFields & { accountId?: number },
  background: File | null,
): Promise<PosterView> {
  const form = new FormData();
  form.set("template", JSON.stringify(fields));
  if (background) form.set("background", background);
  const res = await fetch(id === null ? "/api/posters" : `/api/posters/${id}`, {
    method: id === null ? "POST" : "PUT",
    body: form,
  });
  if (!res.ok) throw await refusalOf(res);
  return (await res.json()) as PosterView;
}

export const deletePoster = (id: number) => sendJson<{ deleted: number }>(`/api/posters/${id}`, "DELETE");

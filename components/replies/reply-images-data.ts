"use client";
import { apiFetch, useApi } from "@/lib/client/api";
import type { ListedReplyImage } from "@/lib/db/reply-images";
import type { Json } from "@/lib/wire";

// The account's image library: the list, one image's address, and an upload with its progress.

export type ReplyImage = Json<ListedReplyImage>;

export const replyImagesPath = (accountId: number) => `/api/accounts/${accountId}/reply-images`;
export const replyImageSrc = (id: number) => `/api/reply-images/${id}/content`;
export const useReplyImages = (accountId: number | undefined) =>
  useApi<{ items: ReplyImage[] }>(accountId ? replyImagesPath(accountId) : null);

/** What an upload was refused with: the API's code, its words, and WeChat's errcode when WeChat refused. */
export class UploadRefusal extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly errcode?: number,
  ) {
    super(message);
  }
}

/** POSTs the file as `image` (XMLHttpRequest: fetch cannot report upload progress); progress 0…100. */
export function uploadReplyImage(accountId: number, file: File, onProgress: (percent: number) => void): Promise<ReplyImage> {
  return new Promise((resolve, reject) => {
    const form = new FormData();
    form.append("image", file, file.name);
    const xhr = new XMLHttpRequest();
    xhr.open("POST", replyImagesPath(accountId));
    xhr.responseType = "json";
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) onProgress(Math.min(100, Math.round((e.loaded / e.total) * 100)));
    };
    xhr.onerror = () => reject(new TypeError("network"));
    xhr.onload = () => {
      const body = xhr.response as { error?: { code: string; message: string; errcode?: number } } | ReplyImage | null;
      if (xhr.status === 201 && body && "mediaId" in body) return resolve(body);
      const error = body && "error" in body ? body.error : undefined;
      reject(
        new UploadRefusal(
          xhr.status,
          error?.code ?? `http_${xhr.status}`,
          error?.message ?? `HTTP ${xhr.status}`,
          error?.errcode,
        ),
      );
    };
    xhr.send(form);
  });
}

/** Deletes an image from the library and the account's WeChat material (409 image_in_use while a reply sends it). */
export const deleteReplyImage = (id: number) => apiFetch<string>(`/api/reply-images/${id}`, { method: "DELETE" });

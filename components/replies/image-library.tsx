"use client";
import { useRef, useState } from "react";
import { Button } from "@/components/ui";
import { useT } from "@/lib/i18n/client";
import type { Translate } from "@/lib/i18n/locale";
import { errcodeKey } from "@/lib/i18n/messages/wechat-errors";
import { MATERIAL_RULES } from "@/lib/wechat/limits";
import { ImageSource } from "./phone-preview";
import { useCan } from "@/lib/client/session";
import { ApiError } from "@/lib/client/api";
import {
  deleteReplyImage,
  replyImageSrc,
  UploadRefusal,
  uploadReplyImage,
  useReplyImages,
  type ReplyImage,
} from "./reply-images-data";

const MB = MATERIAL_RULES.imageMaxBytes / (1024 * 1024);
const ACCEPT = MATERIAL_RULES.imageExtensions.map((e) => `.${e}`).join(",");
const OWN_CODES = new Set(["image_too_large", "image_type", "image_missing"]);

/** A refusal in the page's language, for what the upload and the delete have in common. */
function refusalWords(t: Translate, error: unknown): string {
  if (error instanceof TypeError) return t("replies.err.network");
  if (!(error instanceof UploadRefusal || error instanceof ApiError))
    return error instanceof Error ? error.message : String(error);
  if (error.status === 403) return t("replies.err.forbidden");
  if (error.status >= 500) return t("replies.err.server");
  return error.message;
}

/** An upload's failure: our own checks, WeChat's errcode explained, or what every refusal says. */
function uploadError(t: Translate, error: unknown): string {
  if (!(error instanceof UploadRefusal)) return refusalWords(t, error);
  if (OWN_CODES.has(error.code)) return t(`replies.images.err.${error.code as "image_type"}`, { mb: MB });
  if (error.errcode !== undefined && error.code.startsWith("wechat_")) {
    const key = errcodeKey(error.errcode);
    return t("replies.images.err.wechat", { reason: key ? t(key) : error.message, errcode: error.errcode });
  }
  return refusalWords(t, error);
}

/** A delete's failure: still in use, WeChat's refusal in its words, or what every refusal says. */
function deleteError(t: Translate, error: unknown): string {
  if (error instanceof ApiError && error.code === "image_in_use") return t("replies.images.err.in_use");
  if (error instanceof ApiError && error.status === 502) return t("replies.images.err.deleteWechat", { reason: error.message });
  return refusalWords(t, error);
}

/** Where an image is still a reply, in the page's language (its delete button says why it waits). */
function usesOf(t: Translate, image: ReplyImage): string {
  return image.uses
    .map((use) => t(`replies.images.use.${use.kind}`, { name: use.name ?? "" }))
    .join(t("replies.images.useSeparator"));
}

/** The account's images as an address for each media_id: what phone previews show for an image reply. */
export function ReplyImagesSource({ accountId, children }: { accountId?: number; children: React.ReactNode }) {
  const { data } = useReplyImages(accountId);
  const byMedia = new Map((data?.items ?? []).map((image) => [image.mediaId, replyImageSrc(image.id)]));
  return <ImageSource.Provider value={(mediaId) => byMedia.get(mediaId)}>{children}</ImageSource.Provider>;
}

/**
 * The account's reply images as thumbnails to pick from, and an upload of a new one (checked by
 * the server as WeChat checks it; WeChat's refusals shown with their errcode).
 */
export function ImageLibrary({
  id,
  accountId,
  selected,
  onPick,
}: {
  id: string;
  accountId: number;
  selected: string;
  onPick: (image: ReplyImage) => void;
}) {
  const t = useT();
  const { data, error, mutate } = useReplyImages(accountId);
  const input = useRef<HTMLInputElement>(null);
  const [progress, setProgress] = useState<number | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [uploaded, setUploaded] = useState<string | null>(null);
  const [confirming, setConfirming] = useState<number | null>(null);
  const [deleting, setDeleting] = useState<number | null>(null);
  const canDelete = useCan("replies:write");
  const images = data?.items ?? [];
  const known = !selected || images.some((image) => image.mediaId === selected);

  async function upload(file: File) {
    setProblem(null);
    setUploaded(null);
    setProgress(0);
    try {
      const image = await uploadReplyImage(accountId, file, setProgress);
      await mutate((current) => ({ items: [image, ...(current?.items ?? []).filter((i) => i.id !== image.id)] }), {
        revalidate: false,
      });
      setUploaded(image.fileName);
      onPick(image);
    } catch (err) {
      setProblem(uploadError(t, err));
    } finally {
      setProgress(null);
      if (input.current) input.current.value = "";
    }
  }

  async function remove(image: ReplyImage) {
    setProblem(null);
    setUploaded(null);
    setDeleting(image.id);
    try {
      await deleteReplyImage(image.id);
      await mutate((current) => ({ items: (current?.items ?? []).filter((i) => i.id !== image.id) }), { revalidate: false });
    } catch (err) {
      setProblem(deleteError(t, err));
      if (err instanceof ApiError && err.code === "image_in_use") void mutate(); // its uses, as they are now
    } finally {
      setDeleting(null);
      setConfirming(null);
    }
  }

  return (
    <section className="space-y-2" aria-labelledby={`${id}-images-title`} data-testid={`${id}-images`}>
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h3 id={`${id}-images-title`} className="text-sm font-medium text-slate-700">
          {t("replies.images.title")}
        </h3>
        <input
          ref={input}
          id={`${id}-image-file`}
          type="file"
          accept={ACCEPT}
          className="sr-only"
          data-testid={`${id}-image-file`}
          onChange={(e) => {
            const file = e.target.files?.[0];
            if (file) void upload(file);
          }}
        />
        <Button type="button" variant="secondary" disabled={progress !== null} onClick={() => input.current?.click()}>
          {progress !== null ? t("replies.images.uploading", { percent: progress }) : t("replies.images.upload")}
        </Button>
      </div>
      <p className="text-xs text-slate-500">{t("replies.images.hint", { mb: MB })}</p>
      {progress !== null && (
        <div
          className="h-1.5 w-full overflow-hidden rounded bg-slate-200"
          role="progressbar"
          aria-valuemin={0}
          aria-valuemax={100}
          aria-valuenow={progress}
          aria-label={t("replies.images.upload")}
        >
          <div className="h-full bg-emerald-500 transition-all" style={{ width: `${progress}%` }} />
        </div>
      )}
      {problem && (
        <p className="text-sm text-rose-600" role="alert" data-testid={`${id}-image-error`}>
          {problem}
        </p>
      )}
      {uploaded && !problem && (
        <p className="text-sm text-emerald-700" role="status">
          ✓ {t("replies.images.uploaded", { name: uploaded })}
        </p>
      )}
      {error ? (
        <p className="text-sm text-rose-600" role="alert">
          {t("replies.images.loadFailed")}{" "}
          <button type="button" className="font-medium underline" onClick={() => void mutate()}>
            {t("replies.images.retry")}
          </button>
        </p>
      ) : data && images.length === 0 ? (
        <p className="rounded-md border border-dashed border-slate-300 px-3 py-4 text-center text-sm text-slate-500">
          {t("replies.images.empty")}
        </p>
      ) : (
        <ul className="grid max-h-56 grid-cols-3 gap-2 overflow-y-auto sm:grid-cols-4" data-testid={`${id}-image-list`}>
          {images.map((image) => {
            const picked = image.mediaId === selected;
            return (
              <li key={image.id}>
                <button
                  type="button"
                  aria-pressed={picked}
                  aria-label={t("replies.images.pick", { name: image.fileName })}
                  title={image.fileName}
                  onClick={() => onPick(image)}
                  data-testid="reply-image"
                  data-media-id={image.mediaId}
                  className={`relative block aspect-square w-full overflow-hidden rounded-md border-2 bg-slate-100 focus:outline-none focus-visible:ring-2 focus-visible:ring-emerald-500 ${picked ? "border-emerald-600" : "border-transparent hover:border-slate-300"}`}
                >
                  <img src={replyImageSrc(image.id)} alt="" className="h-full w-full object-cover" loading="lazy" />
                  {picked && (
                    <span className="absolute right-1 bottom-1 rounded bg-emerald-600 px-1 text-[10px] text-white">
                      {t("replies.images.picked")}
                    </span>
                  )}
                </button>
                {canDelete && (
                  <ImageDelete
                    image={image}
                    blockedBy={picked ? t("replies.images.deletePicked") : image.uses.length ? usesOf(t, image) : null}
                    confirming={confirming === image.id}
                    deleting={deleting === image.id}
                    onAsk={() => setConfirming(image.id)}
                    onCancel={() => setConfirming(null)}
                    onConfirm={() => void remove(image)}
                  />
                )}
              </li>
            );
          })}
        </ul>
      )}
      {!known && data && <p className="text-xs text-amber-700">{t("replies.images.unknownMedia")}</p>}
    </section>
  );
}

/** Under a thumbnail: delete in two steps, or why it cannot be deleted yet (still a reply, or picked here). */
function ImageDelete({
  image,
  blockedBy,
  confirming,
  deleting,
  onAsk,
  onCancel,
  onConfirm,
}: {
  image: ReplyImage;
  blockedBy: string | null;
  confirming: boolean;
  deleting: boolean;
  onAsk: () => void;
  onCancel: () => void;
  onConfirm: () => void;
}) {
  const t = useT();
  const small =
    "rounded px-1 py-0.5 text-[11px] font-medium focus:outline-none focus-visible:ring-2 focus-visible:ring-emerald-500";
  if (blockedBy)
    return (
      <p className="mt-0.5 truncate text-[11px] text-slate-500" title={blockedBy} data-testid="reply-image-in-use">
        {image.uses.length ? t("replies.images.inUse", { n: image.uses.length }) : t("replies.images.pickedKept")}
      </p>
    );
  if (!confirming)
    return (
      <button
        type="button"
        className={`${small} mt-0.5 text-slate-500 hover:text-rose-600`}
        aria-label={t("replies.images.deleteOne", { name: image.fileName })}
        onClick={onAsk}
        data-testid="reply-image-delete"
      >
        {t("replies.images.delete")}
      </button>
    );
  return (
    <div className="mt-0.5 flex flex-wrap gap-1">
      <button
        type="button"
        className={`${small} bg-rose-600 text-white hover:bg-rose-700 disabled:opacity-60`}
        disabled={deleting}
        onClick={onConfirm}
        data-testid="reply-image-delete-confirm"
      >
        {deleting ? t("replies.images.deleting") : t("replies.images.deleteConfirm")}
      </button>
      <button type="button" className={`${small} text-slate-600 hover:bg-slate-100`} disabled={deleting} onClick={onCancel}>
        {t("replies.images.deleteCancel")}
      </button>
    </div>
  );
}

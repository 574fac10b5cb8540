"use client";
import { useEffect, useRef, useState } from "react";
import { Button, Card, Field, Select, TextInput } from "@/components/ui";
import { describeError } from "@/lib/client/errors";
import { useApi } from "@/lib/client/api";
import { useT } from "@/lib/i18n/client";
import { POSTER_LIMITS } from "@/lib/limits";
import { CAPTION_ALIGNS, placementProblem, type CaptionAlign, type PosterLayout } from "@/lib/posters/layout";
import type { QrCodePage } from "@/lib/db/qrcodes";
import { backgroundUrl, savePoster, type PosterFields, type PosterView } from "./data";
import { canvasPoint, drawPosterPreview } from "./poster-canvas";

const SAMPLE = { url: "http://weixin.qq.com/q/02sampleQudaoPoster", channel: "地铁二号线", name: "车厢广告", campaign: "双十一" };

function startingFields(poster: PosterView | null): PosterFields {
  if (poster) {
    const { id: _i, accountId: _a, backgroundType: _b, createdAt: _c, updatedAt: _u, width: _w, height: _h, ...fields } = poster;
    return fields;
  }
  return {
    name: "",
    qrX: 0,
    qrY: 0,
    qrSize: 300,
    captionText: "{channel}",
    captionX: 0,
    captionY: 0,
    captionSize: 48,
    captionColor: "#ffffff",
    captionAlign: "center",
  };
}

/** Code centred in the upper part, caption below it: where a new background starts. */
function placeOn(fields: PosterFields, width: number, height: number): PosterFields {
  const qrSize = Math.max(
    POSTER_LIMITS.qrSize.min,
    Math.min(POSTER_LIMITS.qrSize.max, Math.round(Math.min(width, height) * 0.5)),
  );
  const qrX = Math.round((width - qrSize) / 2);
  const qrY = Math.round((height - qrSize) / 2);
  const captionSize = Math.max(POSTER_LIMITS.captionSize.min, Math.round(qrSize / 8));
  const captionY = Math.min(height - captionSize, qrY + qrSize + Math.round(captionSize / 2));
  return { ...fields, qrSize, qrX, qrY, captionX: Math.round(width / 2), captionY, captionSize, captionAlign: "center" };
}

function loadImageFrom(src: string): Promise<HTMLImageElement> {
  return new Promise((resolve, reject) => {
    const image = new Image();
    image.onload = () => resolve(image);
    image.onerror = () => reject(new Error("unreadable image"));
    image.src = src;
  });
}

/** Creating or editing a template: its background, the code's place and size, the caption, and a live preview. */
export function PosterForm({
  poster,
  accountId,
  onSaved,
  onCancel,
}: {
  poster: PosterView | null;
  accountId?: number;
  onSaved: (poster: PosterView) => void;
  onCancel: () => void;
}) {
  const t = useT();
  const [fields, setFields] = useState<PosterFields>(() => startingFields(poster));
  const [file, setFile] = useState<File | null>(null);
  const [image, setImage] = useState<HTMLImageElement | null>(null);
  const [fileError, setFileError] = useState<string | null>(null);
  const [error, setError] = useState<{ field?: string; message: string } | null>(null);
  const [saving, setSaving] = useState(false);
  const [sampleId, setSampleId] = useState<number | "">("");
  const canvas = useRef<HTMLCanvasElement>(null);
  const drag = useRef<{ dx: number; dy: number } | null>(null);
  const codes = useApi<QrCodePage>(`/api/qrcodes?pageSize=50&status=active${accountId ? `&accountId=${accountId}` : ""}`, {
    revalidateOnFocus: false,
  });
  const sample = codes.data?.items.find((c) => c.id === sampleId && c.url);
  const values = sample ? { channel: sample.channel, name: sample.name, campaign: sample.campaign } : SAMPLE;
  const url = sample?.url ?? SAMPLE.url;

  useEffect(() => {
    if (!poster || file) return;
    let live = true;
    loadImageFrom(backgroundUrl(poster)).then(
      (loaded) => live && setImage(loaded),
      () => live && setFileError("unreadable"),
    );
    return () => {
      live = false;
    };
  }, [poster, file]);

  const layout: PosterLayout | null = image ? { ...fields, width: image.naturalWidth, height: image.naturalHeight } : null;
  const problem = layout ? placementProblem(layout) : null;

  useEffect(() => {
    if (canvas.current && image && layout) drawPosterPreview(canvas.current, image, layout, url, values);
  });

  async function choose(chosen: File | undefined) {
    setFileError(null);
    if (!chosen) return;
    const { backgroundBytes, backgroundTypes, backgroundSide } = POSTER_LIMITS;
    if (!(backgroundTypes as readonly string[]).includes(chosen.type) || chosen.size > backgroundBytes) {
      setFileError("invalid");
      return;
    }
    const objectUrl = URL.createObjectURL(chosen);
    try {
      const loaded = await loadImageFrom(objectUrl);
      const { naturalWidth: w, naturalHeight: h } = loaded;
      if (w < backgroundSide.min || h < backgroundSide.min || w > backgroundSide.max || h > backgroundSide.max) {
        setFileError("invalid");
        return;
      }
      setFile(chosen);
      setImage(loaded);
      const fits = placementProblem({ ...fields, width: w, height: h }) === null;
      if (!poster || !fits) setFields((f) => placeOn(f, w, h));
    } catch {
      setFileError("invalid");
    }
  }

  const set = <K extends keyof PosterFields>(key: K, value: PosterFields[K]) => setFields((f) => ({ ...f, [key]: value }));
  const number = (key: "qrX" | "qrY" | "qrSize" | "captionX" | "captionY" | "captionSize") => ({
    id: `poster-${key}`,
    type: "number",
    inputMode: "numeric" as const,
    value: fields[key],
    onChange: (e: React.ChangeEvent<HTMLInputElement>) => set(key, Math.round(Number(e.target.value) || 0)),
    "data-testid": `poster-${key}`,
    "aria-invalid": problem?.field === key || error?.field === key || undefined,
  });

  function pointerDown(e: React.PointerEvent<HTMLCanvasElement>) {
    if (!canvas.current) return;
    const p = canvasPoint(canvas.current, e);
    const inside =
      p.x >= fields.qrX && p.y >= fields.qrY && p.x <= fields.qrX + fields.qrSize && p.y <= fields.qrY + fields.qrSize;
    drag.current = inside ? { dx: p.x - fields.qrX, dy: p.y - fields.qrY } : { dx: fields.qrSize / 2, dy: fields.qrSize / 2 };
    canvas.current.setPointerCapture(e.pointerId);
    pointerMove(e);
  }

  function pointerMove(e: React.PointerEvent<HTMLCanvasElement>) {
    if (!drag.current || !canvas.current || !layout) return;
    const p = canvasPoint(canvas.current, e);
    const clamp = (v: number, max: number) => Math.max(0, Math.min(max, Math.round(v)));
    setFields((f) => ({
      ...f,
      qrX: clamp(p.x - (drag.current?.dx ?? 0), layout.width - f.qrSize),
      qrY: clamp(p.y - (drag.current?.dy ?? 0), layout.height - f.qrSize),
    }));
  }

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    setError(null);
    if (!image) return setFileError("invalid");
    if (problem) return;
    setSaving(true);
    try {
      const payload = poster ? fields : { ...fields, ...(accountId ? { accountId } : {}) };
      onSaved(await savePoster(poster?.id ?? null, payload, file));
    } catch (err) {
      setError(describeError(t, "posters", err));
    } finally {
      setSaving(false);
    }
  }

  return (
    <Card title={poster ? t("posters.form.titleEdit", { name: poster.name }) : t("posters.form.titleNew")}>
      <form
        onSubmit={submit}
        className="grid gap-5 lg:grid-cols-[minmax(0,2fr)_minmax(0,3fr)]"
        data-testid="poster-form"
        noValidate
      >
        <div className="min-w-0 space-y-3">
          <Field id="poster-name" label={t("posters.form.name")} error={error?.field === "name" ? error.message : undefined}>
            <TextInput
              id="poster-name"
              value={fields.name}
              maxLength={100}
              onChange={(e) => set("name", e.target.value)}
              data-testid="poster-name"
              required
            />
          </Field>
          <Field
            id="poster-background"
            label={t("posters.form.background")}
            hint={t("posters.form.backgroundHint")}
            error={fileError ? t("posters.invalid.background") : error?.field === "background" ? error.message : undefined}
          >
            <input
              id="poster-background"
              type="file"
              accept="image/png,image/jpeg"
              className="block w-full min-w-0 text-sm text-slate-700"
              onChange={(e) => choose(e.target.files?.[0])}
              data-testid="poster-background"
            />
          </Field>
          <div className="grid grid-cols-3 gap-2">
            <Field id="poster-qrX" label={t("posters.form.qrX")}>
              <TextInput {...number("qrX")} min={0} />
            </Field>
            <Field id="poster-qrY" label={t("posters.form.qrY")}>
              <TextInput {...number("qrY")} min={0} />
            </Field>
            <Field id="poster-qrSize" label={t("posters.form.qrSize")}>
              <TextInput {...number("qrSize")} min={POSTER_LIMITS.qrSize.min} max={POSTER_LIMITS.qrSize.max} />
            </Field>
          </div>
          {problem && (
            <p className="text-xs text-rose-600" role="alert" data-testid="poster-placement-problem">
              {t("posters.invalid.placement")}
            </p>
          )}
          <Field id="poster-caption" label={t("posters.form.captionText")} hint={t("posters.form.captionHint")}>
            <TextInput
              id="poster-caption"
              value={fields.captionText}
              maxLength={POSTER_LIMITS.captionMaxChars}
              onChange={(e) => set("captionText", e.target.value)}
              data-testid="poster-caption"
            />
          </Field>
          <div className="grid grid-cols-3 gap-2">
            <Field id="poster-captionX" label={t("posters.form.captionX")}>
              <TextInput {...number("captionX")} min={0} />
            </Field>
            <Field id="poster-captionY" label={t("posters.form.captionY")}>
              <TextInput {...number("captionY")} min={0} />
            </Field>
            <Field id="poster-captionSize" label={t("posters.form.captionSize")}>
              <TextInput {...number("captionSize")} min={POSTER_LIMITS.captionSize.min} max={POSTER_LIMITS.captionSize.max} />
            </Field>
          </div>
          <div className="grid grid-cols-2 gap-2">
            <Field id="poster-color" label={t("posters.form.captionColor")}>
              <input
                id="poster-color"
                type="color"
                value={fields.captionColor}
                onChange={(e) => set("captionColor", e.target.value)}
                className="h-9 w-full rounded-md border border-slate-300 bg-white"
                data-testid="poster-color"
              />
            </Field>
            <Field id="poster-align" label={t("posters.form.captionAlign")}>
              <Select
                id="poster-align"
                value={fields.captionAlign}
                onChange={(e) => set("captionAlign", e.target.value as CaptionAlign)}
              >
                {CAPTION_ALIGNS.map((align) => (
                  <option key={align} value={align}>
                    {t(`posters.align.${align}`)}
                  </option>
                ))}
              </Select>
            </Field>
          </div>
          {error && error.field !== "name" && error.field !== "background" && (
            <p className="text-sm text-rose-600" role="alert" data-testid="poster-error">
              {error.message}
            </p>
          )}
          <div className="flex flex-wrap gap-2">
            <Button type="submit" disabled={saving || !image || Boolean(problem)} data-testid="poster-save">
              {saving ? t("posters.form.saving") : t("posters.form.save")}
            </Button>
            <Button type="button" variant="secondary" onClick={onCancel}>
              {t("posters.form.cancel")}
            </Button>
          </div>
        </div>
        <div className="min-w-0 space-y-2">
          <div className="flex flex-wrap items-center justify-between gap-2">
            <h3 className="text-sm font-semibold text-slate-800">{t("posters.preview")}</h3>
            <Select
              aria-label={t("posters.previewCode")}
              className="w-56 max-w-full"
              value={sampleId}
              onChange={(e) => setSampleId(e.target.value ? Number(e.target.value) : "")}
              data-testid="poster-sample"
            >
              <option value="">{t("posters.sampleCode")}</option>
              {(codes.data?.items ?? [])
                .filter((c) => c.url)
                .map((c) => (
                  <option key={c.id} value={c.id}>
                    {c.channel} · {c.name}
                  </option>
                ))}
            </Select>
          </div>
          {image ? (
            <>
              <canvas
                ref={canvas}
                className="block h-auto max-h-[70vh] w-auto max-w-full touch-none rounded border border-slate-200"
                onPointerDown={pointerDown}
                onPointerMove={pointerMove}
                onPointerUp={() => {
                  drag.current = null;
                }}
                data-testid="poster-preview"
              />
              <p className="text-xs text-slate-500">{t("posters.previewHint")}</p>
            </>
          ) : (
            <p className="rounded-md border border-dashed border-slate-300 px-4 py-10 text-center text-sm text-slate-500">
              {t("posters.noBackground")}
            </p>
          )}
        </div>
      </form>
    </Card>
  );
}

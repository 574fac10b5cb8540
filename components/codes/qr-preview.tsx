"use client";
import { useEffect, useMemo, useState } from "react";
import { Button, Field, Select, TextInput } from "@/components/ui";
import { errorMessage } from "@/lib/client/errors";
import { useT } from "@/lib/i18n/client";
import { PREVIEW_LOGO_MAX_BYTES, QR_IMAGE_LIMITS } from "@/lib/limits";
import { codeFileBase } from "@/lib/file-names";
import { imageQuery } from "@/lib/validation/qrcodes";
import { downloadFile, saveBlob } from "./data";
import { drawQrCode, loadImage } from "./qr-canvas";
import { imagePath, PRINT_SIZES, type QrCode } from "./format";
import { issueMessage } from "./validation";

const fileBase = (code: QrCode, size: number) => `${codeFileBase(code)}-${size}px`;

/** The code as it will print: drawn in the browser at the chosen size and margin, with an optional centre logo. */
export function QrPreview({ code }: { code: QrCode }) {
  const t = useT();
  const [sizeChoice, setSizeChoice] = useState(String(QR_IMAGE_LIMITS.size.default));
  const [customSize, setCustomSize] = useState("600");
  const [marginText, setMarginText] = useState(String(QR_IMAGE_LIMITS.margin.default));
  const [logo, setLogo] = useState<{ image: HTMLImageElement; name: string } | null>(null);
  const [logoError, setLogoError] = useState<string | null>(null);
  const [picture, setPicture] = useState<{ canvas: HTMLCanvasElement; src: string } | null>(null);
  const [renderError, setRenderError] = useState<string | null>(null);
  const [svgError, setSvgError] = useState<string | null>(null);

  const sizeText = sizeChoice === "custom" ? customSize : sizeChoice;
  const parsed = useMemo(
    () => imageQuery.safeParse({ size: sizeText.trim(), margin: marginText.trim() || "x" }),
    [sizeText, marginText],
  );
  const errors: Record<string, string> = {};
  if (!parsed.success) for (const issue of parsed.error.issues) errors[String(issue.path[0])] ??= issueMessage(issue, t);
  const size = parsed.success ? parsed.data.size : null;
  const margin = parsed.success ? parsed.data.margin : null;

  useEffect(() => {
    if (!code.url || size === null || margin === null) return;
    try {
      const canvas = drawQrCode(code.url, { size, margin, logo: logo?.image });
      setPicture({ canvas, src: canvas.toDataURL("image/png") });
      setRenderError(null);
    } catch (e) {
      setRenderError((e as Error).message);
    }
  }, [code.url, size, margin, logo]);

  async function chooseLogo(file: File | undefined) {
    setLogoError(null);
    if (!file) return;
    if (!["image/png", "image/jpeg"].includes(file.type)) return setLogoError(t("codes.logo.type"));
    if (file.size > PREVIEW_LOGO_MAX_BYTES) return setLogoError(t("codes.logo.tooLarge"));
    try {
      setLogo({ image: await loadImage(file), name: file.name });
    } catch {
      setLogoError(t("codes.logo.unreadable"));
    }
  }

  function downloadPng() {
    if (!picture || size === null) return;
    picture.canvas.toBlob((blob) => blob && saveBlob(blob, `${fileBase(code, size)}.png`), "image/png");
  }

  async function downloadSvg() {
    if (size === null || margin === null) return;
    setSvgError(null);
    try {
      await downloadFile(imagePath(code, { size, margin, format: "svg" }), `${fileBase(code, size)}.svg`);
    } catch (e) {
      setSvgError(errorMessage(t, "codes", e));
    }
  }

  const preset = PRINT_SIZES.find((p) => String(p.px) === sizeChoice);
  return (
    <div className="grid gap-5 md:grid-cols-[minmax(0,1fr)_16rem]">
      <div className="flex flex-col items-center justify-center rounded-lg border border-slate-200 bg-slate-50 p-4">
        {picture ? (
          // eslint-disable-next-line @next/next/no-img-element -- a data URL drawn on the page
          <img
            src={picture.src}
            alt={t("codes.preview.alt", { name: code.name })}
            className="h-auto w-full max-w-[320px] bg-white shadow-sm [image-rendering:pixelated]"
            data-testid="qr-preview"
          />
        ) : (
          <div className="h-[320px] w-[320px] animate-pulse rounded bg-slate-200" />
        )}
        <p className="mt-2 text-xs text-slate-500" data-testid="preview-size">
          {picture ? t("codes.preview.pixels", { px: picture.canvas.width }) : ""}
          {preset ? ` · ${t("codes.preview.printHint", { cm: preset.cm, m: preset.metres })}` : ""}
        </p>
        {renderError && (
          <p className="mt-1 text-xs text-rose-600" role="alert">
            {renderError}
          </p>
        )}
      </div>
      <div className="space-y-3">
        <Field id="preview-size" label={t("codes.preview.size")} error={errors.size}>
          <Select id="preview-size" value={sizeChoice} onChange={(e) => setSizeChoice(e.target.value)}>
            {PRINT_SIZES.map((p) => (
              <option key={p.px} value={p.px}>
                {t("codes.size.option", { px: p.px, cm: p.cm })}
              </option>
            ))}
            <option value="custom">{t("codes.size.custom")}</option>
          </Select>
          {sizeChoice === "custom" && (
            <TextInput
              id="preview-size-custom"
              aria-label={t("codes.size.customLabel")}
              inputMode="numeric"
              value={customSize}
              onChange={(e) => setCustomSize(e.target.value)}
              aria-invalid={Boolean(errors.size)}
            />
          )}
        </Field>
        <Field id="preview-margin" label={t("codes.preview.margin")} error={errors.margin} hint={t("codes.preview.marginHint")}>
          <TextInput
            id="preview-margin"
            type="number"
            min={QR_IMAGE_LIMITS.margin.min}
            max={QR_IMAGE_LIMITS.margin.max}
            value={marginText}
            onChange={(e) => setMarginText(e.target.value)}
            aria-invalid={Boolean(errors.margin)}
          />
        </Field>
        <Field id="preview-logo" label={t("codes.logo.label")} error={logoError ?? undefined} hint={t("codes.logo.hint")}>
          <div className="flex min-w-0 items-center gap-2">
            <label className="inline-flex shrink-0 cursor-pointer items-center rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium text-slate-800 hover:bg-slate-50 focus-within:ring-2 focus-within:ring-emerald-500">
              {t("codes.logo.choose")}
              <input
                id="preview-logo"
                type="file"
                accept="image/png,image/jpeg"
                className="sr-only"
                onChange={(e) => {
                  void chooseLogo(e.target.files?.[0]);
                  e.target.value = "";
                }}
                data-testid="logo-file"
              />
            </label>
            {logo && (
              <>
                <span className="min-w-0 truncate text-xs text-slate-600" title={logo.name} data-testid="logo-name">
                  {logo.name}
                </span>
                <Button type="button" variant="ghost" className="shrink-0 px-2 py-1 text-xs" onClick={() => setLogo(null)}>
                  {t("codes.logo.remove")}
                </Button>
              </>
            )}
          </div>
        </Field>
        <div className="flex flex-wrap gap-2 pt-1">
          <Button type="button" onClick={downloadPng} disabled={!picture || size === null} data-testid="download-png">
            {t("codes.download.png")}
          </Button>
          <Button type="button" variant="secondary" onClick={downloadSvg} disabled={size === null} data-testid="download-svg">
            {t("codes.download.svg")}
          </Button>
        </div>
        {logo && <p className="text-xs text-slate-500">{t("codes.download.svgNoLogo")}</p>}
        {svgError && (
          <p className="text-xs text-rose-600" role="alert">
            {svgError}
          </p>
        )}
      </div>
    </div>
  );
}

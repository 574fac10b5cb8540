"use client";
import { useCallback, useEffect, useMemo, useState } from "react";
import { Button, Field, Select, TextInput } from "@/components/ui";
import { errorMessage } from "@/lib/client/errors";
import { useT } from "@/lib/i18n/client";
import { PREVIEW_LOGO_MAX_BYTES, QR_IMAGE_LIMITS } from "@/lib/limits";
import { codeFileName } from "@/lib/file-names";
import { useCan } from "@/lib/client/session";
import { imageQuery } from "@/lib/validation/qrcodes";
import { downloadFile, saveBlob } from "./data";
import { drawQrCode } from "./qr-canvas";
import { deleteLogo, fetchLogo, logoPngOf, putLogo, type LoadedLogo } from "./logo-client";
import { imagePath, PRINT_SIZES, type QrCode } from "./format";
import { issueMessage } from "./validation";

/** The code as it will print: drawn in the browser at the chosen size and margin, with its stored centre logo (own or its campaign's). */
export function QrPreview({ code }: { code: QrCode }) {
  const t = useT();
  const [sizeChoice, setSizeChoice] = useState(String(QR_IMAGE_LIMITS.size.default));
  const [customSize, setCustomSize] = useState("600");
  const [marginText, setMarginText] = useState(String(QR_IMAGE_LIMITS.margin.default));
  const canWrite = useCan("qrcodes:write");
  const [logo, setLogo] = useState<LoadedLogo | null>(null);
  // Known to have none: no request (a 404 is how the logo route says "none").
  const knownLogo = code.logo === undefined ? "unknown" : (code.logo?.sha256 ?? "none");
  const [logoBusy, setLogoBusy] = useState<"loading" | "saving" | "removing" | null>(knownLogo === "none" ? null : "loading");
  const [logoError, setLogoError] = useState<string | null>(null);
  const logoPath = `/api/qrcodes/${code.id}/logo`;
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

  const loadLogo = useCallback(async () => {
    if (knownLogo === "none") return setLogo(null);
    setLogoBusy("loading");
    setLogoError(null);
    try {
      setLogo(await fetchLogo(logoPath));
    } catch (e) {
      setLogoError(errorMessage(t, "codes", e));
    } finally {
      setLogoBusy(null);
    }
  }, [logoPath, t, knownLogo]);
  useEffect(() => {
    void loadLogo();
  }, [loadLogo]);

  async function chooseLogo(file: File | undefined) {
    setLogoError(null);
    if (!file) return;
    if (!["image/png", "image/jpeg"].includes(file.type)) return setLogoError(t("codes.logo.type"));
    if (file.size > PREVIEW_LOGO_MAX_BYTES) return setLogoError(t("codes.logo.tooLarge"));
    let converted: Awaited<ReturnType<typeof logoPngOf>>;
    try {
      converted = await logoPngOf(file);
    } catch {
      return setLogoError(t("codes.logo.unreadable"));
    }
    setLogoBusy("saving");
    try {
      await putLogo(logoPath, converted.png);
      setLogo({ image: converted.image, source: "code" });
    } catch (e) {
      setLogoError(errorMessage(t, "codes", e));
    } finally {
      setLogoBusy(null);
    }
  }

  async function removeLogo() {
    setLogoError(null);
    setLogoBusy("removing");
    try {
      await deleteLogo(logoPath);
      setLogo(code.campaign ? await fetchLogo(logoPath) : null); // the campaign's, if it has one
    } catch (e) {
      setLogoError(errorMessage(t, "codes", e));
    } finally {
      setLogoBusy(null);
    }
  }

  function downloadPng() {
    if (!picture || size === null) return;
    picture.canvas.toBlob((blob) => blob && saveBlob(blob, codeFileName(code, size, "png")), "image/png");
  }

  async function downloadSvg() {
    if (size === null || margin === null) return;
    setSvgError(null);
    try {
      await downloadFile(imagePath(code, { size, margin, format: "svg" }), codeFileName(code, size, "svg"));
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
          <div className="flex min-w-0 flex-wrap items-center gap-2" data-testid="logo-field" data-logo={logo?.source ?? "none"}>
            {canWrite && (
              <label
                className={`inline-flex shrink-0 items-center rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium text-slate-800 focus-within:ring-2 focus-within:ring-emerald-500 ${logoBusy ? "cursor-wait opacity-60" : "cursor-pointer hover:bg-slate-50"}`}
              >
                {logoBusy === "saving" ? t("codes.logo.saving") : t("codes.logo.choose")}
                <input
                  id="preview-logo"
                  type="file"
                  accept="image/png,image/jpeg"
                  className="sr-only"
                  disabled={logoBusy !== null}
                  onChange={(e) => {
                    void chooseLogo(e.target.files?.[0]);
                    e.target.value = "";
                  }}
                  data-testid="logo-file"
                />
              </label>
            )}
            {canWrite && logo?.source === "code" && (
              <Button
                type="button"
                variant="ghost"
                className="shrink-0 px-2 py-1 text-xs"
                onClick={() => void removeLogo()}
                disabled={logoBusy !== null}
                data-testid="logo-remove"
              >
                {logoBusy === "removing" ? t("codes.logo.removing") : t("codes.logo.remove")}
              </Button>
            )}
          </div>
          <p className="mt-1 text-xs text-slate-500" data-testid="logo-status" aria-live="polite">
            {logoBusy === "loading"
              ? t("codes.logo.loading")
              : logo?.source === "code"
                ? t("codes.logo.own")
                : logo?.source === "campaign"
                  ? t("codes.logo.inherited", { campaign: code.campaign ?? "" })
                  : t("codes.logo.none")}
          </p>
          {logoError && logoBusy === null && !logo && (
            <Button type="button" variant="ghost" className="mt-1 px-2 py-1 text-xs" onClick={() => void loadLogo()}>
              {t("codes.logo.retry")}
            </Button>
          )}
        </Field>
        <div className="flex flex-wrap gap-2 pt-1">
          <Button type="button" onClick={downloadPng} disabled={!picture || size === null} data-testid="download-png">
            {t("codes.download.png")}
          </Button>
          <Button type="button" variant="secondary" onClick={downloadSvg} disabled={size === null} data-testid="download-svg">
            {t("codes.download.svg")}
          </Button>
        </div>
        {svgError && (
          <p className="text-xs text-rose-600" role="alert">
            {svgError}
          </p>
        )}
      </div>
    </div>
  );
}

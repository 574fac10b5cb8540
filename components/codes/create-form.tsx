"use client";
import { useMemo, useState } from "react";
import { useRouter } from "next/navigation";
import { Button, Card, Field, TextInput } from "@/components/ui";
import { describeError, type FieldErrors } from "@/lib/client/errors";
import { useT } from "@/lib/i18n/client";
import { QR_RULES } from "@/lib/wechat/limits";
import { createQrCode } from "./data";
import { DEFAULT_VALIDITY, validityToInput } from "./format";
import { ChannelOptions, CreateTabs, EMPTY_SHARED, SharedFields, sharedBody, type SharedValues } from "./shared-fields";
import { validateCreate } from "./validation";
import { LiveFields, liveBody, NO_LIVE, type LiveValues } from "@/components/live/live-fields";

type SceneMode = "auto" | "id" | "str";

type FormValues = SharedValues & { name: string; channel: string; sceneMode: SceneMode; scene: string; live: LiveValues };

function body(v: FormValues) {
  const scene =
    v.sceneMode === "id"
      ? { sceneId: /^\d+$/.test(v.scene.trim()) ? Number(v.scene.trim()) : Number.NaN }
      : v.sceneMode === "str"
        ? { sceneStr: v.scene }
        : {};
  // A live code's lifetime is Qudao's to manage: no validity of its own.
  const validity = v.live.on ? {} : validityToInput(v.validity);
  return { name: v.name, channel: v.channel, ...sharedBody(v), ...validity, ...liveBody(v.live), ...scene };
}

/** One code: the API's own schema checks every field as it is filled in; server refusals land on their field too. */
export function CreateForm() {
  const t = useT();
  const router = useRouter();
  const [values, setValues] = useState<FormValues>({
    ...EMPTY_SHARED(DEFAULT_VALIDITY),
    name: "",
    channel: "",
    sceneMode: "auto",
    scene: "",
    live: NO_LIVE,
  });
  const [touched, setTouched] = useState<Set<string>>(new Set());
  const [submitted, setSubmitted] = useState(false);
  const [serverErrors, setServerErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const check = useMemo(() => validateCreate(body(values), t), [values, t]);
  const clientErrors: FieldErrors = check.ok ? {} : check.errors;
  const error = (field: string) => (submitted || touched.has(field) ? clientErrors[field] : undefined) ?? serverErrors[field];
  const touch = (field: string) => setTouched((s) => new Set(s).add(field));

  function change(patch: Partial<FormValues>) {
    setValues((v) => ({ ...v, ...patch }));
    const fields = Object.keys(patch).flatMap((k) =>
      k === "validity" ? ["expireSeconds"] : k === "scene" || k === "sceneMode" ? ["sceneId", "sceneStr"] : [k],
    );
    setServerErrors((e) => Object.fromEntries(Object.entries(e).filter(([k]) => !fields.includes(k))));
    setFormError(null);
  }

  async function submit(event: React.FormEvent) {
    event.preventDefault();
    setSubmitted(true);
    if (!check.ok) {
      const first = Object.keys(check.errors)[0];
      const target =
        first === "expireSeconds"
          ? "validity-seconds"
          : first === "sceneId" || first === "sceneStr"
            ? "scene"
            : first === "live"
              ? "live-slug"
              : first;
      document.getElementById(target)?.focus();
      return;
    }
    setBusy(true);
    setFormError(null);
    try {
      const code = await createQrCode(check.value);
      router.push(`/codes/${code.id}?created=1`);
    } catch (e) {
      setBusy(false);
      const { field, message } = describeError(t, "codes", e);
      if (field) setServerErrors({ [field.split(".")[0]]: message });
      else setFormError(message);
    }
  }

  const sceneError = error("sceneId") ?? error("sceneStr");
  // The schema's words for a bad slug are the API's (English); the form says it in the reader's language.
  const liveError = serverErrors.live ?? (error("live") ? t("live.v.slug") : undefined);
  const accountId = values.accountId ? Number(values.accountId) : undefined;

  return (
    <div>
      <CreateTabs />
      <div className="grid gap-5 lg:grid-cols-3">
        <Card className="lg:col-span-2">
          <form onSubmit={submit} noValidate className="space-y-4" data-testid="create-form">
            <div className="grid gap-4 md:grid-cols-2">
              <Field id="name" label={t("codes.field.name")} error={error("name")} hint={t("codes.field.nameHint")}>
                <TextInput
                  id="name"
                  value={values.name}
                  onChange={(e) => change({ name: e.target.value })}
                  onBlur={() => touch("name")}
                  aria-invalid={Boolean(error("name"))}
                  aria-describedby={error("name") ? "name-error" : undefined}
                  autoFocus
                  autoComplete="off"
                />
              </Field>
              <Field id="channel" label={t("codes.field.channel")} error={error("channel")} hint={t("codes.field.channelHint")}>
                <TextInput
                  id="channel"
                  list="channel-options"
                  value={values.channel}
                  onChange={(e) => change({ channel: e.target.value })}
                  onBlur={() => touch("channel")}
                  aria-invalid={Boolean(error("channel"))}
                  aria-describedby={error("channel") ? "channel-error" : undefined}
                  autoComplete="off"
                />
                <ChannelOptions id="channel-options" accountId={accountId} />
              </Field>
            </div>

            <LiveFields
              values={values.live}
              onChange={(live) => change({ live })}
              error={liveError}
              onBlur={() => touch("live")}
            />

            <SharedFields
              hideValidity={values.live.on}
              values={values}
              onChange={change}
              errors={{ expireSeconds: error("expireSeconds"), campaign: error("campaign"), reply: error("reply") }}
              onBlur={touch}
            />

            <fieldset className="space-y-2">
              <legend className="text-sm font-medium text-slate-700">{t("codes.field.scene")}</legend>
              <div className="flex flex-wrap gap-4 text-sm">
                {(["auto", "id", "str"] as const).map((mode) => (
                  <label key={mode} className="inline-flex items-center gap-1.5">
                    <input
                      type="radio"
                      name="sceneMode"
                      value={mode}
                      className="accent-emerald-600"
                      checked={values.sceneMode === mode}
                      onChange={() => change({ sceneMode: mode })}
                    />
                    {t(`codes.scene.${mode}`)}
                  </label>
                ))}
              </div>
              {values.sceneMode !== "auto" ? (
                <div className="max-w-sm">
                  <Field
                    id="scene"
                    label={values.sceneMode === "id" ? t("codes.scene.idLabel") : t("codes.scene.strLabel")}
                    error={sceneError}
                    hint={
                      values.sceneMode === "id"
                        ? t("codes.scene.idHint", { perm: QR_RULES.permanentSceneId.max, temp: QR_RULES.temporarySceneId.max })
                        : t("codes.scene.strHint", { max: QR_RULES.sceneStrChars.max })
                    }
                  >
                    <TextInput
                      id="scene"
                      value={values.scene}
                      inputMode={values.sceneMode === "id" ? "numeric" : undefined}
                      onChange={(e) => change({ scene: e.target.value })}
                      onBlur={() => {
                        touch("sceneId");
                        touch("sceneStr");
                      }}
                      aria-invalid={Boolean(sceneError)}
                      aria-describedby={sceneError ? "scene-error" : undefined}
                      autoComplete="off"
                    />
                  </Field>
                </div>
              ) : (
                <p className="text-xs text-slate-500">{t("codes.scene.autoHint")}</p>
              )}
            </fieldset>

            {formError && (
              <p
                className="rounded-md border border-rose-200 bg-rose-50 px-3 py-2 text-sm text-rose-800"
                role="alert"
                data-testid="form-error"
              >
                {formError}
              </p>
            )}
            <div className="flex gap-2">
              <Button type="submit" disabled={busy} data-testid="submit-create">
                {busy ? t("codes.new.busy") : t("codes.new.submit")}
              </Button>
              <Button type="button" variant="secondary" onClick={() => router.push("/codes")}>
                {t("common.cancel")}
              </Button>
            </div>
          </form>
        </Card>
        <CreateHelp />
      </div>
    </div>
  );
}

export function CreateHelp() {
  const t = useT();
  return (
    <aside className="space-y-3 text-sm text-slate-600">
      <Card title={t("codes.help.title")}>
        <ul className="list-disc space-y-2 pl-5">
          <li>{t("codes.help.channel")}</li>
          <li>{t("codes.help.temporary")}</li>
          <li>{t("codes.help.permanent")}</li>
          <li>{t("codes.help.reply")}</li>
        </ul>
      </Card>
    </aside>
  );
}

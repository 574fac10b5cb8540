"use client";
import { useState } from "react";
import { signIn } from "next-auth/react";
import { useRouter } from "next/navigation";
import { Button, Field, TextInput } from "@/components/ui";
import { useLocale, useT } from "@/lib/i18n/client";
import { lockedUntilOf } from "@/lib/access/sign-in-lockout";
import { LanguageSwitch } from "./language-switch";

export function SignInForm() {
  const t = useT();
  const locale = useLocale();
  const router = useRouter();
  /** "wrong" for a wrong email or password, the lock's end for a locked address. */
  const [failed, setFailed] = useState<"wrong" | Date | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setBusy(true);
    setFailed(null);
    const result = await signIn("credentials", { email: form.get("email"), password: form.get("password"), redirect: false });
    setBusy(false);
    // "/" leads to the role's own first page (app/page.tsx).
    if (result?.ok && !result.error) router.replace("/");
    else setFailed(lockedUntilOf(result?.error) ?? "wrong");
  }

  const until = (at: Date) =>
    new Intl.DateTimeFormat(locale === "zh" ? "zh-CN" : "en-GB", { hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).format(
      at,
    );
  const message =
    failed === null ? undefined : failed === "wrong" ? t("signin.failed") : t("signin.locked", { time: until(failed) });

  return (
    <form onSubmit={submit} className="w-full max-w-sm space-y-4 rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
      <div className="flex items-center justify-between">
        <h1 className="text-xl font-semibold">
          {t("app.name")} · {t("signin.title")}
        </h1>
        <LanguageSwitch />
      </div>
      <Field id="email" label={t("signin.email")}>
        <TextInput id="email" name="email" type="email" autoComplete="username" required autoFocus />
      </Field>
      <Field id="password" label={t("signin.password")} error={message}>
        <TextInput
          id="password"
          name="password"
          type="password"
          autoComplete="current-password"
          required
          aria-invalid={failed !== null}
        />
      </Field>
      <Button type="submit" className="w-full" disabled={busy}>
        {busy ? t("common.loading") : t("signin.submit")}
      </Button>
    </form>
  );
}

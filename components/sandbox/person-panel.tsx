"use client";
import Link from "next/link";
import { useState } from "react";
import { useSWRConfig } from "swr";
import { Badge, Button, Card, ErrorState, Field, Loading, Select, TextInput } from "@/components/ui";
import { errorMessage } from "@/lib/client/errors";
import { useT } from "@/lib/i18n/client";
import { REPLY_RULES } from "@/lib/wechat/limits";
import { followPlainly, newOpenid, scanCode, sendText, unfollow, useFollower, useScannableCodes } from "./data";
import { PhoneChat } from "./phone-chat";
import type { SandboxAccount } from "./sandbox-view";

const OPENID = /^[A-Za-z0-9_-]{1,64}$/;

/** One person: who they are, their phone (refreshed while open), their tags, and what they can do next. */
export function PersonPanel({
  account,
  openid,
  onOpenid,
}: {
  account: SandboxAccount;
  openid: string;
  onOpenid: (openid: string) => void;
}) {
  const t = useT();
  const { mutate } = useSWRConfig();
  const [typed, setTyped] = useState(openid);
  const valid = OPENID.test(openid);
  const follower = useFollower(account.appId, valid ? openid : null);
  const codes = useScannableCodes(account.id);
  const scannable = (codes.data?.items ?? []).filter((c) => c.ticket);
  const [codeId, setCodeId] = useState<number | undefined>();
  const code = scannable.find((c) => c.id === codeId) ?? scannable[0];
  const [text, setText] = useState("");
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const sceneName = new Map(scannable.map((c) => [c.sceneStr ?? String(c.sceneId), c.name]));
  const codeName = (scene: string) => sceneName.get(scene) ?? t("sandbox.scene", { scene });
  const view = follower.data;
  const following = view?.following ?? false;

  async function act(action: () => Promise<unknown>) {
    setBusy(true);
    setProblem(null);
    try {
      await action();
    } catch (error) {
      setProblem(errorMessage(t, "sandbox", error));
    } finally {
      setBusy(false);
      // the person may be new to the list, or follow no longer
      await Promise.all([
        follower.mutate(),
        mutate((key) => typeof key === "string" && key.startsWith("/api/sandbox/followers?")),
      ]);
    }
  }

  function pick(next: string) {
    setTyped(next);
    if (OPENID.test(next)) onOpenid(next);
  }

  return (
    <Card
      title={
        <span className="flex flex-wrap items-center gap-2">
          <span className="font-mono text-sm break-all">{openid}</span>
          {view && (
            <Badge tone={following ? "green" : "slate"}>{following ? t("sandbox.following") : t("sandbox.notFollowing")}</Badge>
          )}
        </span>
      }
    >
      <div className="flex flex-wrap items-start gap-6">
        <div className="flex w-full max-w-[340px] flex-col gap-3">
          {!valid ? (
            <p className="text-sm text-rose-600">{t("sandbox.error.invalid_openid")}</p>
          ) : follower.error && !view ? (
            <ErrorState error={follower.error} onRetry={() => follower.mutate()} />
          ) : !view ? (
            <Loading />
          ) : (
            <PhoneChat accountName={account.name} view={view} codeName={codeName} />
          )}
          <p className="text-xs text-slate-500">
            {t("sandbox.live")}
            {view && (view.interactions.length >= 200 || view.messages.length >= 200) ? ` ${t("sandbox.capped")}` : ""}
          </p>
        </div>

        <div className="min-w-0 flex-1 basis-64 space-y-4">
          <Field
            id="sandbox-openid"
            label={t("sandbox.openid")}
            error={typed && !OPENID.test(typed) ? t("sandbox.error.invalid_openid") : undefined}
          >
            <div className="flex gap-2">
              <TextInput
                id="sandbox-openid"
                value={typed}
                onChange={(e) => pick(e.target.value.trim())}
                className="min-w-0 flex-1 font-mono"
                data-testid="sandbox-openid"
              />
              <Button type="button" variant="secondary" onClick={() => pick(newOpenid())} data-testid="sandbox-new-person">
                {t("sandbox.newPerson")}
              </Button>
            </div>
          </Field>

          <div>
            <h3 className="mb-1 text-sm font-medium text-slate-700">{t("sandbox.tags")}</h3>
            <div className="flex flex-wrap gap-1.5" data-testid="sandbox-tags">
              {view?.tags.length ? (
                view.tags.map((tag) => (
                  <Badge key={tag.id} tone="blue">
                    {tag.name || `#${tag.id}`}
                  </Badge>
                ))
              ) : (
                <span className="text-sm text-slate-500">{t("sandbox.noTags")}</span>
              )}
            </div>
          </div>

          <form
            className="space-y-2"
            onSubmit={(e) => {
              e.preventDefault();
              if (code) void act(() => scanCode(code.id, openid));
            }}
          >
            <label htmlFor="sandbox-code" className="block text-sm font-medium text-slate-700">
              {t("sandbox.pickCode")}
            </label>
            {codes.error && !codes.data ? (
              <ErrorState error={codes.error} onRetry={() => codes.mutate()} />
            ) : codes.data && scannable.length === 0 ? (
              <p className="text-sm text-slate-500">
                {t("sandbox.noCodes")}{" "}
                <Link href="/codes/new" className="font-medium text-emerald-700 hover:underline">
                  {t("sandbox.newCode")}
                </Link>
              </p>
            ) : (
              <div className="flex gap-2">
                <Select
                  id="sandbox-code"
                  value={code?.id}
                  onChange={(e) => setCodeId(Number(e.target.value))}
                  className="min-w-0 flex-1"
                  data-testid="sandbox-code"
                >
                  {scannable.map((c) => (
                    <option key={c.id} value={c.id}>
                      {c.name} · {c.channel}
                      {c.status === "expired" ? ` (${t("sandbox.expired")})` : ""}
                    </option>
                  ))}
                </Select>
                <Button type="submit" disabled={busy || !valid || !code} data-testid="sandbox-scan">
                  {t("sandbox.scanCode")}
                </Button>
              </div>
            )}
          </form>

          <form
            className="space-y-2"
            onSubmit={(e) => {
              e.preventDefault();
              const message = text.trim();
              if (!message) return;
              void act(async () => {
                await sendText(account.id, openid, message);
                setText("");
              });
            }}
          >
            <label htmlFor="sandbox-text" className="block text-sm font-medium text-slate-700">
              {t("sandbox.message")}
            </label>
            <div className="flex gap-2">
              <TextInput
                id="sandbox-text"
                value={text}
                maxLength={REPLY_RULES.textChars}
                placeholder={t("sandbox.messagePlaceholder")}
                onChange={(e) => setText(e.target.value)}
                className="min-w-0 flex-1"
                data-testid="sandbox-text"
              />
              <Button type="submit" disabled={busy || !valid || !text.trim()} data-testid="sandbox-send">
                {t("sandbox.send")}
              </Button>
            </div>
          </form>

          <div className="flex flex-wrap gap-2">
            <Button
              type="button"
              variant="secondary"
              disabled={busy || !valid || following}
              onClick={() => act(() => followPlainly(account.id, openid))}
              data-testid="sandbox-follow"
            >
              {t("sandbox.follow")}
            </Button>
            <Button
              type="button"
              variant="danger"
              disabled={busy || !valid || !following}
              onClick={() => act(() => unfollow(account.id, openid))}
              data-testid="sandbox-unfollow"
            >
              {t("sandbox.unfollow")}
            </Button>
          </div>
          {problem && (
            <p
              className="rounded-md border border-rose-200 bg-rose-50 px-3 py-2 text-sm text-rose-800"
              role="alert"
              data-testid="sandbox-problem"
            >
              {problem}
            </p>
          )}
        </div>
      </div>
    </Card>
  );
}

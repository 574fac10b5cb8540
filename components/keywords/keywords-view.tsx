"use client";
import { useState } from "react";
import { usePathname, useRouter } from "next/navigation";
import { Badge, Button, Card, EmptyState, ErrorState, Field, Loading, PageHeader, TextInput } from "@/components/ui";
import { Dialog } from "@/components/replies/dialog";
import { PhoneClockZone, PhonePreview } from "@/components/replies/phone-preview";
import { ReplyEditor, TypeBadge } from "@/components/replies/reply-editor";
import { ReplyImagesSource } from "@/components/replies/image-library";
import { replySummary } from "@/components/replies/reply-draft";
import { setAccountReplies, useAccountReplies, useAccounts } from "@/components/replies/data";
import { useT } from "@/lib/i18n/client";
import { AccountPicker } from "@/components/shell/account-picker";
import { useCan, useViewer } from "@/lib/client/session";
import { describeError } from "@/lib/client/errors";
import type { ReplyInput } from "@/lib/validation/qrcodes";
import { deleteRule, reorderRules, tryMessage, updateRule, useKeywordRules, type KeywordRule } from "./data";
import { RuleForm } from "./rule-form";

type Account = { id: number; name: string; appId: string; sandbox: boolean; timeZone: string };

/** /keywords: pick an account, try a message, then its rules in order and the reply when none matches. */
export function KeywordsView({ initialAccountId }: { initialAccountId?: number }) {
  const t = useT();
  const router = useRouter();
  const pathname = usePathname();
  const viewer = useViewer();
  const canEdit = useCan("replies:write");
  const { data, error, isLoading, mutate } = useAccounts();
  const [chosen, setChosen] = useState<number | undefined>(initialAccountId);
  const accounts = data?.items ?? [];
  const account = accounts.find((a) => a.id === chosen) ?? accounts[0];

  function choose(id: number) {
    setChosen(id);
    router.replace(`${pathname}?account=${id}`, { scroll: false });
  }

  return (
    <div className="space-y-5">
      <PageHeader
        title={t("keywords.title")}
        description={t("keywords.description")}
        actions={
          <AccountPicker
            id="keyword-account"
            label={t("replies.account.pick")}
            accounts={accounts}
            account={account}
            onChoose={choose}
          />
        }
      />
      {!canEdit && viewer && (
        <p className="rounded-md border border-sky-200 bg-sky-50 px-4 py-2 text-sm text-sky-900" data-testid="readonly-note">
          {t("keywords.readOnly", { role: t(`role.${viewer.role}`) })}
        </p>
      )}
      {error && !data ? (
        <ErrorState error={error} onRetry={() => mutate()} />
      ) : isLoading || !data ? (
        <Loading />
      ) : !account ? (
        <EmptyState title={t("keywords.noAccounts")} hint={t("keywords.noAccountsHint")} />
      ) : (
        <PhoneClockZone.Provider value={account.timeZone}>
          <AccountKeywords key={account.id} account={account} canEdit={canEdit} />
        </PhoneClockZone.Provider>
      )}
    </div>
  );
}

function AccountKeywords({ account, canEdit }: { account: Account; canEdit: boolean }) {
  const t = useT();
  const { data, error, isLoading, mutate } = useKeywordRules(account.id);
  const [editing, setEditing] = useState<KeywordRule | "new" | null>(null);
  const [actionError, setActionError] = useState<string | null>(null);
  const rules = data?.items ?? [];

  async function act(action: () => Promise<unknown>) {
    setActionError(null);
    try {
      await action();
      await mutate();
    } catch (e) {
      setActionError(describeError(t, "keywords", e).message);
    }
  }
  const move = (index: number, by: -1 | 1) => {
    const ids = rules.map((r) => r.id);
    [ids[index], ids[index + by]] = [ids[index + by], ids[index]];
    return act(() => reorderRules(account.id, ids));
  };

  return (
    <>
      <TryMessage account={account} />
      <Card
        title={t("keywords.rules")}
        actions={
          data && (
            <div className="flex items-center gap-2">
              <span className="text-sm text-slate-500">
                {t("keywords.count", { n: rules.length, max: data.limits.rulesPerAccount })}
              </span>
              {canEdit && rules.length > 0 && rules.length < data.limits.rulesPerAccount && (
                <Button onClick={() => setEditing("new")} data-testid="add-rule">
                  {t("keywords.add")}
                </Button>
              )}
            </div>
          )
        }
      >
        <p className="mb-3 text-sm text-slate-500">{t("keywords.rulesHint")}</p>
        {actionError && (
          <p className="mb-3 text-sm text-rose-600" role="alert">
            {actionError}
          </p>
        )}
        {error && !data ? (
          <ErrorState error={error} onRetry={() => mutate()} />
        ) : isLoading || !data ? (
          <Loading />
        ) : rules.length === 0 ? (
          <EmptyState
            title={t("keywords.empty")}
            hint={canEdit ? t("keywords.emptyHint") : t("keywords.emptyReadOnly")}
            action={
              canEdit && (
                <Button onClick={() => setEditing("new")} data-testid="add-rule">
                  {t("keywords.add")}
                </Button>
              )
            }
          />
        ) : (
          <ol className="divide-y divide-slate-100" data-testid="keyword-rules">
            {rules.map((rule, index) => (
              <RuleRow
                key={rule.id}
                rule={rule}
                index={index}
                last={index === rules.length - 1}
                canEdit={canEdit}
                onEdit={() => setEditing(rule)}
                onMove={(by) => move(index, by)}
                onToggle={() => act(() => updateRule(rule.id, { enabled: !rule.enabled }))}
                onDelete={() => act(() => deleteRule(rule.id))}
              />
            ))}
          </ol>
        )}
      </Card>
      <NoMatchCard account={account} canEdit={canEdit} />
      {editing && (
        <Dialog
          title={editing === "new" ? t("keywords.addTitle") : t("keywords.editTitle", { n: rules.indexOf(editing) + 1 })}
          onClose={() => setEditing(null)}
          testId="rule-dialog"
        >
          <RuleForm
            accountId={account.id}
            accountName={account.name}
            timeZone={account.timeZone}
            rule={editing === "new" ? null : editing}
            onSaved={async (saved) => {
              await mutate();
              setEditing(editing === "new" ? null : saved);
            }}
          />
        </Dialog>
      )}
    </>
  );
}

function RuleRow({
  rule,
  index,
  last,
  canEdit,
  onEdit,
  onMove,
  onToggle,
  onDelete,
}: {
  rule: KeywordRule;
  index: number;
  last: boolean;
  canEdit: boolean;
  onEdit: () => void;
  onMove: (by: -1 | 1) => void;
  onToggle: () => void;
  onDelete: () => void;
}) {
  const t = useT();
  const [confirm, setConfirm] = useState(false);
  return (
    <li className="flex flex-wrap items-start gap-3 py-3" data-testid="keyword-rule">
      <span className="w-8 shrink-0 pt-0.5 font-mono text-sm text-slate-500">#{index + 1}</span>
      <div className="min-w-[12rem] flex-1 space-y-1.5">
        <div className="flex flex-wrap items-center gap-1.5">
          <Badge tone={rule.match === "exact" ? "blue" : "amber"}>{t(`keywords.match.${rule.match}`)}</Badge>
          {rule.keywords.map((keyword) => (
            <span key={keyword} className="rounded bg-slate-100 px-2 py-0.5 text-sm text-slate-800">
              {keyword}
            </span>
          ))}
        </div>
        <div className="flex flex-wrap items-center gap-2 text-sm text-slate-600">
          <TypeBadge type={rule.reply.type} />
          <span className="min-w-0 break-words">{replySummary(rule.reply as ReplyInput)}</span>
        </div>
        <div className="flex flex-wrap items-center gap-2 text-xs text-slate-500">
          <span>{rule.activeHours ? t("keywords.hours", rule.activeHours) : t("keywords.allDay")}</span>
          {rule.enabled ? <Badge tone="green">{t("keywords.enabled")}</Badge> : <Badge>{t("keywords.disabled")}</Badge>}
        </div>
      </div>
      {canEdit && (
        <div className="flex w-full flex-wrap gap-1 pl-11 sm:w-auto sm:pl-0">
          <Button
            variant="ghost"
            onClick={() => onMove(-1)}
            disabled={index === 0}
            aria-label={t("keywords.up")}
            title={t("keywords.up")}
          >
            ↑
          </Button>
          <Button
            variant="ghost"
            onClick={() => onMove(1)}
            disabled={last}
            aria-label={t("keywords.down")}
            title={t("keywords.down")}
          >
            ↓
          </Button>
          <Button variant="secondary" onClick={onEdit} data-testid="edit-rule">
            {t("keywords.edit")}
          </Button>
          <Button variant="secondary" onClick={onToggle}>
            {rule.enabled ? t("keywords.disable") : t("keywords.enable")}
          </Button>
          {confirm ? (
            <span className="inline-flex items-center gap-1 rounded-md bg-rose-50 px-2 text-sm text-rose-800">
              {t("keywords.deleteConfirm")}
              <Button variant="danger" onClick={onDelete} autoFocus>
                {t("keywords.deleteYes")}
              </Button>
              <Button variant="ghost" onClick={() => setConfirm(false)}>
                {t("common.cancel")}
              </Button>
            </span>
          ) : (
            <Button variant="ghost" onClick={() => setConfirm(true)}>
              {t("keywords.delete")}
            </Button>
          )}
        </div>
      )}
    </li>
  );
}

type Tried = Awaited<ReturnType<typeof tryMessage>>;

/** "Try a message": the server's own matching (POST …/keywords/test), shown as the follower's phone would show it. */
function TryMessage({ account }: { account: Account }) {
  const t = useT();
  const [text, setText] = useState("");
  const [result, setResult] = useState<{ text: string; answer: Tried } | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function run(event: React.FormEvent) {
    event.preventDefault();
    if (!text.trim()) return;
    setBusy(true);
    setError(null);
    try {
      setResult({ text, answer: await tryMessage(account.id, text) });
    } catch (e) {
      setError(describeError(t, "keywords", e).message);
    } finally {
      setBusy(false);
    }
  }

  const answer = result?.answer;
  return (
    <Card title={t("keywords.try.title")}>
      <div className="flex flex-wrap items-start gap-6">
        <form onSubmit={run} className="min-w-[260px] flex-1 space-y-3" data-testid="try-message">
          <p className="text-sm text-slate-500">{t("keywords.try.hint")}</p>
          <Field id="try-text" label={t("keywords.try.label")}>
            <div className="flex gap-2">
              <TextInput
                id="try-text"
                value={text}
                maxLength={2048}
                placeholder={t("keywords.try.placeholder")}
                onChange={(e) => setText(e.target.value)}
              />
              <Button
                type="submit"
                className="shrink-0 whitespace-nowrap"
                disabled={busy || !text.trim()}
                data-testid="try-button"
              >
                {t("keywords.try.button")}
              </Button>
            </div>
          </Field>
          {error && (
            <p className="text-sm text-rose-600" role="alert">
              {error}
            </p>
          )}
          {answer && (
            <div className="space-y-1 text-sm" role="status" data-testid="try-result">
              <p className="font-medium text-slate-800">
                {answer.source === "rule" && answer.rule
                  ? t("keywords.try.rule", { n: answer.rule.position + 1, keywords: answer.rule.keywords.join(" / ") })
                  : t(answer.source === "noMatch" ? "keywords.try.noMatch" : "keywords.try.none")}
              </p>
              <p className="text-xs text-slate-500">{t("keywords.try.at", { time: answer.localTime, zone: answer.timeZone })}</p>
            </div>
          )}
        </form>
        {answer && (
          <ReplyImagesSource accountId={account.id}>
            <PhonePreview
              accountName={account.name}
              reply={answer.reply as ReplyInput | null}
              caption={t("keywords.try.caption", { text: result.text })}
              testId="try-preview"
            />
          </ReplyImagesSource>
        )}
      </div>
    </Card>
  );
}

function NoMatchCard({ account, canEdit }: { account: Account; canEdit: boolean }) {
  const t = useT();
  const { data, error, isLoading, mutate } = useAccountReplies(account.id);
  async function put(reply: ReplyInput | null) {
    await mutate(await setAccountReplies(account.id, { noMatch: reply }), { revalidate: false });
  }
  return (
    <Card title={t("keywords.noMatch.title")}>
      <p className="mb-4 text-sm text-slate-500">{t("keywords.noMatch.hint")}</p>
      {error && !data ? (
        <ErrorState error={error} onRetry={() => mutate()} />
      ) : isLoading || !data ? (
        <Loading />
      ) : (
        <ReplyEditor
          id="no-match"
          accountId={account.id}
          reply={data.noMatch}
          accountName={account.name}
          canEdit={canEdit}
          emptyText={t("keywords.noMatch.empty")}
          onSave={(reply) => put(reply)}
          onClear={() => put(null)}
        />
      )}
    </Card>
  );
}

"use client";
import { useState } from "react";
import { Badge, Button, Card, Field, PageHeader } from "@/components/ui";
import { errorMessage, fieldMessage } from "@/lib/client/errors";
import { useT } from "@/lib/i18n/client";
import type { Role } from "@/lib/access/roles";
import type { UserView } from "@/lib/db/users";
import { SIGN_IN_LOCKOUT } from "@/lib/access/sign-in-lockout";
import { passwordSchema } from "@/lib/validation/users";
import { FormActions } from "./admin-form";
import { AdminList } from "./admin-list";
import { ConfirmButton } from "./confirm-button";
import { CopyableValue } from "./copy-button";
import { changeRole, deleteUser, resetPassword, unlockUser, useUsers } from "./data";
import { useFormatDate } from "./format";
import { PasswordInput } from "./password-input";
import { RoleSelect } from "./role-select";
import { UserForm } from "./user-form";

type Notice = { tone: "ok" | "error"; text: string; password?: string };

/** /users: who may sign in, with which role; passwords and lock-outs. */
export function UsersAdmin({ viewerId }: { viewerId: number | null }) {
  const t = useT();
  const { data, error, isLoading, mutate } = useUsers();
  const [adding, setAdding] = useState(false);
  const [notice, setNotice] = useState<Notice | null>(null);
  const users = data?.items ?? [];
  const adminCount = users.filter((u) => u.role === "admin").length;

  async function act(run: () => Promise<unknown>, success: string, password?: string) {
    try {
      await run();
      setNotice({ tone: "ok", text: success, password });
    } catch (err) {
      setNotice({ tone: "error", text: errorMessage(t, "users", err) });
    }
    await mutate();
  }

  const addButton = (
    <Button
      type="button"
      onClick={() => {
        setAdding(true);
        setNotice(null);
      }}
      data-testid="add-user"
    >
      {t("users.add")}
    </Button>
  );

  return (
    <div className="space-y-5">
      <PageHeader
        title={t("users.title")}
        description={t("users.description")}
        actions={adding || users.length === 0 ? undefined : addButton}
      />
      {adding && (
        <Card title={t("users.addTitle")}>
          <UserForm
            onCancel={() => setAdding(false)}
            onCreated={async (user, password) => {
              setAdding(false);
              setNotice({ tone: "ok", text: t("users.created", { email: user.email }), password: password ?? undefined });
              await mutate();
            }}
          />
        </Card>
      )}
      {notice && <NoticeBox notice={notice} onClose={() => setNotice(null)} />}
      <LockoutNotice users={users} act={act} />

      <AdminList
        query={{ isLoading, error, mutate }}
        count={users.length}
        empty={{ title: t("users.empty"), hint: t("users.emptyHint"), action: addButton }}
        testId="users-table"
        columns={[t("users.col.email"), t("users.col.name"), t("users.col.role"), t("users.col.status"), t("users.col.created")]}
        actionsLabel={t("users.col.actions")}
      >
        {users.map((user) => (
          <UserRow
            key={user.id}
            user={user}
            isSelf={user.id === viewerId}
            lastAdmin={user.role === "admin" && adminCount <= 1}
            act={act}
          />
        ))}
      </AdminList>
    </div>
  );
}

function NoticeBox({ notice, onClose }: { notice: Notice; onClose: () => void }) {
  const t = useT();
  const ok = notice.tone === "ok";
  return (
    <div
      className={`flex flex-wrap items-center gap-3 rounded-md border px-4 py-3 text-sm ${ok ? "border-emerald-200 bg-emerald-50 text-emerald-900" : "border-rose-200 bg-rose-50 text-rose-800"}`}
      role={ok ? "status" : "alert"}
      data-testid="users-notice"
    >
      <span className="flex-1">{notice.text}</span>
      {notice.password && (
        <span className="flex items-center gap-2">
          <span className="text-xs">{t("users.passwordOnce")}</span>
          <CopyableValue value={notice.password} className="rounded bg-white px-2 py-1 font-mono text-xs" testId="new-password" />
        </span>
      )}
      <Button type="button" variant="ghost" onClick={onClose} aria-label={t("admin.dismiss")}>
        ×
      </Button>
    </div>
  );
}

type Act = (run: () => Promise<unknown>, success: string, password?: string) => Promise<void>;

/** Which addresses may not sign in to which user now, and the way to lift it (all of a user's at once). */
function LockoutNotice({ users, act }: { users: UserView[]; act: Act }) {
  const t = useT();
  const formatDate = useFormatDate();
  const locked = users.filter((u) => u.lockouts.length > 0);
  if (locked.length === 0) return null;
  return (
    <div
      className="rounded-md border border-amber-200 bg-amber-50 px-4 py-3 text-sm text-amber-900"
      role="status"
      data-testid="lockouts"
    >
      <p className="font-medium">{t("users.lockouts.title")}</p>
      <p className="mt-1 text-xs">
        {t("users.lockouts.hint", { failures: SIGN_IN_LOCKOUT.failures, minutes: SIGN_IN_LOCKOUT.ms / 60_000 })}
      </p>
      <ul className="mt-2 space-y-2">
        {locked.map((user) => (
          <li key={user.id} className="flex flex-wrap items-start gap-3" data-testid="lockout" data-email={user.email}>
            <span className="min-w-48 font-medium">{user.name || user.email}</span>
            <ul className="flex-1 space-y-0.5">
              {user.lockouts.map((lockout) => (
                <li key={lockout.address} data-testid="lockout-address">
                  {t("users.lockouts.entry", {
                    address: lockout.address,
                    time: formatDate(lockout.lockedUntil),
                    failures: lockout.failures,
                  })}
                </li>
              ))}
            </ul>
            <Button
              type="button"
              variant="ghost"
              data-testid="lift-lockout"
              onClick={() => act(() => unlockUser(user.id), t("users.unlocked", { user: user.name || user.email }))}
            >
              {t("users.unlock")}
            </Button>
          </li>
        ))}
      </ul>
    </div>
  );
}

function UserRow({ user, isSelf, lastAdmin, act }: { user: UserView; isSelf: boolean; lastAdmin: boolean; act: Act }) {
  const t = useT();
  const formatDate = useFormatDate();
  const [resetting, setResetting] = useState(false);
  const locked = user.lockouts.length > 0;
  const label = user.name || user.email;

  return (
    <>
      <tr data-testid="user-row" data-email={user.email}>
        <td className="px-4 py-3 align-top">
          <span className="text-slate-900">{user.email}</span>
          {isSelf && <span className="ml-2 text-xs text-slate-500">{t("users.you")}</span>}
        </td>
        <td className="px-4 py-3 align-top text-slate-700">{user.name || "—"}</td>
        <td className="px-4 py-3 align-top">
          <label className="sr-only" htmlFor={`role-${user.id}`}>
            {t("users.changeRoleOf", { user: label })}
          </label>
          <RoleSelect
            id={`role-${user.id}`}
            className="w-36"
            value={user.role}
            disabled={lastAdmin}
            title={lastAdmin ? t("users.lastAdminHint") : undefined}
            data-testid="user-role"
            onChange={(e) => {
              const role = e.target.value as Role;
              void act(() => changeRole(user.id, role), t("users.roleChanged", { user: label, role: t(`role.${role}`) })).then(
                () => {
                  // Demoted yourself: this page is no longer yours to see.
                  if (isSelf && role !== "admin") window.location.assign("/codes");
                },
              );
            }}
          />
        </td>
        <td className="px-4 py-3 align-top">
          {locked ? (
            <div className="flex flex-wrap items-center gap-2">
              <Badge tone="rose">{t("users.lockedFrom", { count: user.lockouts.length })}</Badge>
              <Button
                type="button"
                variant="ghost"
                onClick={() => act(() => unlockUser(user.id), t("users.unlocked", { user: label }))}
              >
                {t("users.unlock")}
              </Button>
            </div>
          ) : (
            <Badge tone="green">{t("users.active")}</Badge>
          )}
        </td>
        <td className="px-4 py-3 align-top text-xs text-slate-600">{formatDate(user.createdAt)}</td>
        <td className="px-4 py-3 align-top">
          <div className="flex flex-wrap justify-end gap-1">
            <Button
              type="button"
              variant="ghost"
              onClick={() => setResetting((v) => !v)}
              aria-expanded={resetting}
              data-testid="reset-password"
            >
              {t("users.resetPassword")}
            </Button>
            <ConfirmButton
              label={t("common.delete")}
              question={t("users.deleteConfirm", { user: label })}
              confirmLabel={t("users.deleteYes")}
              disabled={isSelf || lastAdmin}
              disabledReason={isSelf ? t("users.error.cannot_delete_self") : t("users.lastAdminHint")}
              onConfirm={() => act(() => deleteUser(user.id), t("users.deleted", { user: label }))}
              testId="delete-user"
            />
          </div>
        </td>
      </tr>
      {resetting && (
        <tr>
          <td colSpan={6} className="bg-slate-50 px-4 py-3">
            <ResetPassword
              user={user}
              onDone={async (password, generated) => {
                await act(
                  () => resetPassword(user.id, password),
                  t("users.passwordReset", { user: label }),
                  generated ? password : undefined,
                );
                setResetting(false);
              }}
              onCancel={() => setResetting(false)}
            />
          </td>
        </tr>
      )}
    </>
  );
}

function ResetPassword({
  user,
  onDone,
  onCancel,
}: {
  user: UserView;
  onDone: (password: string, generated: boolean) => Promise<void>;
  onCancel: () => void;
}) {
  const t = useT();
  const [password, setPassword] = useState("");
  const [generated, setGenerated] = useState(false);
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const id = `reset-${user.id}`;

  async function submit(event: React.FormEvent) {
    event.preventDefault();
    const parsed = passwordSchema.safeParse(password);
    if (!parsed.success) {
      setError(fieldMessage(t, "users", "password", parsed.error.issues[0].message));
      document.getElementById(id)?.focus();
      return;
    }
    setBusy(true);
    await onDone(password, generated);
    setBusy(false);
  }

  return (
    <form
      onSubmit={submit}
      noValidate
      className="flex flex-wrap items-end gap-3"
      aria-label={t("users.resetPasswordOf", { user: user.email })}
    >
      <div className="w-[28rem] max-w-full">
        <Field
          id={id}
          label={t("users.resetPasswordOf", { user: user.email })}
          error={error}
          hint={t("users.hint.resetPassword")}
        >
          <PasswordInput
            id={id}
            value={password}
            onChange={(v) => {
              setPassword(v);
              setGenerated(false);
              setError(undefined);
            }}
            invalid={Boolean(error)}
            generated={generated}
            onGenerated={(v) => {
              setPassword(v);
              setGenerated(true);
              setError(undefined);
            }}
          />
        </Field>
      </div>
      <FormActions
        submitLabel={t("users.setPassword")}
        submitTestId="save-password"
        busy={busy}
        onCancel={onCancel}
        className="flex gap-2 pb-5"
      />
    </form>
  );
}

"use client";
import { GROUP_RECENT_DAYS } from "@/lib/limits";
import Link from "next/link";
import { useState } from "react";
import { Button, Field, Select, TextInput } from "@/components/ui";
import { fieldMessage } from "@/lib/client/errors";
import { useCan } from "@/lib/client/session";
import { useT } from "@/lib/i18n/client";
import type { ChannelMerge, ChannelView } from "@/lib/db/channels";
import type { NamedGroup } from "@/lib/db/campaigns";
import { renameChannelSchema } from "@/lib/validation/groups";
import { mergeChannel, renameChannel, useChannelList } from "./data";
import { CountCells, GroupPage, GroupTable, type Report, useReport } from "./group-page";
import { ChannelTagList, ChannelTagsForm } from "./channel-tags";

type Editing = { id: number; what: "rename" | "merge" | "tags" } | null;

/** /channels: every channel with its codes and recent counts; rename, or merge one into another. */
export function ChannelsAdmin() {
  const t = useT();
  const [accountId, setAccountId] = useState<number | undefined>();
  const list = useChannelList(accountId);
  const { notice, clear, report } = useReport(() => list.mutate());
  const [editing, setEditing] = useState<Editing>(null);
  const canWrite = useCan("channels:write");
  const channels = list.data?.items ?? [];
  const days = list.data?.days ?? GROUP_RECENT_DAYS;

  return (
    <GroupPage
      title={t("channels.title")}
      description={t("channels.description")}
      permission="channels:write"
      accountId={accountId}
      onAccount={setAccountId}
      notice={notice}
      onDismiss={clear}
      query={list}
      count={channels.length}
      empty={{ title: t("channels.empty"), hint: t("channels.emptyHint") }}
    >
      <GroupTable
        testId="channels-table"
        columns={[
          t("channels.col.name"),
          t("groups.col.codes"),
          t("groups.col.scans", { days }),
          t("groups.col.newFollows", { days }),
          t("groups.col.actions"),
        ]}
      >
        {channels.map((channel) => (
          <ChannelRow
            key={channel.id}
            channel={channel}
            siblings={channels.filter((c) => c.accountId === channel.accountId && c.id !== channel.id)}
            editing={editing?.id === channel.id ? editing.what : null}
            onEdit={(what) => {
              if (what) clear(); // closing after a change keeps its notice
              setEditing(what && { id: channel.id, what });
            }}
            canWrite={canWrite}
            report={report}
          />
        ))}
      </GroupTable>
    </GroupPage>
  );
}

function ChannelRow({
  channel,
  siblings,
  editing,
  onEdit,
  canWrite,
  report,
}: {
  channel: ChannelView;
  siblings: NamedGroup[];
  editing: "rename" | "merge" | "tags" | null;
  onEdit: (what: "rename" | "merge" | "tags" | null) => void;
  canWrite: boolean;
  report: Report;
}) {
  const t = useT();
  const scope = `accountId=${channel.accountId}&channel=${encodeURIComponent(channel.name)}`;
  return (
    <>
      <tr data-testid="channel-row" data-name={channel.name}>
        <td className="px-4 py-3 align-top">
          <span className="block max-w-48 truncate font-medium text-slate-900 sm:max-w-72" title={channel.name}>
            {channel.name}
          </span>
          <ChannelTagList channelId={channel.id} />
        </td>
        <CountCells {...channel} />
        <td className="px-4 py-3 align-top">
          <div className="flex gap-1 whitespace-nowrap">
            <Link className="rounded-md px-3 py-1.5 text-sm text-slate-700 hover:bg-slate-100" href={`/codes?${scope}`}>
              {t("groups.viewCodes")}
            </Link>
            <Link
              className="rounded-md px-3 py-1.5 text-sm text-slate-700 hover:bg-slate-100"
              href={`/stats?groupBy=channel&${scope}`}
            >
              {t("groups.viewStats")}
            </Link>
            <Link
              className="rounded-md px-3 py-1.5 text-sm text-slate-700 hover:bg-slate-100"
              href={`/followers?channelId=${channel.id}`}
              data-testid="channel-followers"
            >
              {t("followers.link")}
            </Link>
            {canWrite && (
              <>
                <Button
                  type="button"
                  variant="ghost"
                  aria-expanded={editing === "rename"}
                  onClick={() => onEdit(editing === "rename" ? null : "rename")}
                  data-testid="rename-channel"
                >
                  {t("groups.rename")}
                </Button>
                <Button
                  type="button"
                  variant="ghost"
                  aria-expanded={editing === "tags"}
                  onClick={() => onEdit(editing === "tags" ? null : "tags")}
                  data-testid="edit-channel-tags"
                >
                  {t("tags.edit")}
                </Button>
                <Button
                  type="button"
                  variant="ghost"
                  aria-expanded={editing === "merge"}
                  onClick={() => onEdit(editing === "merge" ? null : "merge")}
                  data-testid="merge-channel"
                >
                  {t("channels.merge")}
                </Button>
              </>
            )}
          </div>
        </td>
      </tr>
      {editing && (
        <tr>
          <td colSpan={5} className="bg-slate-50 px-4 py-3">
            {editing === "tags" ? (
              <ChannelTagsForm channelId={channel.id} name={channel.name} onDone={() => onEdit(null)} />
            ) : editing === "rename" ? (
              <RenameForm channel={channel} onDone={() => onEdit(null)} report={report} />
            ) : (
              <MergeForm channel={channel} siblings={siblings} onDone={() => onEdit(null)} report={report} />
            )}
          </td>
        </tr>
      )}
    </>
  );
}

function RenameForm({ channel, onDone, report }: { channel: ChannelView; onDone: () => void; report: Report }) {
  const t = useT();
  const [name, setName] = useState(channel.name);
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const id = `rename-${channel.id}`;

  async function submit(event: React.FormEvent) {
    event.preventDefault();
    const parsed = renameChannelSchema.safeParse({ name });
    if (!parsed.success) {
      setError(fieldMessage(t, "groups", "name", parsed.error.issues[0].message));
      document.getElementById(id)?.focus();
      return;
    }
    setBusy(true);
    const done = await report(
      () => renameChannel(channel.id, parsed.data.name),
      () => t("channels.renamed", { from: channel.name, to: parsed.data.name }),
    );
    setBusy(false);
    if (done) onDone();
  }

  return (
    <form
      onSubmit={submit}
      noValidate
      className="flex flex-wrap items-end gap-3"
      aria-label={t("channels.renameOf", { name: channel.name })}
    >
      <div className="w-80 max-w-full">
        <Field id={id} label={t("channels.renameOf", { name: channel.name })} error={error}>
          <TextInput
            id={id}
            value={name}
            autoFocus
            aria-invalid={Boolean(error)}
            aria-describedby={error ? `${id}-error` : undefined}
            onChange={(e) => {
              setName(e.target.value);
              setError(undefined);
            }}
            data-testid="channel-name"
          />
        </Field>
      </div>
      <div className="flex gap-2">
        <Button type="submit" disabled={busy} data-testid="save-channel">
          {busy ? t("groups.saving") : t("groups.save")}
        </Button>
        <Button type="button" variant="secondary" onClick={onDone}>
          {t("groups.cancel")}
        </Button>
      </div>
    </form>
  );
}

function MergeForm({
  channel,
  siblings,
  onDone,
  report,
}: {
  channel: ChannelView;
  siblings: NamedGroup[];
  onDone: () => void;
  report: Report;
}) {
  const t = useT();
  const [into, setInto] = useState<number | undefined>();
  const [busy, setBusy] = useState(false);
  const target = siblings.find((c) => c.id === into);
  const id = `merge-${channel.id}`;

  if (siblings.length === 0)
    return (
      <div className="flex flex-wrap items-center gap-3 text-sm text-slate-600">
        <span>{t("channels.mergeNone")}</span>
        <Button type="button" variant="secondary" onClick={onDone}>
          {t("groups.cancel")}
        </Button>
      </div>
    );

  async function submit(event: React.FormEvent) {
    event.preventDefault();
    if (!target) return;
    setBusy(true);
    const done = await report(
      () => mergeChannel(channel.id, target.id),
      (merge: ChannelMerge) => t("channels.merged", { from: merge.from.name, into: merge.into.name, codes: channel.codes }),
    );
    setBusy(false);
    if (done) onDone();
  }

  return (
    <form onSubmit={submit} noValidate className="space-y-3" aria-label={t("channels.mergeOf", { name: channel.name })}>
      <div className="w-80 max-w-full">
        <Field id={id} label={t("channels.mergeOf", { name: channel.name })}>
          <Select
            id={id}
            value={into ?? ""}
            autoFocus
            onChange={(e) => setInto(e.target.value ? Number(e.target.value) : undefined)}
            data-testid="merge-target"
          >
            <option value="">{t("channels.mergePick")}</option>
            {siblings.map((sibling) => (
              <option key={sibling.id} value={sibling.id}>
                {sibling.name}
              </option>
            ))}
          </Select>
        </Field>
      </div>
      {target && (
        <p className="max-w-2xl text-sm text-amber-900" role="status" data-testid="merge-explain">
          {t("channels.mergeExplain", { from: channel.name, into: target.name, codes: channel.codes })}
        </p>
      )}
      <div className="flex flex-wrap gap-2">
        <Button type="submit" variant="danger" disabled={!target || busy} data-testid="merge-confirm">
          {busy ? t("channels.merging") : t("channels.mergeConfirm")}
        </Button>
        <Button type="button" variant="secondary" onClick={onDone} disabled={busy}>
          {t("groups.cancel")}
        </Button>
      </div>
    </form>
  );
}

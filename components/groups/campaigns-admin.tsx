"use client";
import { GROUP_RECENT_DAYS } from "@/lib/limits";
import Link from "next/link";
import { useState } from "react";
import { Button, Field, TextArea, TextInput } from "@/components/ui";
import { describeError, fieldMessage, type FieldErrors } from "@/lib/client/errors";
import { useCan } from "@/lib/client/session";
import { useT } from "@/lib/i18n/client";
import type { Translate } from "@/lib/i18n/locale";
import type { CampaignView } from "@/lib/db/campaigns";
import { updateCampaignSchema } from "@/lib/validation/groups";
import { updateCampaign, useCampaignList } from "./data";
import { CampaignLogo } from "./campaign-logo";
import { CountCells, GroupPage, GroupTable, type Report, useReport } from "./group-page";

/** /campaigns: every campaign with its days, note, codes and recent counts; edit them. */
export function CampaignsAdmin() {
  const t = useT();
  const [accountId, setAccountId] = useState<number | undefined>();
  const list = useCampaignList(accountId);
  const { notice, clear, report } = useReport(() => list.mutate());
  const [editing, setEditing] = useState<number | null>(null);
  const canWrite = useCan("campaigns:write");
  const campaigns = list.data?.items ?? [];
  const days = list.data?.days ?? GROUP_RECENT_DAYS;

  return (
    <GroupPage
      title={t("campaigns.title")}
      description={t("campaigns.description")}
      permission="campaigns:write"
      accountId={accountId}
      onAccount={setAccountId}
      notice={notice}
      onDismiss={clear}
      query={list}
      count={campaigns.length}
      empty={{ title: t("campaigns.empty"), hint: t("campaigns.emptyHint") }}
    >
      <GroupTable
        testId="campaigns-table"
        columns={[
          t("campaigns.col.name"),
          t("campaigns.col.dates"),
          t("groups.col.codes"),
          t("groups.col.scans", { days }),
          t("groups.col.newFollows", { days }),
          t("groups.col.actions"),
        ]}
      >
        {campaigns.map((campaign) => (
          <CampaignRow
            key={campaign.id}
            campaign={campaign}
            editing={editing === campaign.id}
            onEdit={(open) => {
              if (open) clear(); // closing after a change keeps its notice
              setEditing(open ? campaign.id : null);
            }}
            canWrite={canWrite}
            report={report}
          />
        ))}
      </GroupTable>
    </GroupPage>
  );
}

function datesOf(t: Translate, { startsOn, endsOn }: CampaignView): string {
  if (startsOn && endsOn) return t("campaigns.range", { from: startsOn, to: endsOn });
  if (startsOn) return t("campaigns.from", { day: startsOn });
  if (endsOn) return t("campaigns.until", { day: endsOn });
  return t("campaigns.noDates");
}

function CampaignRow({
  campaign,
  editing,
  onEdit,
  canWrite,
  report,
}: {
  campaign: CampaignView;
  editing: boolean;
  onEdit: (open: boolean) => void;
  canWrite: boolean;
  report: Report;
}) {
  const t = useT();
  const scope = `accountId=${campaign.accountId}&campaign=${encodeURIComponent(campaign.name)}`;
  const link = "rounded-md px-3 py-1.5 text-sm text-slate-700 hover:bg-slate-100";
  return (
    <>
      <tr data-testid="campaign-row" data-name={campaign.name}>
        <td className="px-4 py-3 align-top">
          <span className="block max-w-48 truncate font-medium text-slate-900 sm:max-w-72" title={campaign.name}>
            {campaign.name}
          </span>
          {campaign.note && (
            <p className="mt-1 max-w-xs whitespace-pre-line break-words text-xs text-slate-500" data-testid="campaign-note">
              {campaign.note}
            </p>
          )}
          <CampaignLogo campaign={campaign} canWrite={canWrite} report={report} />
        </td>
        <td className="px-4 py-3 align-top whitespace-nowrap text-slate-700" data-testid="campaign-dates">
          {datesOf(t, campaign)}
        </td>
        <CountCells {...campaign} />
        <td className="px-4 py-3 align-top">
          <div className="flex gap-1 whitespace-nowrap">
            <Link className={link} href={`/codes?${scope}`}>
              {t("groups.viewCodes")}
            </Link>
            <Link className={link} href={`/stats?groupBy=campaign&${scope}`}>
              {t("groups.viewStats")}
            </Link>
            <Link className={link} href={`/followers?campaignId=${campaign.id}`} data-testid="campaign-followers">
              {t("followers.link")}
            </Link>
            {canWrite && (
              <Button
                type="button"
                variant="ghost"
                aria-expanded={editing}
                onClick={() => onEdit(!editing)}
                data-testid="edit-campaign"
              >
                {t("groups.edit")}
              </Button>
            )}
          </div>
        </td>
      </tr>
      {editing && (
        <tr>
          <td colSpan={6} className="bg-slate-50 px-4 py-3">
            <CampaignForm campaign={campaign} onDone={() => onEdit(false)} report={report} />
          </td>
        </tr>
      )}
    </>
  );
}

const FIELDS = ["name", "startsOn", "endsOn", "note"] as const;

function CampaignForm({ campaign, onDone, report }: { campaign: CampaignView; onDone: () => void; report: Report }) {
  const t = useT();
  const [draft, setDraft] = useState({
    name: campaign.name,
    startsOn: campaign.startsOn ?? "",
    endsOn: campaign.endsOn ?? "",
    note: campaign.note ?? "",
  });
  const [errors, setErrors] = useState<FieldErrors>({});
  const [busy, setBusy] = useState(false);
  const id = (field: string) => `campaign-${campaign.id}-${field}`;

  function refuse(found: FieldErrors) {
    setErrors(found);
    const first = FIELDS.find((field) => found[field]);
    if (first) document.getElementById(id(first))?.focus();
  }

  async function submit(event: React.FormEvent) {
    event.preventDefault();
    const parsed = updateCampaignSchema.safeParse({
      name: draft.name,
      startsOn: draft.startsOn || null,
      endsOn: draft.endsOn || null,
      note: draft.note.trim() || null,
    });
    if (!parsed.success) {
      const found: FieldErrors = {};
      for (const issue of parsed.error.issues) {
        const field = String(issue.path[0] ?? "name");
        found[field] ??= fieldMessage(t, "groups", field, issue.message);
      }
      return refuse(found);
    }
    setBusy(true);
    let refused: FieldErrors | null = null;
    const done = await report(
      async () => {
        try {
          return await updateCampaign(campaign.id, parsed.data);
        } catch (error) {
          const { field, message } = describeError(t, "groups", error);
          if (field) refused = { [field]: message };
          throw error;
        }
      },
      (saved) => t("campaigns.saved", { name: saved.name }),
    );
    setBusy(false);
    if (done) onDone();
    else if (refused) refuse(refused);
  }

  const set = (field: keyof typeof draft) => (e: React.ChangeEvent<HTMLInputElement | HTMLTextAreaElement>) => {
    setDraft((d) => ({ ...d, [field]: e.target.value }));
    setErrors((found) => ({ ...found, [field]: undefined }));
  };
  const invalid = (field: string) => ({
    "aria-invalid": Boolean(errors[field]),
    "aria-describedby": errors[field] ? `${id(field)}-error` : undefined,
  });

  return (
    <form onSubmit={submit} noValidate className="space-y-3" aria-label={t("campaigns.editOf", { name: campaign.name })}>
      <div className="grid max-w-3xl gap-3 sm:grid-cols-3">
        <Field id={id("name")} label={t("campaigns.col.name")} error={errors.name}>
          <TextInput id={id("name")} value={draft.name} onChange={set("name")} {...invalid("name")} data-testid="campaign-name" />
        </Field>
        <Field id={id("startsOn")} label={t("campaigns.startsOn")} error={errors.startsOn} hint={t("campaigns.datesHint")}>
          <TextInput
            id={id("startsOn")}
            type="date"
            value={draft.startsOn}
            max={draft.endsOn || undefined}
            onChange={set("startsOn")}
            {...invalid("startsOn")}
            data-testid="campaign-starts"
          />
        </Field>
        <Field id={id("endsOn")} label={t("campaigns.endsOn")} error={errors.endsOn}>
          <TextInput
            id={id("endsOn")}
            type="date"
            value={draft.endsOn}
            min={draft.startsOn || undefined}
            onChange={set("endsOn")}
            {...invalid("endsOn")}
            data-testid="campaign-ends"
          />
        </Field>
      </div>
      <div className="max-w-3xl">
        <Field id={id("note")} label={t("campaigns.note")} error={errors.note} hint={t("campaigns.noteHint")}>
          <TextArea
            id={id("note")}
            rows={3}
            value={draft.note}
            onChange={set("note")}
            {...invalid("note")}
            data-testid="campaign-note-input"
          />
        </Field>
      </div>
      <div className="flex flex-wrap gap-2">
        <Button type="submit" disabled={busy} data-testid="save-campaign">
          {busy ? t("groups.saving") : t("groups.save")}
        </Button>
        <Button type="button" variant="secondary" onClick={onDone} disabled={busy}>
          {t("groups.cancel")}
        </Button>
      </div>
    </form>
  );
}

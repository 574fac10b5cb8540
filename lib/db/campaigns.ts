import { prisma } from "./client";
import { Prisma } from "@/lib/generated/prisma/client";
import { conflict, invalid } from "@/lib/errors";
import { recordAudit, SYSTEM_ACTOR, type AuditActor } from "./audit";
import { NO_RECENT_COUNTS, recentCounts, type RecentCounts } from "./group-counts";
import type { UpdateCampaignInput } from "@/lib/validation/groups";

/** A campaign or channel as the filters and forms list it, with how many codes use it. */
export type NamedGroup = { id: number; accountId: number; name: string; codes: number };

/** A campaign as its management page lists it: its days (YYYY-MM-DD, either may be open), note and counts. */
export type CampaignView = NamedGroup &
  RecentCounts & {
    startsOn: string | null;
    endsOn: string | null;
    note: string | null;
    /** The SHA-256 of its logo (the default of its codes), null when it has none. */
    logoSha256: string | null;
  };

/** Codes a channel or campaign counts as its own: issued and not archived (what the code list shows). */
export const listedCodes = { _count: { select: { qrCodes: { where: { status: "active" as const, archivedAt: null } } } } };
const select = {
  id: true,
  accountId: true,
  name: true,
  startsOn: true,
  endsOn: true,
  note: true,
  ...listedCodes,
  logo: { select: { sha256: true } },
};

type Row = Prisma.CampaignGetPayload<{ select: typeof select }>;

// A @db.Date comes back as midnight UTC of that day.
const dayOf = (date: Date | null) => (date ? date.toISOString().slice(0, 10) : null);
const dateOf = (day: string | null) => (day === null ? null : new Date(`${day}T00:00:00Z`));

function view({ _count, startsOn, endsOn, logo, ...row }: Row, recent: RecentCounts): CampaignView {
  return {
    ...row,
    codes: _count.qrCodes,
    startsOn: dayOf(startsOn),
    endsOn: dayOf(endsOn),
    ...recent,
    logoSha256: logo?.sha256 ?? null,
  };
}

export async function listCampaigns(accountId?: number): Promise<CampaignView[]> {
  const [rows, recent] = await Promise.all([
    prisma.campaign.findMany({ where: accountId ? { accountId } : {}, orderBy: [{ name: "asc" }, { id: "asc" }], select }),
    recentCounts("campaign", accountId),
  ]);
  return rows.map((row) => view(row, recent.get(row.id) ?? NO_RECENT_COUNTS));
}

const snapshot = (campaign: CampaignView) => ({
  name: campaign.name,
  startsOn: campaign.startsOn,
  endsOn: campaign.endsOn,
  note: campaign.note,
});

/**
 * Renames a campaign, sets or clears its days and note. The days are judged with what is stored:
 * the start may not fall after the end. Null when there is no such campaign.
 */
export async function updateCampaign(
  id: number,
  patch: UpdateCampaignInput,
  actor: AuditActor = SYSTEM_ACTOR,
): Promise<CampaignView | null> {
  return prisma
    .$transaction(async (tx) => {
      const row = await tx.campaign.findUnique({ where: { id }, select });
      if (!row) return null;
      const before = view(row, NO_RECENT_COUNTS);
      const startsOn = patch.startsOn === undefined ? before.startsOn : patch.startsOn;
      const endsOn = patch.endsOn === undefined ? before.endsOn : patch.endsOn;
      if (startsOn && endsOn && startsOn > endsOn)
        throw patch.endsOn !== undefined
          ? invalid("invalid_range", `must not be before startsOn (${startsOn})`, "endsOn")
          : invalid("invalid_range", `must not be after endsOn (${endsOn})`, "startsOn");
      const note = patch.note === undefined ? before.note : patch.note?.trim() || null;
      const updated = await tx.campaign.update({
        where: { id },
        data: { name: patch.name, startsOn: dateOf(startsOn), endsOn: dateOf(endsOn), note },
        select,
      });
      const after = view(updated, NO_RECENT_COUNTS);
      await recordAudit(tx, actor, {
        action: "campaign.update",
        target: { type: "campaign", id, label: before.name },
        before: snapshot(before),
        after: snapshot(after),
      });
      return after;
    })
    .catch((error) => {
      if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002")
        throw conflict("name_taken", `this account already has a campaign named ${patch.name}`, "name");
      throw error;
    });
}

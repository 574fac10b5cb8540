import { inTransaction } from "./client";
import { FOLD_LOCK } from "./stats-fold";
import { buckets, COPY_EVENTS, hourCounts, PEOPLE, retentionCounts } from "./stats-rebuild";
import { weekOf, type SliceKind } from "./stats-aggregates";

type Keys = { channelIds: number[]; campaignIds: number[] };
type Recounted = { codes: string; rows: string; keys: (keys: Keys) => number[][] };

/** Which rows of a slice a recount replaces, as SQL over the code (`q`) and over the statistics' key1/key2, from $2 on. */
const RECOUNTED: Partial<Record<SliceKind, Recounted>> = {
  channel: { codes: "q.channel_id = ANY($2::int[])", rows: "key1 = ANY($2::int[])", keys: (k) => [k.channelIds] },
  campaign: { codes: "COALESCE(q.campaign_id, 0) = ANY($2::int[])", rows: "key1 = ANY($2::int[])", keys: (k) => [k.campaignIds] },
  channel_campaign: {
    codes: "(q.channel_id = ANY($2::int[]) OR COALESCE(q.campaign_id, 0) = ANY($3::int[]))",
    rows: "(key1 = ANY($2::int[]) OR key2 = ANY($3::int[]))",
    keys: (k) => [k.channelIds, k.campaignIds],
  },
};

/**
 * Recomputes the channel, campaign and channel × campaign statistics of the given keys (campaign 0:
 * codes without one) from the event log, by the codes' current channel and campaign: after a code
 * moved, its history counts where it is now. Under the fold's lock, in one transaction; events
 * still queued are left to the fold, which counts them by the same codes' current keys.
 */
export async function recountSlices(accountId: number, keys: { channelIds?: number[]; campaignIds?: number[] }): Promise<void> {
  const channelIds = keys.channelIds ?? [];
  const campaignIds = keys.campaignIds ?? [];
  if (channelIds.length === 0 && campaignIds.length === 0) return;
  await inTransaction(async (db) => {
    await db.query("SELECT pg_advisory_xact_lock($1)", [FOLD_LOCK]);
    for (const [slice, recounted] of Object.entries(RECOUNTED) as [SliceKind, Recounted][]) {
      const values = [accountId, ...recounted.keys({ channelIds, campaignIds })];
      for (const table of ["stats_days", "stats_weeks", "stats_hours", "stats_retention", "stats_retention_weeks"])
        await db.query(`DELETE FROM ${table} WHERE account_id = $1 AND slice = '${slice}' AND ${recounted.rows}`, values);
      await db.query(
        `${COPY_EVENTS} AND ${recounted.codes} AND NOT EXISTS (SELECT 1 FROM stats_queue sq WHERE sq.event_id = e.id)`,
        values,
      );
      await db.query(hourCounts(slice), [accountId]);
      await db.query(PEOPLE(slice));
      await db.query(buckets(slice, "stats_days", "day", "day"), [accountId]);
      await db.query(buckets(slice, "stats_weeks", "week", weekOf("day")), [accountId]);
      await db.query("DROP TABLE rebuild_people");
      await db.query("DROP TABLE rebuild_events");
      await db.query(retentionCounts({ folded: true, slice, codes: recounted.codes }), values);
    }
  });
}

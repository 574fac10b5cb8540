import { rebuildStatistics } from "./stats-rebuild";

/**
 * Recomputes the channel, campaign and channel_campaign statistics of those keys from the events.
 * For now the whole account's statistics (correct, slower); the code life-cycle work replaces it
 * with a recount of just those slices under the same signature.
 */
export async function recountSlices(accountId: number, _keys: { channelIds?: number[]; campaignIds?: number[] }): Promise<void> {
  await rebuildStatistics(accountId);
}

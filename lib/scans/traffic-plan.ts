// A day of scans of one code, as it could have happened: people scan at random moments between
// the day's start and now, most of them once, some again (a returning visitor, or a follower from
// before today); some who followed today unfollow later the same day. Pure, so it can be checked.

export const TRAFFIC_RULES = { maxScans: 10_000, returningShare: 0.2, repeaterShare: 0.3 } as const;

export type PlannedPerson = {
  openid: string;
  /** Already followed before today: every scan is a SCAN, and they do not count as new followers. */
  returning: boolean;
  /** CreateTime of each scan, seconds, strictly increasing. */
  scans: number[];
  /** CreateTime of their unfollow, after their last scan; null when they stay. */
  unfollowAt: number | null;
};

export type TrafficRequest = {
  scans: number;
  /** How many different people scan (at most `scans`). */
  people: number;
  /** The share of today's new followers who unfollow later in the day, 0–1. */
  unfollowRate: number;
  /** Users following the account now, who may come back today. */
  followers: readonly string[];
  /** Seconds: the local day's start and now. */
  dayStart: number;
  now: number;
  /** Prefix of the new people's openids (unique per run). */
  prefix: string;
  random?: () => number;
};

export type TrafficSummary = { scans: number; people: number; newFollowers: number; returning: number; unfollows: number };

function shuffle<T>(items: T[], random: () => number): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j], items[i]];
  }
  return items;
}

/**
 * Times in [from, to], sorted, each at least a second after the one before (WeChat's CreateTime is
 * in seconds: the same one twice is a retry). A window too short for them all starts before `from`.
 */
function moments(count: number, from: number, to: number, random: () => number): number[] {
  const times = Array.from({ length: count }, () => from + Math.floor(random() * (to - from + 1))).sort((a, b) => a - b);
  for (let i = 1; i < times.length; i++) if (times[i] <= times[i - 1]) times[i] = times[i - 1] + 1;
  for (let i = times.length - 1; i >= 0; i--) times[i] = Math.min(times[i], i === times.length - 1 ? to : times[i + 1] - 1);
  return times;
}

export function planTraffic(req: TrafficRequest): PlannedPerson[] {
  const random = req.random ?? Math.random;
  const people = Math.max(1, Math.min(req.people, req.scans));
  const returningCount = Math.min(req.followers.length, Math.floor(people * TRAFFIC_RULES.returningShare));
  const openids = [
    ...req.followers.slice(0, returningCount).map((openid) => ({ openid, returning: true })),
    ...Array.from({ length: people - returningCount }, (_, i) => ({ openid: `${req.prefix}${i + 1}`, returning: false })),
  ];
  // Everyone scans once; the scans left over go to a few repeaters, so most people scan once.
  const counts = openids.map(() => 1);
  const repeaters = shuffle(
    openids.map((_, i) => i),
    random,
  ).slice(0, Math.max(1, Math.ceil(people * TRAFFIC_RULES.repeaterShare)));
  for (let extra = req.scans - people; extra > 0; extra--) counts[repeaters[Math.floor(random() * repeaters.length)]]++;

  const from = Math.min(req.dayStart, req.now);
  const planned = openids.map((person, i) => ({
    ...person,
    scans: moments(counts[i], from, req.now, random),
    unfollowAt: null as number | null,
  }));
  const newcomers = shuffle(
    planned.filter((p) => !p.returning),
    random,
  );
  const leaving = Math.round(Math.min(1, Math.max(0, req.unfollowRate)) * newcomers.length);
  for (const person of newcomers.slice(0, leaving)) {
    const last = person.scans[person.scans.length - 1];
    person.unfollowAt = last + 1 + Math.floor(random() * Math.max(0, req.now - last));
  }
  return planned;
}

/** What the plan delivers: scans (events), distinct people, new followers, returning followers, unfollows. */
export function summarize(plan: readonly PlannedPerson[]): TrafficSummary {
  return {
    scans: plan.reduce((n, p) => n + p.scans.length, 0),
    people: plan.length,
    newFollowers: plan.filter((p) => !p.returning).length,
    returning: plan.filter((p) => p.returning).length,
    unfollows: plan.filter((p) => p.unfollowAt !== null).length,
  };
}

-- AlterTable
ALTER TABLE "stats_days" ADD COLUMN     "follow_returns" INTEGER[] DEFAULT ARRAY[]::INTEGER[],
ADD COLUMN     "followers" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "unfollow_returns" INTEGER[] DEFAULT ARRAY[]::INTEGER[],
ADD COLUMN     "unfollowers" INTEGER NOT NULL DEFAULT 0;

-- AlterTable
ALTER TABLE "stats_weeks" ADD COLUMN     "follow_returns" INTEGER[] DEFAULT ARRAY[]::INTEGER[],
ADD COLUMN     "followers" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "unfollow_returns" INTEGER[] DEFAULT ARRAY[]::INTEGER[],
ADD COLUMN     "unfollowers" INTEGER NOT NULL DEFAULT 0;

-- AlterTable
ALTER TABLE "stats_hours" ADD COLUMN     "followers" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "unfollowers" INTEGER NOT NULL DEFAULT 0;


-- The new columns cannot be worked out from the old counts (they count people, not events), so the
-- statistics are emptied here and the server's start recounts every account from its event log
-- before it serves (lib/db/stats-rebuild.ts buildMissingStatistics: accounts with events but no
-- statistics), in one set-based pass per slice, so no read ever sees them half recounted. Queued
-- events are left queued: the rebuild takes its account's out of the queue as it counts them.
TRUNCATE "stats_days", "stats_weeks", "stats_hours";

-- Running counts as columns (summed faster than arrays), and a weekly table for long ranges. The
-- rows are emptied here: at start, accounts with follows but no retention get it built anew from
-- the event log (lib/db/stats-rebuild.ts), days and weeks alike.
DELETE FROM "stats_retention";

-- AlterTable
ALTER TABLE "stats_retention" ADD COLUMN     "ended_12h" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "ended_14d" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "ended_15m" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "ended_180d" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "ended_1d" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "ended_1h" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "ended_2d" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "ended_30d" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "ended_365d" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "ended_3d" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "ended_3h" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "ended_5m" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "ended_60d" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "ended_6h" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "ended_7d" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "ended_90d" INTEGER NOT NULL DEFAULT 0,
DROP COLUMN "ended",
ADD COLUMN     "ended" INTEGER NOT NULL DEFAULT 0;

-- CreateTable
CREATE TABLE "stats_retention_weeks" (
    "account_id" INTEGER NOT NULL,
    "slice" "StatsSlice" NOT NULL,
    "key1" INTEGER NOT NULL,
    "key2" INTEGER NOT NULL,
    "week" DATE NOT NULL,
    "follows" INTEGER NOT NULL DEFAULT 0,
    "ended" INTEGER NOT NULL DEFAULT 0,
    "ended_5m" INTEGER NOT NULL DEFAULT 0,
    "ended_15m" INTEGER NOT NULL DEFAULT 0,
    "ended_1h" INTEGER NOT NULL DEFAULT 0,
    "ended_3h" INTEGER NOT NULL DEFAULT 0,
    "ended_6h" INTEGER NOT NULL DEFAULT 0,
    "ended_12h" INTEGER NOT NULL DEFAULT 0,
    "ended_1d" INTEGER NOT NULL DEFAULT 0,
    "ended_2d" INTEGER NOT NULL DEFAULT 0,
    "ended_3d" INTEGER NOT NULL DEFAULT 0,
    "ended_7d" INTEGER NOT NULL DEFAULT 0,
    "ended_14d" INTEGER NOT NULL DEFAULT 0,
    "ended_30d" INTEGER NOT NULL DEFAULT 0,
    "ended_60d" INTEGER NOT NULL DEFAULT 0,
    "ended_90d" INTEGER NOT NULL DEFAULT 0,
    "ended_180d" INTEGER NOT NULL DEFAULT 0,
    "ended_365d" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "stats_retention_weeks_pkey" PRIMARY KEY ("account_id","slice","week","key1","key2")
);

-- AddForeignKey
ALTER TABLE "stats_retention_weeks" ADD CONSTRAINT "stats_retention_weeks_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "accounts"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- CreateTable
CREATE TABLE "stats_retention" (
    "account_id" INTEGER NOT NULL,
    "slice" "StatsSlice" NOT NULL,
    "key1" INTEGER NOT NULL,
    "key2" INTEGER NOT NULL,
    "day" DATE NOT NULL,
    "follows" INTEGER NOT NULL DEFAULT 0,
    "ended" INTEGER[] DEFAULT ARRAY[]::INTEGER[],

    CONSTRAINT "stats_retention_pkey" PRIMARY KEY ("account_id","slice","day","key1","key2")
);

-- AddForeignKey
ALTER TABLE "stats_retention" ADD CONSTRAINT "stats_retention_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "accounts"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- The table starts empty: at start, accounts with follows but no retention yet get it built from
-- the event log (lib/db/stats-rebuild.ts).

-- CreateEnum
CREATE TYPE "StatsSlice" AS ENUM ('account', 'channel', 'campaign', 'channel_campaign', 'qr_code');

-- CreateTable
CREATE TABLE "config_version" (
    "id" BOOLEAN NOT NULL DEFAULT true,
    "version" BIGINT NOT NULL DEFAULT 0,

    CONSTRAINT "config_version_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "stats_queue" (
    "event_id" BIGINT NOT NULL,

    CONSTRAINT "stats_queue_pkey" PRIMARY KEY ("event_id")
);

-- CreateTable
CREATE TABLE "stats_days" (
    "account_id" INTEGER NOT NULL,
    "slice" "StatsSlice" NOT NULL,
    "key1" INTEGER NOT NULL,
    "key2" INTEGER NOT NULL,
    "day" DATE NOT NULL,
    "scans" INTEGER NOT NULL DEFAULT 0,
    "scanners" INTEGER NOT NULL DEFAULT 0,
    "new_follows" INTEGER NOT NULL DEFAULT 0,
    "unfollows" INTEGER NOT NULL DEFAULT 0,
    "returns" INTEGER[] DEFAULT ARRAY[]::INTEGER[],

    CONSTRAINT "stats_days_pkey" PRIMARY KEY ("account_id","slice","day","key1","key2")
);

-- CreateTable
CREATE TABLE "stats_weeks" (
    "account_id" INTEGER NOT NULL,
    "slice" "StatsSlice" NOT NULL,
    "key1" INTEGER NOT NULL,
    "key2" INTEGER NOT NULL,
    "week" DATE NOT NULL,
    "scans" INTEGER NOT NULL DEFAULT 0,
    "scanners" INTEGER NOT NULL DEFAULT 0,
    "new_follows" INTEGER NOT NULL DEFAULT 0,
    "unfollows" INTEGER NOT NULL DEFAULT 0,
    "returns" INTEGER[] DEFAULT ARRAY[]::INTEGER[],

    CONSTRAINT "stats_weeks_pkey" PRIMARY KEY ("account_id","slice","week","key1","key2")
);

-- CreateTable
CREATE TABLE "stats_hours" (
    "account_id" INTEGER NOT NULL,
    "slice" "StatsSlice" NOT NULL,
    "key1" INTEGER NOT NULL,
    "key2" INTEGER NOT NULL,
    "hour" TIMESTAMP(0) NOT NULL,
    "scans" INTEGER NOT NULL DEFAULT 0,
    "scanners" INTEGER NOT NULL DEFAULT 0,
    "new_follows" INTEGER NOT NULL DEFAULT 0,
    "unfollows" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "stats_hours_pkey" PRIMARY KEY ("account_id","slice","hour","key1","key2")
);

-- CreateIndex
CREATE INDEX "events_account_id_openid_occurred_at_idx" ON "events"("account_id", "openid", "occurred_at");

-- AddForeignKey
ALTER TABLE "stats_days" ADD CONSTRAINT "stats_days_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "accounts"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "stats_weeks" ADD CONSTRAINT "stats_weeks_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "accounts"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "stats_hours" ADD CONSTRAINT "stats_hours_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "accounts"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- The one version row, and the triggers that bump it: every writer (dashboard, CLI, another
-- instance) invalidates the webhook's in-memory copy of keys, scenes and replies this way.
INSERT INTO "config_version" ("id", "version") VALUES (true, 0);

CREATE FUNCTION "bump_config_version"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "config_version" SET "version" = "version" + 1;
  RETURN NULL;
END
$$;

CREATE TRIGGER "accounts_bump_config_version" AFTER INSERT OR UPDATE OR DELETE ON "accounts"
  FOR EACH STATEMENT EXECUTE FUNCTION "bump_config_version"();
CREATE TRIGGER "qr_codes_bump_config_version" AFTER INSERT OR UPDATE OR DELETE ON "qr_codes"
  FOR EACH STATEMENT EXECUTE FUNCTION "bump_config_version"();
CREATE TRIGGER "replies_bump_config_version" AFTER INSERT OR UPDATE OR DELETE ON "replies"
  FOR EACH STATEMENT EXECUTE FUNCTION "bump_config_version"();

-- A `returns` array is a running count cut short: past its end its last value holds, and empty
-- means zero throughout (lib/db/stats-aggregates.ts). The value at position i:
CREATE FUNCTION "stats_at"(counts INTEGER[], i INTEGER) RETURNS INTEGER
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  RETURN COALESCE(counts[LEAST(i, cardinality(counts))], 0);

-- Two such arrays added position by position.
CREATE FUNCTION "stats_add"(a INTEGER[], b INTEGER[]) RETURNS INTEGER[]
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  RETURN (SELECT COALESCE(array_agg("stats_at"(a, i) + "stats_at"(b, i) ORDER BY i), '{}')
            FROM generate_series(1, GREATEST(cardinality(a), cardinality(b))) AS i);

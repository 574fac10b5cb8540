-- CreateEnum
CREATE TYPE "KeywordMatch" AS ENUM ('exact', 'contains');

-- AlterTable
ALTER TABLE "accounts" ADD COLUMN     "no_match_reply_id" INTEGER;

-- CreateTable
CREATE TABLE "keyword_rules" (
    "id" SERIAL NOT NULL,
    "account_id" INTEGER NOT NULL,
    "position" INTEGER NOT NULL,
    "match" "KeywordMatch" NOT NULL,
    "keywords" TEXT[],
    "reply_id" INTEGER NOT NULL,
    "active_from" INTEGER,
    "active_to" INTEGER,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "keyword_rules_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "keyword_rules_reply_id_key" ON "keyword_rules"("reply_id");

-- CreateIndex
CREATE INDEX "keyword_rules_account_id_position_idx" ON "keyword_rules"("account_id", "position");

-- CreateIndex
CREATE UNIQUE INDEX "accounts_no_match_reply_id_key" ON "accounts"("no_match_reply_id");

-- AddForeignKey
ALTER TABLE "accounts" ADD CONSTRAINT "accounts_no_match_reply_id_fkey" FOREIGN KEY ("no_match_reply_id") REFERENCES "replies"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "keyword_rules" ADD CONSTRAINT "keyword_rules_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "accounts"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "keyword_rules" ADD CONSTRAINT "keyword_rules_reply_id_fkey" FOREIGN KEY ("reply_id") REFERENCES "replies"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- The webhook keeps the rules in memory per configuration version (lib/webhook/directory.ts).
CREATE TRIGGER "keyword_rules_bump_config_version" AFTER INSERT OR UPDATE OR DELETE ON "keyword_rules"
  FOR EACH STATEMENT EXECUTE FUNCTION "bump_config_version"();

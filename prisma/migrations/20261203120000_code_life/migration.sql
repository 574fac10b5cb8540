-- CreateEnum
CREATE TYPE "CodeState" AS ENUM ('archived', 'not_started', 'ended');

-- AlterTable
ALTER TABLE "qr_codes" ADD COLUMN     "archived_at" TIMESTAMPTZ(3),
ADD COLUMN     "note" TEXT,
ADD COLUMN     "valid_from" TIMESTAMPTZ(3),
ADD COLUMN     "valid_to" TIMESTAMPTZ(3);

-- AlterTable
ALTER TABLE "events" ADD COLUMN     "code_state" "CodeState";


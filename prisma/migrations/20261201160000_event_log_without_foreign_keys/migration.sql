-- DropForeignKey
ALTER TABLE "events" DROP CONSTRAINT "events_account_id_fkey";

-- DropForeignKey
ALTER TABLE "events" DROP CONSTRAINT "events_qr_code_id_fkey";

-- DropForeignKey
ALTER TABLE "followers" DROP CONSTRAINT "followers_account_id_fkey";

-- DropForeignKey
ALTER TABLE "followers" DROP CONSTRAINT "followers_qr_code_id_fkey";

-- DropForeignKey
ALTER TABLE "processed_messages" DROP CONSTRAINT "processed_messages_account_id_fkey";


-- CreateEnum
CREATE TYPE "FollowUpType" AS ENUM ('text', 'image', 'news', 'miniprogrampage');

-- CreateEnum
CREATE TYPE "DeliveryStatus" AS ENUM ('sent', 'failed');

-- AlterTable
ALTER TABLE "qr_codes" ADD COLUMN     "welcome_first" BOOLEAN NOT NULL DEFAULT false;

-- CreateTable
CREATE TABLE "follow_up_messages" (
    "id" SERIAL NOT NULL,
    "qr_code_id" INTEGER NOT NULL,
    "position" SMALLINT NOT NULL,
    "type" "FollowUpType" NOT NULL,
    "content" TEXT,
    "media_id" TEXT,
    "title" TEXT,
    "description" TEXT,
    "url" TEXT,
    "pic_url" TEXT,
    "app_id" TEXT,
    "page_path" TEXT,
    "thumb_media_id" TEXT,

    CONSTRAINT "follow_up_messages_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "follow_up_deliveries" (
    "event_id" BIGINT NOT NULL,
    "position" SMALLINT NOT NULL,
    "status" "DeliveryStatus" NOT NULL,
    "errcode" INTEGER,
    "errmsg" TEXT,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "follow_up_deliveries_pkey" PRIMARY KEY ("event_id","position")
);

-- CreateIndex
CREATE UNIQUE INDEX "follow_up_messages_qr_code_id_position_key" ON "follow_up_messages"("qr_code_id", "position");

-- AddForeignKey
ALTER TABLE "follow_up_messages" ADD CONSTRAINT "follow_up_messages_qr_code_id_fkey" FOREIGN KEY ("qr_code_id") REFERENCES "qr_codes"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- A code's follow-up messages are part of the webhook's configuration (lib/db/webhook-config.ts).
CREATE TRIGGER "follow_up_messages_bump_config_version" AFTER INSERT OR UPDATE OR DELETE ON "follow_up_messages"
  FOR EACH STATEMENT EXECUTE FUNCTION "bump_config_version"();

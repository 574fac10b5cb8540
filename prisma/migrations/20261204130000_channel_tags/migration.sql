-- AlterTable
ALTER TABLE "channels" ADD COLUMN     "tags" TEXT[] DEFAULT ARRAY[]::TEXT[];

-- AlterTable
ALTER TABLE "qr_codes" ADD COLUMN     "tags" TEXT[] DEFAULT ARRAY[]::TEXT[];


-- A channel's tags are part of the webhook's configuration (lib/db/webhook-config.ts): changing them
-- bumps its version as changes to codes and replies do.
CREATE TRIGGER "channels_tags_bump_config_version" AFTER UPDATE OF "tags" ON "channels"
  FOR EACH STATEMENT EXECUTE FUNCTION "bump_config_version"();

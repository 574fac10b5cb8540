-- CreateTable
CREATE TABLE "forward_endpoints" (
    "id" SERIAL NOT NULL,
    "url" TEXT NOT NULL,
    "secret_enc" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "account_id" INTEGER,
    "qr_code_ids" INTEGER[] DEFAULT ARRAY[]::INTEGER[],
    "channel_ids" INTEGER[] DEFAULT ARRAY[]::INTEGER[],
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "forward_endpoints_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "forward_deliveries" (
    "id" BIGSERIAL NOT NULL,
    "endpoint_id" INTEGER NOT NULL,
    "payload_id" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "job_id" TEXT,
    "attempt" INTEGER NOT NULL,
    "delivered" BOOLEAN NOT NULL,
    "http_status" INTEGER,
    "duration_ms" INTEGER NOT NULL,
    "error" TEXT,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "forward_deliveries_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "forward_deliveries_endpoint_id_id_idx" ON "forward_deliveries"("endpoint_id", "id");

-- CreateIndex
CREATE INDEX "forward_deliveries_endpoint_id_payload_id_idx" ON "forward_deliveries"("endpoint_id", "payload_id");

-- AddForeignKey
ALTER TABLE "forward_deliveries" ADD CONSTRAINT "forward_deliveries_endpoint_id_fkey" FOREIGN KEY ("endpoint_id") REFERENCES "forward_endpoints"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- Enabled endpoints are part of the webhook's configuration (lib/db/forward-endpoints.ts): any change
-- bumps its version, as changes to codes and replies do.
CREATE TRIGGER "forward_endpoints_bump_config_version" AFTER INSERT OR UPDATE OR DELETE ON "forward_endpoints"
  FOR EACH STATEMENT EXECUTE FUNCTION "bump_config_version"();

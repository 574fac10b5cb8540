-- CreateTable
CREATE TABLE "qr_code_logos" (
    "qr_code_id" INTEGER NOT NULL,
    "png" BYTEA NOT NULL,
    "sha256" TEXT NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "qr_code_logos_pkey" PRIMARY KEY ("qr_code_id")
);

-- CreateTable
CREATE TABLE "campaign_logos" (
    "campaign_id" INTEGER NOT NULL,
    "png" BYTEA NOT NULL,
    "sha256" TEXT NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "campaign_logos_pkey" PRIMARY KEY ("campaign_id")
);

-- AddForeignKey
ALTER TABLE "qr_code_logos" ADD CONSTRAINT "qr_code_logos_qr_code_id_fkey" FOREIGN KEY ("qr_code_id") REFERENCES "qr_codes"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "campaign_logos" ADD CONSTRAINT "campaign_logos_campaign_id_fkey" FOREIGN KEY ("campaign_id") REFERENCES "campaigns"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- AlterTable
ALTER TABLE "qr_codes" ADD COLUMN     "live_slug" TEXT,
ADD COLUMN     "per_visitor" BOOLEAN NOT NULL DEFAULT false;

-- CreateIndex
CREATE UNIQUE INDEX "qr_codes_live_slug_key" ON "qr_codes"("live_slug");


-- DropIndex
DROP INDEX "followers_qr_code_id_idx";

-- CreateIndex
CREATE INDEX "followers_qr_code_id_followed_at_openid_idx" ON "followers"("qr_code_id", "followed_at", "openid");

-- AlterEnum
ALTER TYPE "Role" ADD VALUE 'integration';

-- AlterTable
ALTER TABLE "qr_codes" ADD COLUMN     "sign_in" BOOLEAN NOT NULL DEFAULT false;

-- CreateTable
CREATE TABLE "bindings" (
    "id" TEXT NOT NULL,
    "account_id" INTEGER NOT NULL,
    "qr_code_id" INTEGER NOT NULL,
    "scene" TEXT NOT NULL,
    "state" TEXT,
    "ticket" TEXT NOT NULL,
    "url" TEXT NOT NULL,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "openid" TEXT,
    "followed" BOOLEAN,
    "scanned_at" TIMESTAMPTZ(3),
    "collected_at" TIMESTAMPTZ(3),

    CONSTRAINT "bindings_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "bindings_scene_key" ON "bindings"("scene");

-- CreateIndex
CREATE INDEX "bindings_expires_at_idx" ON "bindings"("expires_at");

-- AlterTable
ALTER TABLE "sandbox_interactions" ADD COLUMN     "detail" TEXT;


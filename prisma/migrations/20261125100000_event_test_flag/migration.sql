-- AlterTable
ALTER TABLE "events" ADD COLUMN     "test" BOOLEAN NOT NULL DEFAULT false;


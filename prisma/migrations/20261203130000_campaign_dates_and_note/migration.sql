-- AlterTable
ALTER TABLE "campaigns" ADD COLUMN     "ends_on" DATE,
ADD COLUMN     "note" TEXT,
ADD COLUMN     "starts_on" DATE;


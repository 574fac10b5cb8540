-- CreateTable
CREATE TABLE "sandbox_material" (
    "media_id" TEXT NOT NULL,
    "app_id" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "file_name" TEXT NOT NULL,
    "content_type" TEXT NOT NULL,
    "url" TEXT NOT NULL,
    "bytes" BYTEA NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "sandbox_material_pkey" PRIMARY KEY ("media_id")
);

-- CreateTable
CREATE TABLE "reply_images" (
    "id" SERIAL NOT NULL,
    "account_id" INTEGER NOT NULL,
    "media_id" TEXT NOT NULL,
    "url" TEXT NOT NULL,
    "file_name" TEXT NOT NULL,
    "content_type" TEXT NOT NULL,
    "byte_size" INTEGER NOT NULL,
    "width" INTEGER,
    "height" INTEGER,
    "bytes" BYTEA NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "created_by" TEXT NOT NULL,

    CONSTRAINT "reply_images_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "sandbox_material_app_id_type_idx" ON "sandbox_material"("app_id", "type");

-- CreateIndex
CREATE INDEX "reply_images_account_id_id_idx" ON "reply_images"("account_id", "id");

-- CreateIndex
CREATE UNIQUE INDEX "reply_images_account_id_media_id_key" ON "reply_images"("account_id", "media_id");

-- AddForeignKey
ALTER TABLE "reply_images" ADD CONSTRAINT "reply_images_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "accounts"("id") ON DELETE CASCADE ON UPDATE CASCADE;


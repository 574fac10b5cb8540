-- CreateTable
CREATE TABLE "poster_templates" (
    "id" SERIAL NOT NULL,
    "account_id" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "background" BYTEA NOT NULL,
    "background_type" TEXT NOT NULL,
    "width" INTEGER NOT NULL,
    "height" INTEGER NOT NULL,
    "qr_x" INTEGER NOT NULL,
    "qr_y" INTEGER NOT NULL,
    "qr_size" INTEGER NOT NULL,
    "caption_text" TEXT NOT NULL,
    "caption_x" INTEGER NOT NULL,
    "caption_y" INTEGER NOT NULL,
    "caption_size" INTEGER NOT NULL,
    "caption_color" TEXT NOT NULL,
    "caption_align" TEXT NOT NULL DEFAULT 'center',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "poster_templates_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "poster_templates_account_id_name_key" ON "poster_templates"("account_id", "name");

-- AddForeignKey
ALTER TABLE "poster_templates" ADD CONSTRAINT "poster_templates_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "accounts"("id") ON DELETE CASCADE ON UPDATE CASCADE;


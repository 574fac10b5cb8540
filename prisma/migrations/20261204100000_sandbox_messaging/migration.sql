-- CreateTable
CREATE TABLE "sandbox_interactions" (
    "id" BIGSERIAL NOT NULL,
    "app_id" TEXT NOT NULL,
    "openid" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,
    "passive_reply" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "sandbox_interactions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "sandbox_messages" (
    "id" BIGSERIAL NOT NULL,
    "app_id" TEXT NOT NULL,
    "openid" TEXT NOT NULL,
    "origin" TEXT NOT NULL,
    "msgtype" TEXT NOT NULL,
    "content" JSONB NOT NULL,
    "interaction_id" BIGINT,
    "sent_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "sandbox_messages_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "sandbox_tags" (
    "app_id" TEXT NOT NULL,
    "id" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "sandbox_tags_pkey" PRIMARY KEY ("app_id","id")
);

-- CreateTable
CREATE TABLE "sandbox_user_tags" (
    "app_id" TEXT NOT NULL,
    "openid" TEXT NOT NULL,
    "tag_id" INTEGER NOT NULL,

    CONSTRAINT "sandbox_user_tags_pkey" PRIMARY KEY ("app_id","openid","tag_id")
);

-- CreateIndex
CREATE INDEX "sandbox_interactions_app_id_openid_at_idx" ON "sandbox_interactions"("app_id", "openid", "at");

-- CreateIndex
CREATE INDEX "sandbox_messages_app_id_openid_id_idx" ON "sandbox_messages"("app_id", "openid", "id");

-- CreateIndex
CREATE INDEX "sandbox_messages_interaction_id_idx" ON "sandbox_messages"("interaction_id");

-- CreateIndex
CREATE UNIQUE INDEX "sandbox_tags_app_id_name_key" ON "sandbox_tags"("app_id", "name");

-- CreateIndex
CREATE INDEX "sandbox_user_tags_app_id_tag_id_idx" ON "sandbox_user_tags"("app_id", "tag_id");


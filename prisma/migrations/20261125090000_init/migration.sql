-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateEnum
CREATE TYPE "Role" AS ENUM ('admin', 'marketer', 'operator', 'analyst');

-- CreateEnum
CREATE TYPE "MessageMode" AS ENUM ('plain', 'compatible', 'safe');

-- CreateEnum
CREATE TYPE "QrKind" AS ENUM ('temporary', 'permanent');

-- CreateEnum
CREATE TYPE "QrStatus" AS ENUM ('pending', 'active');

-- CreateEnum
CREATE TYPE "ReplyType" AS ENUM ('text', 'image', 'news');

-- CreateEnum
CREATE TYPE "EventKind" AS ENUM ('scan_subscribe', 'scan', 'follow', 'unfollow');

-- CreateTable
CREATE TABLE "users" (
    "id" SERIAL NOT NULL,
    "email" TEXT NOT NULL,
    "name" TEXT NOT NULL DEFAULT '',
    "role" "Role" NOT NULL,
    "password_hash" TEXT NOT NULL,
    "failed_logins" INTEGER NOT NULL DEFAULT 0,
    "locked_until" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "users_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "api_tokens" (
    "id" SERIAL NOT NULL,
    "name" TEXT NOT NULL,
    "role" "Role" NOT NULL,
    "token_hash" TEXT NOT NULL,
    "prefix" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_used_at" TIMESTAMPTZ(3),
    "revoked_at" TIMESTAMPTZ(3),

    CONSTRAINT "api_tokens_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "accounts" (
    "id" SERIAL NOT NULL,
    "app_id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "original_id" TEXT NOT NULL DEFAULT '',
    "app_secret_enc" TEXT NOT NULL,
    "token_enc" TEXT NOT NULL,
    "encoding_aes_key_enc" TEXT,
    "message_mode" "MessageMode" NOT NULL DEFAULT 'plain',
    "api_base" TEXT,
    "sandbox" BOOLEAN NOT NULL DEFAULT false,
    "time_zone" TEXT NOT NULL DEFAULT 'Asia/Shanghai',
    "follow_reply_id" INTEGER,
    "scan_reply_id" INTEGER,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "accounts_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "campaigns" (
    "id" SERIAL NOT NULL,
    "account_id" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "campaigns_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "channels" (
    "id" SERIAL NOT NULL,
    "account_id" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "channels_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "qr_codes" (
    "id" SERIAL NOT NULL,
    "account_id" INTEGER NOT NULL,
    "campaign_id" INTEGER,
    "channel_id" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "kind" "QrKind" NOT NULL,
    "scene_id" BIGINT,
    "scene_str" TEXT,
    "ticket" TEXT,
    "url" TEXT,
    "expire_seconds" INTEGER,
    "expires_at" TIMESTAMPTZ(3),
    "status" "QrStatus" NOT NULL DEFAULT 'pending',
    "reply_id" INTEGER,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "qr_codes_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "replies" (
    "id" SERIAL NOT NULL,
    "type" "ReplyType" NOT NULL,
    "content" TEXT NOT NULL DEFAULT '',
    "media_id" TEXT,
    "title" TEXT,
    "description" TEXT,
    "pic_url" TEXT,
    "url" TEXT,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "replies_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "events" (
    "id" BIGSERIAL NOT NULL,
    "account_id" INTEGER NOT NULL,
    "qr_code_id" INTEGER,
    "kind" "EventKind" NOT NULL,
    "openid" TEXT NOT NULL,
    "scene" TEXT,
    "occurred_at" TIMESTAMPTZ(3) NOT NULL,
    "received_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "events_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "followers" (
    "account_id" INTEGER NOT NULL,
    "openid" TEXT NOT NULL,
    "qr_code_id" INTEGER,
    "subscribed" BOOLEAN NOT NULL,
    "last_event_at" TIMESTAMPTZ(3) NOT NULL,
    "followed_at" TIMESTAMPTZ(3),
    "unfollowed_at" TIMESTAMPTZ(3),

    CONSTRAINT "followers_pkey" PRIMARY KEY ("account_id","openid")
);

-- CreateTable
CREATE TABLE "processed_messages" (
    "account_id" INTEGER NOT NULL,
    "dedup_key" TEXT NOT NULL,
    "reply_xml" TEXT NOT NULL,
    "received_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "processed_messages_pkey" PRIMARY KEY ("account_id","dedup_key")
);

-- CreateTable
CREATE TABLE "access_tokens" (
    "account_id" INTEGER NOT NULL,
    "token_enc" TEXT NOT NULL,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "access_tokens_pkey" PRIMARY KEY ("account_id")
);

-- CreateTable
CREATE TABLE "sandbox_tokens" (
    "token" TEXT NOT NULL,
    "app_id" TEXT NOT NULL,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "sandbox_tokens_pkey" PRIMARY KEY ("token")
);

-- CreateTable
CREATE TABLE "sandbox_tickets" (
    "ticket" TEXT NOT NULL,
    "app_id" TEXT NOT NULL,
    "action_name" TEXT NOT NULL,
    "scene_id" BIGINT,
    "scene_str" TEXT,
    "url" TEXT NOT NULL,
    "expires_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "sandbox_tickets_pkey" PRIMARY KEY ("ticket")
);

-- CreateTable
CREATE TABLE "sandbox_faults" (
    "id" SERIAL NOT NULL,
    "app_id" TEXT NOT NULL,
    "api" TEXT NOT NULL,
    "errcode" INTEGER NOT NULL,
    "errmsg" TEXT NOT NULL,
    "remaining" INTEGER NOT NULL DEFAULT 1,

    CONSTRAINT "sandbox_faults_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "users_email_key" ON "users"("email");

-- CreateIndex
CREATE UNIQUE INDEX "api_tokens_token_hash_key" ON "api_tokens"("token_hash");

-- CreateIndex
CREATE UNIQUE INDEX "accounts_app_id_key" ON "accounts"("app_id");

-- CreateIndex
CREATE UNIQUE INDEX "accounts_follow_reply_id_key" ON "accounts"("follow_reply_id");

-- CreateIndex
CREATE UNIQUE INDEX "accounts_scan_reply_id_key" ON "accounts"("scan_reply_id");

-- CreateIndex
CREATE UNIQUE INDEX "campaigns_account_id_name_key" ON "campaigns"("account_id", "name");

-- CreateIndex
CREATE UNIQUE INDEX "channels_account_id_name_key" ON "channels"("account_id", "name");

-- CreateIndex
CREATE UNIQUE INDEX "qr_codes_reply_id_key" ON "qr_codes"("reply_id");

-- CreateIndex
CREATE INDEX "qr_codes_account_id_kind_idx" ON "qr_codes"("account_id", "kind");

-- CreateIndex
CREATE INDEX "qr_codes_channel_id_idx" ON "qr_codes"("channel_id");

-- CreateIndex
CREATE INDEX "qr_codes_campaign_id_idx" ON "qr_codes"("campaign_id");

-- CreateIndex
CREATE UNIQUE INDEX "qr_codes_account_id_scene_id_key" ON "qr_codes"("account_id", "scene_id");

-- CreateIndex
CREATE UNIQUE INDEX "qr_codes_account_id_scene_str_key" ON "qr_codes"("account_id", "scene_str");

-- CreateIndex
CREATE INDEX "events_account_id_occurred_at_idx" ON "events"("account_id", "occurred_at");

-- CreateIndex
CREATE INDEX "events_qr_code_id_occurred_at_idx" ON "events"("qr_code_id", "occurred_at");

-- CreateIndex
CREATE INDEX "followers_qr_code_id_idx" ON "followers"("qr_code_id");

-- CreateIndex
CREATE INDEX "processed_messages_received_at_idx" ON "processed_messages"("received_at");

-- CreateIndex
CREATE INDEX "sandbox_tokens_app_id_expires_at_idx" ON "sandbox_tokens"("app_id", "expires_at");

-- CreateIndex
CREATE UNIQUE INDEX "sandbox_tickets_url_key" ON "sandbox_tickets"("url");

-- CreateIndex
CREATE INDEX "sandbox_tickets_app_id_action_name_idx" ON "sandbox_tickets"("app_id", "action_name");

-- CreateIndex
CREATE INDEX "sandbox_faults_app_id_api_idx" ON "sandbox_faults"("app_id", "api");

-- AddForeignKey
ALTER TABLE "accounts" ADD CONSTRAINT "accounts_follow_reply_id_fkey" FOREIGN KEY ("follow_reply_id") REFERENCES "replies"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "accounts" ADD CONSTRAINT "accounts_scan_reply_id_fkey" FOREIGN KEY ("scan_reply_id") REFERENCES "replies"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "campaigns" ADD CONSTRAINT "campaigns_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "accounts"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "channels" ADD CONSTRAINT "channels_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "accounts"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "qr_codes" ADD CONSTRAINT "qr_codes_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "accounts"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "qr_codes" ADD CONSTRAINT "qr_codes_campaign_id_fkey" FOREIGN KEY ("campaign_id") REFERENCES "campaigns"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "qr_codes" ADD CONSTRAINT "qr_codes_channel_id_fkey" FOREIGN KEY ("channel_id") REFERENCES "channels"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "qr_codes" ADD CONSTRAINT "qr_codes_reply_id_fkey" FOREIGN KEY ("reply_id") REFERENCES "replies"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "events" ADD CONSTRAINT "events_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "accounts"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "events" ADD CONSTRAINT "events_qr_code_id_fkey" FOREIGN KEY ("qr_code_id") REFERENCES "qr_codes"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "followers" ADD CONSTRAINT "followers_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "accounts"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "followers" ADD CONSTRAINT "followers_qr_code_id_fkey" FOREIGN KEY ("qr_code_id") REFERENCES "qr_codes"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "processed_messages" ADD CONSTRAINT "processed_messages_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "accounts"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "access_tokens" ADD CONSTRAINT "access_tokens_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "accounts"("id") ON DELETE CASCADE ON UPDATE CASCADE;


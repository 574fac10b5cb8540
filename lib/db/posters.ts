import { prisma } from "./client";
import { Prisma } from "@/lib/generated/prisma/client";
import { conflict, invalid } from "@/lib/errors";
import { POSTER_LIMITS } from "@/lib/limits";
import type { BackgroundInfo } from "@/lib/posters/background";
import { placementProblem, type CaptionAlign, type PosterLayout } from "@/lib/posters/layout";
import type { CreatePosterInput, UpdatePosterInput } from "@/lib/validation/posters";
import { audited, recordAudit, SYSTEM_ACTOR, type AuditActor } from "./audit";
import { resolveAccount } from "./resolve-account";

/** A template as the API shows it: everything but the background's bytes (GET /api/posters/{id}/background). */
export type PosterView = PosterLayout & {
  id: number;
  accountId: number;
  name: string;
  backgroundType: string;
  createdAt: string;
  updatedAt: string;
};

export type Background = { bytes: Buffer; contentType: string };

const select = {
  id: true,
  accountId: true,
  name: true,
  backgroundType: true,
  width: true,
  height: true,
  qrX: true,
  qrY: true,
  qrSize: true,
  captionText: true,
  captionX: true,
  captionY: true,
  captionSize: true,
  captionColor: true,
  captionAlign: true,
  createdAt: true,
  updatedAt: true,
} as const;

type Row = Prisma.PosterTemplateGetPayload<{ select: typeof select }>;

function view(row: Row): PosterView {
  return {
    ...row,
    captionAlign: row.captionAlign as CaptionAlign,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

const target = (poster: PosterView) => ({ type: "poster" as const, id: poster.id, label: poster.name });
const snapshot = ({ createdAt: _c, updatedAt: _u, id: _i, ...rest }: PosterView) => rest;

function checkPlacement(layout: Parameters<typeof placementProblem>[0]) {
  const problem = placementProblem(layout);
  if (problem) throw invalid("outside_background", problem.message, problem.field);
}

const nameTaken = (name: string | undefined) => (error: unknown) => {
  if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002")
    throw conflict("name_taken", `this account already has a poster template named ${name}`, "name");
  throw error;
};

export async function listPosters(accountId?: number): Promise<PosterView[]> {
  const rows = await prisma.posterTemplate.findMany({
    where: accountId ? { accountId } : {},
    orderBy: [{ name: "asc" }, { id: "asc" }],
    select,
  });
  return rows.map(view);
}

export async function getPoster(id: number): Promise<PosterView | null> {
  const row = await prisma.posterTemplate.findUnique({ where: { id }, select });
  return row ? view(row) : null;
}

export async function getPosterBackground(id: number): Promise<Background | null> {
  const row = await prisma.posterTemplate.findUnique({ where: { id }, select: { background: true, backgroundType: true } });
  return row ? { bytes: Buffer.from(row.background), contentType: row.backgroundType } : null;
}

/** What a render needs: the template and its background. */
export async function getPosterForRender(id: number): Promise<{ poster: PosterView; background: Buffer } | null> {
  const row = await prisma.posterTemplate.findUnique({ where: { id }, select: { ...select, background: true } });
  if (!row) return null;
  const { background, ...rest } = row;
  return { poster: view(rest), background: Buffer.from(background) };
}

export async function createPoster(
  input: CreatePosterInput,
  background: { bytes: Buffer; info: BackgroundInfo },
  actor: AuditActor = SYSTEM_ACTOR,
): Promise<PosterView> {
  const { accountId: asked, ...fields } = input;
  const account = await resolveAccount(asked);
  checkPlacement({ ...fields, ...background.info });
  return audited(
    actor,
    async (tx) => {
      if ((await tx.posterTemplate.count({ where: { accountId: account.id } })) >= POSTER_LIMITS.perAccount)
        throw conflict("too_many_posters", `an account may have at most ${POSTER_LIMITS.perAccount} poster templates`);
      const row = await tx.posterTemplate.create({
        data: {
          ...fields,
          accountId: account.id,
          background: new Uint8Array(background.bytes),
          backgroundType: background.info.contentType,
          width: background.info.width,
          height: background.info.height,
        },
        select,
      });
      return view(row);
    },
    (created) => ({ action: "poster.create", target: target(created), after: snapshot(created) }),
  ).catch(nameTaken(fields.name));
}

/** Null when there is no such template. The placement is judged with the background it will have. */
export async function updatePoster(
  id: number,
  patch: UpdatePosterInput,
  background: { bytes: Buffer; info: BackgroundInfo } | null,
  actor: AuditActor = SYSTEM_ACTOR,
): Promise<PosterView | null> {
  return prisma
    .$transaction(async (tx) => {
      const row = await tx.posterTemplate.findUnique({ where: { id }, select });
      if (!row) return null;
      const before = view(row);
      const size = background ? background.info : { width: before.width, height: before.height };
      checkPlacement({ ...before, ...patch, ...size });
      const updated = await tx.posterTemplate.update({
        where: { id },
        data: {
          ...patch,
          ...(background
            ? {
                background: new Uint8Array(background.bytes),
                backgroundType: background.info.contentType,
                width: background.info.width,
                height: background.info.height,
              }
            : {}),
        },
        select,
      });
      const after = view(updated);
      await recordAudit(tx, actor, {
        action: "poster.update",
        target: target(after),
        before: snapshot(before),
        after: { ...snapshot(after), ...(background ? { background: "replaced" } : {}) },
      });
      return after;
    })
    .catch(nameTaken(patch.name));
}

/** Null when there is no such template. */
export async function deletePoster(id: number, actor: AuditActor = SYSTEM_ACTOR): Promise<PosterView | null> {
  return prisma.$transaction(async (tx) => {
    const row = await tx.posterTemplate.findUnique({ where: { id }, select });
    if (!row) return null;
    const found = view(row);
    await tx.posterTemplate.delete({ where: { id } });
    await recordAudit(tx, actor, { action: "poster.delete", target: target(found), before: snapshot(found) });
    return found;
  });
}

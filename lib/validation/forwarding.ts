import { z } from "zod";
import { FORWARD_RULES } from "@/lib/limits";
import { rowId, text } from "./input";

// Event forwarding endpoints (issue 10, point 5). Whether http is allowed for a URL's address, and
// whether that address may be reached at all, is the outbound guard's (lib/forwarding/url.ts).

const url = z
  .url({ protocol: /^https?$/, error: "must be an http(s) URL such as https://crm.example.com/qudao" })
  .max(FORWARD_RULES.urlMaxChars)
  .pipe(text);
const ids = z
  .array(rowId)
  .max(FORWARD_RULES.filterMaxIds)
  .transform((list) => [...new Set(list)].sort((a, b) => a - b));

const fields = {
  url,
  description: text.trim().max(FORWARD_RULES.descriptionMaxChars),
  enabled: z.boolean(),
  accountId: rowId.nullable(),
  qrCodeIds: ids,
  channelIds: ids,
};

/** POST /api/forwarding/endpoints */
export const createEndpointSchema = z
  .object({
    url: fields.url,
    description: fields.description.default(""),
    enabled: fields.enabled.default(true),
    accountId: fields.accountId.default(null),
    qrCodeIds: fields.qrCodeIds.default([]),
    channelIds: fields.channelIds.default([]),
  })
  .strict();
export type CreateEndpointInput = z.infer<typeof createEndpointSchema>;

/** PATCH /api/forwarding/endpoints/{id}: any of the fields (the secret never changes). */
export const updateEndpointSchema = z
  .object({
    url: fields.url.optional(),
    description: fields.description.optional(),
    enabled: fields.enabled.optional(),
    accountId: fields.accountId.optional(),
    qrCodeIds: fields.qrCodeIds.optional(),
    channelIds: fields.channelIds.optional(),
  })
  .strict();
export type UpdateEndpointInput = z.infer<typeof updateEndpointSchema>;

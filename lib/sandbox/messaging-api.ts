import { WX_OK, wxError, wxOk, type SandboxResponse } from "./errors";
import { sendCustomMessage } from "./custom-messages";
import { batchTagging, createTag, listTags, userTagIds } from "./tags";
import { authorizeCall, parseSandboxJson, sandboxClock, type SandboxOptions } from "./wechat-api";

// The sandbox's tags and customer-service message APIs, framework-neutral like wechat-api.ts:
// plain inputs in, { status, json } out; app/api/sandbox/cgi-bin/{tags,message}/** are thin adapters.

/** GET (or POST) cgi-bin/tags/get?access_token= — {tags: [{id, name, count}]}. */
export async function tagsGetApi(query: URLSearchParams, opts: SandboxOptions = {}): Promise<SandboxResponse> {
  const now = sandboxClock(opts);
  const caller = await authorizeCall(query, "tags/get", now);
  if ("status" in caller) return caller;
  return wxOk({ tags: await listTags(caller.appId) });
}

/** POST cgi-bin/tags/create {tag: {name}} — {tag: {id, name}}. */
export async function tagsCreateApi(query: URLSearchParams, body: string, opts: SandboxOptions = {}): Promise<SandboxResponse> {
  const now = sandboxClock(opts);
  const caller = await authorizeCall(query, "tags/create", now);
  if ("status" in caller) return caller;
  const json = parseSandboxJson(body);
  const tag = json?.tag;
  if (!json || tag === null || typeof tag !== "object" || Array.isArray(tag)) return wxError(47001, undefined, now);
  const created = await createTag(caller.appId, (tag as Record<string, unknown>).name);
  return created.ok ? wxOk({ tag: created.value }) : wxError(created.errcode, undefined, now);
}

/** POST cgi-bin/tags/members/batchtagging {openid_list, tagid}. */
export async function batchTaggingApi(query: URLSearchParams, body: string, opts: SandboxOptions = {}): Promise<SandboxResponse> {
  const now = sandboxClock(opts);
  const caller = await authorizeCall(query, "tags/members/batchtagging", now);
  if ("status" in caller) return caller;
  const json = parseSandboxJson(body);
  if (!json) return wxError(47001, undefined, now);
  const tagged = await batchTagging(caller.appId, json.tagid, json.openid_list);
  return tagged.ok ? wxOk(WX_OK) : wxError(tagged.errcode, undefined, now);
}

/** POST cgi-bin/tags/getidlist {openid} — {tagid_list}. */
export async function tagIdListApi(query: URLSearchParams, body: string, opts: SandboxOptions = {}): Promise<SandboxResponse> {
  const now = sandboxClock(opts);
  const caller = await authorizeCall(query, "tags/getidlist", now);
  if ("status" in caller) return caller;
  const json = parseSandboxJson(body);
  if (!json) return wxError(47001, undefined, now);
  const ids = await userTagIds(caller.appId, json.openid);
  return ids.ok ? wxOk({ tagid_list: ids.value }) : wxError(ids.errcode, undefined, now);
}

/** POST cgi-bin/message/custom/send {touser, msgtype, …} — see custom-messages.ts for the windows. */
export async function customSendApi(query: URLSearchParams, body: string, opts: SandboxOptions = {}): Promise<SandboxResponse> {
  const now = sandboxClock(opts);
  const caller = await authorizeCall(query, "message/custom/send", now);
  if ("status" in caller) return caller;
  const sent = await sendCustomMessage(caller.appId, parseSandboxJson(body), now);
  return sent.ok ? wxOk(WX_OK) : wxError(sent.errcode, undefined, now);
}

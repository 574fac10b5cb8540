import { withApi, readQuery } from "@/lib/api/handler";
import { bindingEvents, bindingJson } from "@/lib/api/binding-answer";
import { parseBindingId } from "@/lib/api/binding-id";
import { bindingQuery } from "@/lib/validation/bindings";

export const dynamic = "force-dynamic";

/** The binding now, after up to `?wait=N` seconds for its scan, or as Server-Sent Events (Accept: text/event-stream). */
export const GET = withApi("bindings:read", async ({ request, params }) => {
  const id = parseBindingId(params.id);
  const { wait } = readQuery(request, bindingQuery);
  if ((request.headers.get("accept") ?? "").includes("text/event-stream")) return bindingEvents(id, request.signal);
  return bindingJson(id, wait, request.signal);
});

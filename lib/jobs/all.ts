// Every kind of follow-up work registers its source (lib/webhook/follow-up-work.ts: what an event
// causes) and its handler (lib/jobs/worker.ts) when its module loads; the server imports this once.
import "@/lib/follow-ups/tagging";
import "@/lib/follow-ups/messages";
import "@/lib/forwarding/handler";

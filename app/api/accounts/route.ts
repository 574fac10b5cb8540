import { withApi } from "@/lib/api/handler";
import { json } from "@/lib/api/respond";
import { listAccounts } from "@/lib/db/accounts";

export const GET = withApi("accounts:read", async () => json({ items: await listAccounts() }));

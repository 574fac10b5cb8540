import { requirePermission } from "@/lib/auth/require";
import { KeywordsView } from "@/components/keywords/keywords-view";
import { isRowId } from "@/lib/validation/input";

/** Keyword replies: operators edit the rules a follower's text message is answered by; everyone else may look and try. */
export default async function KeywordsPage({ searchParams }: { searchParams: Promise<{ account?: string }> }) {
  await requirePermission("replies:read");
  const account = Number((await searchParams).account);
  return <KeywordsView initialAccountId={isRowId(account) ? account : undefined} />;
}

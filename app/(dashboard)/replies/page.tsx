import { requirePermission } from "@/lib/auth/require";
import { RepliesView } from "@/components/replies/replies-view";

/** Operators edit what each code and the account answer; everyone else may look. */
export default async function RepliesPage({ searchParams }: { searchParams: Promise<{ account?: string }> }) {
  await requirePermission("replies:read");
  const account = Number((await searchParams).account);
  return <RepliesView initialAccountId={Number.isSafeInteger(account) && account > 0 ? account : undefined} />;
}

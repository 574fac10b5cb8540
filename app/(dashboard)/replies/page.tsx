import { requirePermission } from "@/lib/auth/require";
import { RepliesView } from "@/components/replies/replies-view";
import { isRowId } from "@/lib/validation/input";

/** Operators edit what each code and the account answer; everyone else may look. */
export default async function RepliesPage({ searchParams }: { searchParams: Promise<{ account?: string }> }) {
  await requirePermission("replies:read");
  const account = Number((await searchParams).account);
  return <RepliesView initialAccountId={isRowId(account) ? account : undefined} />;
}

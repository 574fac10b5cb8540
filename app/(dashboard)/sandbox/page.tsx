import { requirePermission } from "@/lib/auth/require";
import { SandboxView } from "@/components/sandbox/sandbox-view";
import { isRowId } from "@/lib/validation/input";

/** The sandbox's phone view: play a follower of a sandbox account and see what they get. */
export default async function SandboxPage({ searchParams }: { searchParams: Promise<{ account?: string; openid?: string }> }) {
  await requirePermission("scan:simulate");
  const { account, openid } = await searchParams;
  const accountId = Number(account);
  return (
    <SandboxView
      initialAccountId={isRowId(accountId) ? accountId : undefined}
      initialOpenid={typeof openid === "string" && /^[A-Za-z0-9_-]{1,64}$/.test(openid) ? openid : undefined}
    />
  );
}

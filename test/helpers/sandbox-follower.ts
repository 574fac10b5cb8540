/** Makes `openid` a follower of the sandbox account since yesterday, as if they had followed then (the sandbox knows who follows). */
export async function followedBefore(appId: string, openid: string): Promise<void> {
  const { recordInteraction } = await import("@/lib/sandbox/interactions");
  await recordInteraction(appId, { openid, kind: "subscribe", at: Date.now() - 86_400_000, reply: "" });
}

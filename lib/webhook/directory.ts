import {
  currentConfigVersion,
  loadSceneTargets,
  loadWebhookAccount,
  type AccountReplies,
  type SceneTarget,
  type WebhookAccount,
} from "@/lib/db/webhook-config";
import { compileKeywordConfig, loadKeywordConfig } from "@/lib/db/keywords";
import type { KeywordReplies } from "@/lib/keywords/match";
import { loadForwardEndpoints } from "@/lib/db/forward-endpoints";
import type { ForwardEndpoint } from "@/lib/forwarding/jobs";

const MAX_SCENES_PER_ACCOUNT = 100_000;

type AccountEntry = { account: WebhookAccount | null };
type TargetsEntry = { replies: AccountReplies; scenes: Map<string, SceneTarget | null> };

/**
 * The webhook's in-memory copy of account keys, replies and scene targets. Every entry belongs to
 * one configuration version (config_version, bumped by trigger on any change to accounts, codes or
 * replies); each batch reads the current version before it answers, and a newer one drops the
 * copy. So an edit made on any instance is the answer of the very next scan on every instance.
 */
/** No AppID holds a NUL or runs past 128 characters (WeChat's are 18). */
const plausibleAppId = (appId: string) => appId.length > 0 && appId.length <= 128 && !appId.includes("\u0000");

export class WebhookDirectory {
  private version = "";
  private accounts = new Map<string, AccountEntry>();
  private targets = new Map<number, TargetsEntry>();
  /** Each account's keyword rules, compiled at this version when its first text message comes: scans never load them. */
  private keywords = new Map<number, KeywordReplies | null>();
  /** The enabled event-forwarding endpoints, loaded once per version (one small query). */
  private forwarding: readonly ForwardEndpoint[] | null = null;

  /** Adopts a version read from the database; a newer one drops everything cached. */
  observe(version: string) {
    if (version === this.version || (this.version !== "" && BigInt(version) < BigInt(this.version))) return;
    this.version = version;
    this.accounts.clear();
    this.targets.clear();
    this.keywords.clear();
    this.forwarding = null;
  }

  async account(appId: string, opts: { fresh?: boolean } = {}): Promise<WebhookAccount | null> {
    if (!plausibleAppId(appId)) return null; // PostgreSQL refuses a NUL in text: unknown, not a 500
    const hit = this.accounts.get(appId);
    if (hit && !opts.fresh) return hit.account;
    const loaded = await loadWebhookAccount(appId);
    this.observe(loaded.version);
    if (this.accounts.size > 10_000) this.accounts.clear();
    this.accounts.set(appId, { account: loaded.value });
    return loaded.value;
  }

  /**
   * After a push failed verification with `failed`'s keys: the account as stored now, if it is not
   * what failed (a new Token or EncodingAESKey saved on any instance), else undefined.
   */
  async reloadAfterFailure(appId: string, failed: WebhookAccount): Promise<WebhookAccount | null | undefined> {
    this.observe(await currentConfigVersion());
    const account = await this.account(appId);
    return account === failed ? undefined : account;
  }

  /**
   * The replies and scene target of each push in a batch, and the keyword replies of each text
   * message, all at one configuration version: from memory, and what is missing in one query per account.
   */
  async resolve(wanted: { accountId: number; scene: string | null; text?: boolean }[]) {
    for (;;) {
      const version = this.version;
      const missing = new Map<number, Set<string>>();
      const missingKeywords = new Set<number>();
      for (const { accountId, scene, text } of wanted) {
        if (text && !this.keywords.has(accountId)) missingKeywords.add(accountId);
        const entry = this.targets.get(accountId);
        if (entry && (scene === null || entry.scenes.has(scene))) continue;
        const scenes = missing.get(accountId) ?? new Set<string>();
        if (scene !== null) scenes.add(scene);
        missing.set(accountId, scenes);
      }
      for (const [accountId, scenes] of missing) {
        const loaded = await loadSceneTargets(accountId, [...scenes]);
        this.observe(loaded.version);
        if (this.version !== version) break; // changed meanwhile: start over at the new version
        this.remember(accountId, loaded.value);
      }
      if (this.version !== version) continue;
      for (const accountId of missingKeywords) {
        const loaded = await loadKeywordConfig(accountId);
        this.observe(loaded.version);
        if (this.version !== version) break;
        this.keywords.set(accountId, loaded.value && compileKeywordConfig(loaded.value));
      }
      if (this.version !== version) continue;
      if (this.forwarding === null) {
        const loaded = await loadForwardEndpoints();
        this.observe(loaded.version);
        if (this.version !== version) continue;
        this.forwarding = loaded.value;
      }
      const forwarding = this.forwarding;
      const answers = wanted.map(({ accountId, scene, text }) => {
        const entry = this.targets.get(accountId)!;
        return {
          replies: entry.replies,
          target: scene === null ? null : (entry.scenes.get(scene) ?? null),
          keywords: text ? (this.keywords.get(accountId) ?? null) : null,
          forwarding,
        };
      });
      return { version, answers };
    }
  }

  private remember(accountId: number, loaded: TargetsEntry) {
    let entry = this.targets.get(accountId);
    if (!entry || entry.scenes.size > MAX_SCENES_PER_ACCOUNT) {
      entry = { replies: loaded.replies, scenes: new Map() };
      this.targets.set(accountId, entry);
    }
    entry.replies = loaded.replies;
    for (const [scene, target] of loaded.scenes) entry.scenes.set(scene, target);
  }
}

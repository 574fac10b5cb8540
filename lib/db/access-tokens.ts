import { pool } from "./client";
import { decryptSecret, encryptSecret } from "@/lib/secrets-at-rest";
import type { AccessToken, TokenStore } from "@/lib/wechat";

/**
 * The account's WeChat access token, shared by every instance. Refreshes hold the row lock
 * (SELECT … FOR UPDATE), so one instance at a time talks to WeChat and the others reuse its token.
 */
export function accessTokenStore(accountId: number): TokenStore {
  return {
    async read() {
      const { rows } = await pool().query<{ token_enc: string; expires_at: Date }>(
        "SELECT token_enc, expires_at FROM access_tokens WHERE account_id = $1",
        [accountId],
      );
      return rows[0]?.token_enc ? toAccessToken(rows[0]) : null;
    },
    async refresh(refresher) {
      const client = await pool().connect();
      try {
        await client.query("BEGIN");
        await client.query(
          `INSERT INTO access_tokens (account_id, token_enc, expires_at, updated_at)
           VALUES ($1, '', to_timestamp(0), now()) ON CONFLICT (account_id) DO NOTHING`,
          [accountId],
        );
        const { rows } = await client.query<{ token_enc: string; expires_at: Date }>(
          "SELECT token_enc, expires_at FROM access_tokens WHERE account_id = $1 FOR UPDATE",
          [accountId],
        );
        const current = rows[0].token_enc ? toAccessToken(rows[0]) : null;
        const next = await refresher(current);
        if (next !== current) {
          await client.query(
            "UPDATE access_tokens SET token_enc = $2, expires_at = $3, updated_at = now() WHERE account_id = $1",
            [accountId, encryptSecret(next.token), new Date(next.expiresAt)],
          );
        }
        await client.query("COMMIT");
        return next;
      } catch (error) {
        await client.query("ROLLBACK").catch(() => {});
        throw error;
      } finally {
        client.release();
      }
    },
  };
}

function toAccessToken(row: { token_enc: string; expires_at: Date }): AccessToken {
  return { token: decryptSecret(row.token_enc), expiresAt: row.expires_at.getTime() };
}

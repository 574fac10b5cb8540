import pg from "pg";

/**
 * Every table's row count and a hash of its rows, in one query: equal fingerprints mean nothing was
 * written. Columns that reading touches (a token's last use) are left out; so are Prisma's own.
 */
export class TableFingerprint {
  private constructor(
    private readonly client: pg.Client,
    private readonly sql: string,
  ) {}

  static async open(databaseUrl: string, ignoredColumns: Record<string, string[]> = {}): Promise<TableFingerprint> {
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    const { rows } = await client.query<{ table_name: string }>(
      `SELECT table_name FROM information_schema.tables
        WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name <> '_prisma_migrations' ORDER BY table_name`,
    );
    const parts = rows.map(({ table_name: table }) => {
      const dropped = (ignoredColumns[table] ?? []).map((column) => ` - '${column}'`).join("");
      return `SELECT '${table}' AS t, count(*)::int AS n, md5(coalesce(string_agg((to_jsonb(x)${dropped})::text, '|' ORDER BY (to_jsonb(x)${dropped})::text), '')) AS h FROM "${table}" x`;
    });
    return new TableFingerprint(client, parts.join(" UNION ALL "));
  }

  /** `table: rows/hash` per table. */
  async take(): Promise<Record<string, string>> {
    const { rows } = await this.client.query<{ t: string; n: number; h: string }>(this.sql);
    return Object.fromEntries(rows.map((r) => [r.t, `${r.n}/${r.h.slice(0, 12)}`]));
  }

  /** The tables whose fingerprints differ. */
  static changed(before: Record<string, string>, after: Record<string, string>): string[] {
    return Object.keys({ ...before, ...after })
      .filter((t) => before[t] !== after[t])
      .map((t) => `${t} ${before[t]} → ${after[t]}`);
  }

  /** Rows in `table` now (on the same connection). */
  async count(table: string): Promise<number> {
    const { rows } = await this.client.query<{ n: number }>(`SELECT count(*)::int AS n FROM "${table}"`);
    return rows[0]?.n ?? 0;
  }

  close(): Promise<void> {
    return this.client.end();
  }
}

/** Where a command writes: stdout for results, stderr for progress. Injected so commands stay testable. */
export type Output = { out(line: string): void; err(line: string): void };

export const consoleOutput: Output = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
};

/** A plain left-aligned text table. */
export function table(headers: string[], rows: string[][]): string[] {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (c ?? "").padEnd(widths[i]))
      .join("  ")
      .trimEnd();
  return [line(headers), ...rows.map(line)];
}

export function formatDate(date: Date | null | undefined): string {
  return date ? date.toISOString().replace(/\.\d{3}Z$/, "Z") : "-";
}

/** A command, validated before any database work: `prepare` throws UsageError or returns the action. */
export type CliCommand = {
  /** [syntax, what it does] per subcommand */
  usage: [string, string][];
  prepare(argv: string[]): (output: Output) => Promise<void>;
};

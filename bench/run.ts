/**
 * `npm run bench`: every benchmark, one after the other on one embedded PostgreSQL, and
 * bench/RESULTS.md written anew from what they measured. Minutes; loopback only; cleans up after
 * itself. `npm run bench -- webhook stats` runs only those sections (the file then holds only them).
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { buildQudao, cleanUp, log, machineLines, startBenchDatabase } from "./harness";
import { webhookBench } from "./webhook";
import { statsBench } from "./stats";
import { bulkBench } from "./bulk";
import { pagesBench } from "./pages";

const SECTIONS = { webhook: webhookBench, stats: statsBench, bulk: bulkBench, pages: pagesBench } as const;
type Section = keyof typeof SECTIONS;

async function main() {
  const wanted = process.argv.slice(2);
  const unknown = wanted.filter((w) => !(w in SECTIONS));
  if (unknown.length) throw new Error(`unknown benchmark ${unknown.join(", ")} (known: ${Object.keys(SECTIONS).join(", ")})`);
  const sections = (wanted.length ? wanted : Object.keys(SECTIONS)) as Section[];
  buildQudao();
  const database = await startBenchDatabase();
  const started = new Date();
  const parts: string[] = [];
  for (const name of sections) {
    log(`— ${name} —`);
    parts.push(await SECTIONS[name](database));
  }
  const results = [
    "# Benchmarks",
    "",
    `Written by \`npm run bench\` on ${started.toISOString()} (${((Date.now() - started.getTime()) / 60_000).toFixed(1)} min); never edited by hand.`,
    "",
    ...(await machineLines(database.admin)).map((line) => `- ${line}`),
    "",
    ...parts,
  ].join("\n");
  mkdirSync("bench", { recursive: true });
  writeFileSync("bench/RESULTS.md", results);
  process.stdout.write(results);
  log("written to bench/RESULTS.md");
}

main()
  .catch((error) => {
    console.error(error);
    process.exitCode = 1;
  })
  .finally(cleanUp);

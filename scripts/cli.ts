/** `npm run cli -- <command>`: operations on the same database as the app (see lib/cli/main.ts). */
import { main } from "../lib/cli/main";
import { loadEnvFile } from "../lib/runtime/env-file";

loadEnvFile();

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error) => {
    process.stderr.write(`error: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);

import { config } from "zod";

// Runs in the browser before the app's code. zod compiles object schemas with `new Function` when
// it may, and probes whether it may by trying: under our Content-Security-Policy (no 'unsafe-eval')
// the probe is a reported violation. The forms' schemas are small; the interpreted path is enough.
config({ jitless: true });

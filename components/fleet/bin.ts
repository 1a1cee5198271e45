#!/usr/bin/env node
// `castai-fleet`: the fleet's status, drift and versions across the project's stacks (see `castai-fleet --help`).
import { USAGE, runCli } from "./cli";

if (process.argv[2] === "--help" || process.argv[2] === "-h") {
    process.stdout.write(`${USAGE}\n`);
    process.exit(0);
}
const controller = new AbortController();
// The first Ctrl-C cancels cleanly (engines stopped, locks released); a second one exits at once.
process.on("SIGINT", () => (controller.signal.aborted ? process.exit(130) : controller.abort()));
process.on("SIGTERM", () => controller.abort());
runCli(process.argv.slice(2), {
    stdout: (t) => process.stdout.write(t),
    stderr: (t) => process.stderr.write(t),
    progress: process.stderr.isTTY === true,
    signal: controller.signal,
    cwd: process.cwd(),
}).then(
    (code) => process.exit(code),
    (e) => {
        process.stderr.write(`castai-fleet: ${e instanceof Error ? e.stack : String(e)}\n`);
        process.exit(2);
    },
);

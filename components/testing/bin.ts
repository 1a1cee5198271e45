#!/usr/bin/env node
// `castai-emulator`: runs the CAST AI emulator until SIGINT/SIGTERM. Faults, state, the request log and
// console edits are reachable over HTTP under /__emulator/ with the printed API key.

import { startEmulator } from "./emulator";
import type { EmulatorOptions } from "./types";

const USAGE = `usage: castai-emulator [--port N] [--strict] [--seed FILE] [--agent-connects MODE] [--ready-ms N] [--disconnect-ms N] [--default-template-ms N]
  --port N                 port on 127.0.0.1 (default 0: a free one)
  --strict                 reject unknown JSON keys with a 400 naming the field
  --seed FILE              start from this state (JSON shaped like GET /__emulator/state); POST /__emulator/reset returns to it
  --agent-connects MODE    onReady (default): agents report as clusters become ready; onConsoleAction: only on
                           POST /__emulator/console/connectAgent {"args": ["<cluster id>"]}, as a real agent would
  --ready-ms N             registration (or the agent's report) to status "ready" (default 0)
  --disconnect-ms N        disconnect to status "deleted" (default 0)
  --default-template-ms N  registration to the default-by-castai node template (default 0)
The API key is random per start unless CASTAI_EMULATOR_API_KEY is set (an environment variable, not an
argument, so that it does not show in process listings).`;

const DELAY_FLAGS = { "--ready-ms": "clusterReadyMs", "--disconnect-ms": "disconnectMs", "--default-template-ms": "defaultTemplateMs" } as const;

function parseArgs(argv: string[]): EmulatorOptions {
  const options: EmulatorOptions = { delays: {} };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    if (flag === "--strict") {
      options.strict = true;
      continue;
    }
    if (flag === "--help" || flag === "-h") {
      console.log(USAGE);
      process.exit(0);
    }
    if (flag === "--seed" || flag === "--agent-connects") {
      const text = argv[++i];
      if (text === undefined) throw new Error(`${flag} needs a value`);
      if (flag === "--seed") options.seed = text;
      else options.agentConnects = text as EmulatorOptions["agentConnects"];
      continue;
    }
    const value = Number(argv[++i]);
    if (!Number.isInteger(value) || value < 0) throw new Error(`${flag} needs a non-negative integer`);
    if (flag === "--port") options.port = value;
    else if (flag in DELAY_FLAGS) options.delays![DELAY_FLAGS[flag as keyof typeof DELAY_FLAGS]] = value;
    else throw new Error(`unknown option ${flag}`);
  }
  const apiKey = process.env.CASTAI_EMULATOR_API_KEY;
  if (apiKey) options.apiKey = apiKey;
  return options;
}

async function main(): Promise<void> {
  let options: EmulatorOptions;
  try {
    options = parseArgs(process.argv.slice(2));
  } catch (error) {
    console.error(`castai-emulator: ${(error as Error).message}\n${USAGE}`);
    process.exit(2);
  }
  const emulator = await startEmulator(options);
  console.log(`CAST AI emulator listening on ${emulator.url}`);
  console.log(`api key: ${emulator.apiKey}`);
  console.log(`organization id: ${emulator.organizationId}`);
  const shutdown = () => {
    emulator.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once("SIGINT", shutdown);
  process.once("SIGTERM", shutdown);
}

main().catch((error: unknown) => {
  console.error(`castai-emulator: ${(error as Error).message}`);
  process.exit(1);
});

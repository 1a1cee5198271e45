// The `castai-emulator` bin: prints where it listens and its key, serves the API, stops on signals.

import assert from "node:assert/strict";
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";

const BIN = path.resolve(__dirname, "../../components/testing/bin.js");

interface Running {
  child: ChildProcessWithoutNullStreams;
  url: string;
  apiKey: string;
  stdout: () => string;
  exit: Promise<number | null>;
}

function run(args: string[], env: Record<string, string> = {}): Promise<Running> {
  const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, ...env } });
  let out = "";
  const exit = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    child.stdout.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      const url = /CAST AI emulator listening on (http:\/\/127\.0\.0\.1:\d+)\n/.exec(out)?.[1];
      const apiKey = /^api key: (\S+)$/m.exec(out)?.[1];
      // The organization id is the last line printed at start.
      if (url && apiKey && /^organization id: \S+$/m.test(out)) resolve({ child, url, apiKey, stdout: () => out, exit });
    });
    void exit.then((code) => reject(new Error(`exited with ${code} before listening: ${out}`)));
  });
}

describe("emulator: castai-emulator bin", () => {
  it("listens on a random port, prints the key, serves the API in strict mode, stops on SIGTERM", async () => {
    const emu = await run(["--port", "0", "--strict"]);
    assert.match(emu.apiKey, /^castai-emu-[0-9a-f]{40}$/);
    const headers = { "X-API-Key": emu.apiKey, "Content-Type": "application/json" };
    assert.equal((await fetch(`${emu.url}/v1/organizations`, { headers })).status, 200);
    const strict = await fetch(`${emu.url}/v1/kubernetes/external-clusters`, { method: "POST", headers, body: JSON.stringify({ name: "x", nope: 1 }) });
    assert.equal(strict.status, 400);
    emu.child.kill("SIGTERM");
    assert.equal(await emu.exit, 0);
    assert.equal(emu.stdout().split(emu.apiKey).length, 2, "the key is printed once, on its own line");
  });

  it("takes its key from CASTAI_EMULATOR_API_KEY, its delays from flags, and stops on SIGINT", async () => {
    const apiKey = `castai-emu-${"b".repeat(40)}`;
    const emu = await run(["--ready-ms", "60000"], { CASTAI_EMULATOR_API_KEY: apiKey });
    assert.equal(emu.apiKey, apiKey);
    const headers = { "X-API-Key": apiKey, "Content-Type": "application/json" };
    const body = JSON.stringify({ name: "c", gke: { projectId: "p", location: "us-east1" } });
    const registered = await (await fetch(`${emu.url}/v1/kubernetes/external-clusters`, { method: "POST", headers, body })).json() as { id: string };
    const read = await (await fetch(`${emu.url}/v1/kubernetes/external-clusters/${registered.id}`, { headers })).json() as { status: string };
    assert.equal(read.status, "connecting");
    emu.child.kill("SIGINT");
    assert.equal(await emu.exit, 0);
  });

  it("starts from --seed FILE, resets to it over HTTP, and waits for the agent with --agent-connects onConsoleAction", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "castai-emulator-bin-"));
    try {
      const seed = path.join(dir, "seed.json");
      writeFileSync(seed, JSON.stringify({ organization: { id: "org-1", name: "acme", createdAt: "2026-01-01T00:00:00Z", type: "ORGANIZATION_TYPE_DEFAULT" } }));
      const emu = await run(["--seed", seed, "--agent-connects", "onConsoleAction"]);
      assert.match(emu.stdout(), /^organization id: org-1$/m);
      const headers = { "X-API-Key": emu.apiKey, "Content-Type": "application/json" };
      const body = JSON.stringify({ name: "c", gke: { projectId: "p", location: "us-east1" } });
      const { id } = (await (await fetch(`${emu.url}/v1/kubernetes/external-clusters`, { method: "POST", headers, body })).json()) as { id: string };
      const read = async () => (await (await fetch(`${emu.url}/v1/kubernetes/external-clusters/${id}`, { headers })).json()) as { agentStatus: string };
      assert.equal((await read()).agentStatus, "waiting-connection");
      await fetch(`${emu.url}/__emulator/console/connectAgent`, { method: "POST", headers, body: JSON.stringify({ args: [id] }) });
      assert.equal((await read()).agentStatus, "online");
      assert.equal((await fetch(`${emu.url}/__emulator/reset`, { method: "POST", headers })).status, 204);
      assert.equal((await fetch(`${emu.url}/v1/kubernetes/external-clusters/${id}`, { headers })).status, 404);
      emu.child.kill("SIGTERM");
      assert.equal(await emu.exit, 0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("exits 2 with the usage on an unknown option", async () => {
    const child = spawn(process.execPath, [BIN, "--bogus", "1"]);
    let err = "";
    child.stderr.on("data", (chunk: Buffer) => (err += chunk.toString()));
    const code = await new Promise((resolve) => child.once("exit", resolve));
    assert.equal(code, 2);
    assert.match(err, /unknown option --bogus/);
    assert.match(err, /usage: castai-emulator/);
  });
});

// Starting an emulator from a seed file and resetting it: a test of a user's program can begin from existing
// clusters and objects, and go back to that start between cases without restarting the server.

import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { startEmulator, type Emulator } from "../../components/testing";
import { CLUSTERS, Client, register } from "./emulator.helpers";

const hibernation = (emu: Emulator) => `/cluster-autoscaler/v1beta/organizations/${emu.organizationId}/hibernation-schedules`;

describe("emulator: seed and reset", () => {
  let dir: string;
  const started: Emulator[] = [];
  const start = async (options: Parameters<typeof startEmulator>[0]) => {
    const emu = await startEmulator({ strict: true, ...options });
    started.push(emu);
    return { emu, api: new Client(emu) };
  };
  const seedFile = (name: string, content: unknown) => {
    const file = path.join(dir, name);
    writeFileSync(file, typeof content === "string" ? content : JSON.stringify(content));
    return file;
  };
  beforeEach(() => (dir = mkdtempSync(path.join(tmpdir(), "castai-emulator-seed-"))));
  afterEach(async () => {
    await Promise.all(started.splice(0).map((emu) => emu.stop()));
    rmSync(dir, { recursive: true, force: true });
  });

  it("reset() empties the organization but keeps its id and the API key; faults, log and pending transitions go", async () => {
    const { emu, api } = await start({ delays: { clusterReadyMs: 60_000 } });
    const organizationId = emu.organizationId;
    const id = await register(api);
    emu.addFault({ path: "/v1/organizations", kind: "status", status: 503 });
    emu.clock.advance(3_600_000);
    emu.reset();
    assert.deepEqual(emu.requests, []);
    assert.deepEqual(Object.keys(emu.state.clusters), []);
    assert.equal((await api.get(`${CLUSTERS}/${id}`)).status, 404);
    const orgs = await api.get("/v1/organizations");
    assert.deepEqual([orgs.status, orgs.body.organizations[0].id], [200, organizationId], "no fault, same organization");
    assert.ok(Math.abs(emu.clock.now().getTime() - Date.now()) < 1_000, "the clock is back");
  });

  it("starts from a dump of another emulator's state, and reset() returns to it", async () => {
    const first = await start({});
    const clusterId = await register(first.api);
    const schedule = {
      name: "nights",
      enabled: true,
      pauseConfig: { enabled: true, schedule: { cronExpression: "0 19 * * 1-5" } },
      resumeConfig: { enabled: true, schedule: { cronExpression: "0 7 * * 1-5" }, jobConfig: { nodeConfig: { instanceType: "m5.large" } } },
      clusterAssignments: { items: [{ clusterId }] },
    };
    const scheduleId = (await first.api.post(hibernation(first.emu), schedule)).body.id;
    const dump = seedFile("dump.json", (await first.api.get("/__emulator/state")).body);

    const { emu, api } = await start({ seed: dump });
    assert.equal(emu.organizationId, first.emu.organizationId);
    assert.equal((await api.get(`${CLUSTERS}/${clusterId}`)).body.status, "ready");
    assert.equal((await api.get(`${hibernation(emu)}/${scheduleId}`)).body.name, "nights");
    await api.del(`${hibernation(emu)}/${scheduleId}`);
    const other = await api.post(CLUSTERS, { name: "other", eks: { accountId: "210987654321", region: "us-east-1", clusterName: "other" } });
    emu.reset();
    assert.equal((await api.get(`${hibernation(emu)}/${scheduleId}`)).status, 200);
    assert.equal((await api.get(`${CLUSTERS}/${other.body.id}`)).status, 404);
    assert.deepEqual(Object.keys(emu.state.clusters), [clusterId]);
  });

  it("gives hand-written seeded clusters the objects registration creates", async () => {
    const file = seedFile("clusters.json", {
      clusters: {
        c1: {
          id: "c1", name: "shop", status: "ready", agentStatus: "online", providerType: "gke", credentialsId: "cred-1",
          region: { name: "europe-west1", displayName: "europe-west1" }, providerNamespaceId: "my-project",
          gke: { projectId: "my-project", location: "europe-west1", clusterName: "shop" },
        },
      },
    });
    const { api } = await start({ seed: file });
    assert.deepEqual((await api.get(CLUSTERS)).body.items.map((c: { id: string; credentialsId: string }) => [c.id, c.credentialsId]), [["c1", "cred-1"]]);
    const base = "/v1/kubernetes/clusters/c1";
    assert.equal((await api.get(`${base}/policies`)).status, 200);
    const configurations = (await api.get(`${base}/node-configurations`)).body.items;
    assert.deepEqual(configurations.map((c: { name: string; default: boolean }) => [c.name, c.default]), [["default", true]]);
    const templates = (await api.get(`${base}/node-templates?includeDefault=true`)).body.items;
    assert.deepEqual(templates.map((i: { template: { name: string } }) => i.template.name), ["default-by-castai"]);
  });

  it("refuses a seed it cannot load, naming the file and the part", async () => {
    await assert.rejects(startEmulator({ seed: seedFile("bad.json", "{not json") }), /seed .*bad\.json: .*JSON/);
    await assert.rejects(startEmulator({ seed: seedFile("key.json", { cluster: {} }) }), /seed .*key\.json: cluster is not part of the state; allowed: organization, user, clusters/);
    await assert.rejects(
      startEmulator({ seed: seedFile("id.json", { clusters: { a: { id: "b", name: "x", providerType: "eks", status: "ready", agentStatus: "online" } } }) }),
      /clusters\.a\.id must be "a"/,
    );
    await assert.rejects(
      startEmulator({ seed: seedFile("fields.json", { clusters: { a: { id: "a", name: "x", providerType: "eks", status: "ready" } } }) }),
      /clusters\.a needs agentStatus, providerNamespaceId, region/,
    );
    await assert.rejects(startEmulator({ seed: path.join(dir, "missing.json") }), /seed .*missing\.json: ENOENT/);
  });

  it("resets over HTTP for the emulator bin's users", async () => {
    const { emu, api } = await start({});
    await register(api);
    assert.equal((await api.post("/__emulator/reset")).status, 204);
    assert.deepEqual(Object.keys(emu.state.clusters), []);
  });
});

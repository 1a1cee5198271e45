// Autoscaler policies in the emulator: deep-merging PUT, the optimistic-concurrency version, fields
// filled on read.

import assert from "node:assert/strict";
import { emulatorPerTest, register } from "./emulator.helpers";

describe("emulator: autoscaler policies", () => {
  const t = emulatorPerTest();
  let path: string;
  let clusterId: string;
  beforeEach(async () => {
    clusterId = await register(t.api);
    path = `/v1/kubernetes/clusters/${clusterId}/policies`;
  });

  it("deep-merges a PUT: fields it carries change, the others stay", async () => {
    const before = (await t.api.get(path)).body;
    const res = await t.api.put(path, { enabled: true, unschedulablePods: { headroom: { cpuPercentage: 15 } } });
    assert.equal(res.status, 200);
    assert.equal(res.body.enabled, true);
    assert.equal(res.body.unschedulablePods.headroom.cpuPercentage, 15);
    assert.equal(res.body.unschedulablePods.headroom.memoryPercentage, before.unschedulablePods.headroom.memoryPercentage);
    assert.deepEqual(res.body.nodeDownscaler.emptyNodes, before.nodeDownscaler.emptyNodes);
    assert.deepEqual((await t.api.get(path)).body, res.body, "GET shows what the PUT answered");
  });

  it('switches only `enabled` off with {"enabled": false}, as a delete does', async () => {
    await t.api.put(path, { enabled: true, nodeDownscaler: { emptyNodes: { enabled: true, delaySeconds: 60 } } });
    const res = await t.api.put(path, { enabled: false });
    assert.equal(res.body.enabled, false);
    assert.deepEqual(res.body.nodeDownscaler.emptyNodes, { enabled: true, delaySeconds: 60 });
  });

  it("treats null and absent fields as unchanged, and an explicit false as a change", async () => {
    await t.api.put(path, { nodeDownscaler: { evictor: { enabled: true, aggressiveMode: true } } });
    const res = await t.api.put(path, { nodeDownscaler: { evictor: { enabled: null, aggressiveMode: false } } });
    assert.equal(res.body.nodeDownscaler.evictor.enabled, true);
    assert.equal(res.body.nodeDownscaler.evictor.aggressiveMode, false);
  });

  it("refuses a PUT carrying a stale defaultNodeTemplateVersion, accepts the current one", async () => {
    const read = (await t.api.get(path)).body;
    t.emu.console.updateNodeTemplate(clusterId, "default-by-castai", { customInstancesEnabled: true });
    const stale = await t.api.put(path, { ...read, enabled: true });
    assert.equal(stale.status, 400);
    assert.equal(stale.body.message, "default node template has changed, refetch the policies");
    assert.equal((await t.api.get(path)).body.enabled, false, "nothing was written");

    const fresh = (await t.api.get(path)).body;
    assert.notEqual(fresh.defaultNodeTemplateVersion, read.defaultNodeTemplateVersion);
    assert.equal((await t.api.put(path, { ...fresh, enabled: true })).status, 200);
  });

  it("bumps defaultNodeTemplateVersion when the default template is updated through the API", async () => {
    const before = (await t.api.get(path)).body.defaultNodeTemplateVersion;
    await t.api.put(`/v1/kubernetes/clusters/${clusterId}/node-templates/default-by-castai`, { constraints: { spot: true } });
    assert.equal((await t.api.get(path)).body.defaultNodeTemplateVersion, String(Number(before) + 1));
  });

  it("fills volatile fields on read: statuses, and the fields synced with the default node template", async () => {
    const read = (await t.api.get(path)).body;
    assert.equal(read.nodeDownscaler.evictor.status, "Compatible");
    assert.equal(read.unschedulablePods.podPinner.status, "PodPinnerStatus_Compatible");
    assert.equal(read.spotInstances.enabled, false);

    const put = await t.api.put(path, { spotInstances: { enabled: true }, nodeDownscaler: { evictor: { status: "Missing" } } });
    assert.equal(put.body.spotInstances.enabled, false, "the default template (on-demand) wins");
    assert.equal(put.body.nodeDownscaler.evictor.status, "Compatible", "a status cannot be written");

    await t.api.put(`/v1/kubernetes/clusters/${clusterId}/node-templates/default-by-castai`, { constraints: { spot: true } });
    assert.equal((await t.api.get(path)).body.spotInstances.enabled, true);
  });

  it("keeps statuses Unknown while the agent is not online", async () => {
    t.emu.console.setClusterStatus(clusterId, "connecting", "waiting-connection");
    const read = (await t.api.get(path)).body;
    assert.equal(read.nodeDownscaler.evictor.status, "Unknown");
    assert.equal(read.unschedulablePods.podPinner.status, "PodPinnerStatus_Unknown");
  });

  it("does not store the input-only diskGibToCpuRatio", async () => {
    const res = await t.api.put(path, { unschedulablePods: { diskGibToCpuRatio: 25 } });
    assert.equal(res.status, 200);
    assert.equal(res.body.unschedulablePods.diskGibToCpuRatio, undefined);
  });

  it("names the mistyped field of a PUT", async () => {
    const res = await t.api.put(path, { unschedulablePods: { headroom: { cpuPercentage: "10" } } });
    assert.equal(res.status, 400);
    assert.deepEqual(res.body.fieldViolations, [{ field: "unschedulablePods.headroom.cpuPercentage", description: "expected integer, got string" }]);
  });

  it("answers 404 for an unknown cluster", async () => {
    assert.equal((await t.api.get("/v1/kubernetes/clusters/00000000-0000-0000-0000-000000000000/policies")).status, 404);
  });
});

// Drift: edits made in the "console", behind the client's back, are what the API answers afterwards.

import assert from "node:assert/strict";
import { startEmulator } from "../../components/testing";
import { CLUSTERS, Client, emulatorPerTest, register, registerConnected, sleep } from "./emulator.helpers";

describe("emulator: console edits", () => {
  const t = emulatorPerTest();
  let clusterId: string;
  let base: string;
  beforeEach(async () => {
    clusterId = await registerConnected(t.api);
    base = `/v1/kubernetes/clusters/${clusterId}`;
  });

  it("updateCluster, rotateCredentialsId and setClusterStatus show in GET", async () => {
    const before = (await t.api.get(`${CLUSTERS}/${clusterId}`)).body;
    t.emu.console.updateCluster(clusterId, { name: "renamed" });
    const rotated = t.emu.console.rotateCredentialsId(clusterId);
    assert.notEqual(rotated.credentialsId, before.credentialsId);
    const after = (await t.api.get(`${CLUSTERS}/${clusterId}`)).body;
    assert.deepEqual([after.name, after.credentialsId], ["renamed", rotated.credentialsId]);

    t.emu.console.setClusterStatus(clusterId, "archived");
    const archived = (await t.api.get(`${CLUSTERS}/${clusterId}`)).body;
    assert.equal(archived.status, "archived");
    assert.ok(archived.deletedAt);
    assert.deepEqual((await t.api.get(CLUSTERS)).body.items, []);
  });

  it("setClusterStatus cancels a pending transition: a cluster kept connecting stays so", async () => {
    const emu = await startEmulator({ strict: true, delays: { clusterReadyMs: 100 } });
    try {
      const api = new Client(emu);
      const id = await register(api);
      emu.console.setClusterStatus(id, "connecting", "non-responding");
      await sleep(150);
      const read = (await api.get(`${CLUSTERS}/${id}`)).body;
      assert.deepEqual([read.status, read.agentStatus], ["connecting", "non-responding"]);
    } finally {
      await emu.stop();
    }
  });

  it("sees what is due without a request in between: the default template right after registration", async () => {
    const id = await register(t.api);
    const edited = t.emu.console.updateNodeTemplate(id, "default-by-castai", { isEnabled: false });
    assert.equal(edited.isEnabled, false);
  });

  it("updatePolicies merge-patches (null deletes) without the version check", async () => {
    t.emu.console.updatePolicies(clusterId, { enabled: true, clusterLimits: null });
    const read = (await t.api.get(`${base}/policies`)).body;
    assert.equal(read.enabled, true);
    assert.equal(read.clusterLimits, undefined);
  });

  it("updateNodeTemplate bumps the version; deleteNodeTemplate removes even the default", async () => {
    t.emu.console.updateNodeTemplate(clusterId, "default-by-castai", { constraints: { spot: true } });
    const [item] = (await t.api.get(`${base}/node-templates?includeDefault=true`)).body.items;
    assert.deepEqual([item.template.version, item.template.constraints.spot], ["2", true]);
    t.emu.console.deleteNodeTemplate(clusterId, "default-by-castai");
    assert.deepEqual((await t.api.get(`${base}/node-templates?includeDefault=true`)).body.items, []);
    assert.equal((await t.api.get(`${base}/policies`)).body.defaultNodeTemplateVersion, "");
  });

  it("updateNodeConfiguration and deleteNodeConfiguration", async () => {
    const created = (await t.api.post(`${base}/node-configurations`, { name: "extra", minDiskSize: 50 })).body;
    const edited = t.emu.console.updateNodeConfiguration(clusterId, created.id, { minDiskSize: 75 });
    assert.equal(edited.version, 2);
    assert.equal((await t.api.get(`${base}/node-configurations/${created.id}`)).body.minDiskSize, 75);
    t.emu.console.deleteNodeConfiguration(clusterId, created.id);
    assert.equal((await t.api.get(`${base}/node-configurations/${created.id}`)).status, 404);
  });

  it("updateEvictorConfig replaces the config", async () => {
    const config = { evictionConfig: [{ podSelector: { namespace: "x" }, settings: { disposable: { enabled: true } } }] };
    t.emu.console.updateEvictorConfig(clusterId, config);
    assert.deepEqual((await t.api.get(`${base}/evictor-advanced-config`)).body, config);
  });

  it("updateHibernationSchedule and deleteHibernationSchedule", async () => {
    const path = `/cluster-autoscaler/v1beta/organizations/${t.emu.organizationId}/hibernation-schedules`;
    const schedule = (await t.api.post(path, {
      name: "nights",
      enabled: true,
      pauseConfig: { enabled: true, schedule: { cronExpression: "0 19 * * *" } },
      resumeConfig: { enabled: true, schedule: { cronExpression: "0 7 * * *" }, jobConfig: { nodeConfig: { instanceType: "e2-standard-4" } } },
      clusterAssignments: { items: [{ clusterId }] },
    })).body;
    t.emu.console.updateHibernationSchedule(schedule.id, { enabled: false });
    assert.equal((await t.api.get(`${path}/${schedule.id}`)).body.enabled, false);
    t.emu.console.deleteHibernationSchedule(schedule.id);
    assert.equal((await t.api.get(`${path}/${schedule.id}`)).status, 404);
  });

  it("updatePodMutation and deletePodMutation", async () => {
    const path = `/patching-engine/v1beta/organizations/${t.emu.organizationId}/clusters/${clusterId}/pod-mutations`;
    const mutation = (await t.api.post(path, { name: "m", enabled: true, spotType: "OPTIONAL_SPOT" })).body;
    t.emu.console.updatePodMutation(clusterId, mutation.id, { spotType: "USE_ONLY_SPOT" });
    assert.equal((await t.api.get(`${path}/${mutation.id}`)).body.spotType, "USE_ONLY_SPOT");
    t.emu.console.deletePodMutation(clusterId, mutation.id);
    assert.equal((await t.api.get(`${path}/${mutation.id}`)).status, 404);
  });

  it("updateServiceAccount, deleteServiceAccountKey and deleteServiceAccount", async () => {
    const path = `/v1/organizations/${t.emu.organizationId}/service-accounts`;
    const account = (await t.api.post(path, { name: "a" })).body;
    const key = (await t.api.post(`${path}/${account.id}/keys`, { key: { name: "k" } })).body;
    t.emu.console.updateServiceAccount(account.id, { description: "edited" });
    assert.equal((await t.api.get(`${path}/${account.id}`)).body.serviceAccount.description, "edited");
    t.emu.console.deleteServiceAccountKey(account.id, key.id);
    assert.equal((await t.api.get(`${path}/${account.id}/keys/${key.id}`)).status, 404);
    t.emu.console.deleteServiceAccount(account.id);
    assert.equal((await t.api.get(`${path}/${account.id}`)).status, 404);
  });

  it("returns copies, and throws a 404 ApiError for unknown objects", async () => {
    const copy = t.emu.console.updateCluster(clusterId, {});
    copy.name = "mutated";
    assert.notEqual(t.emu.state.clusters[clusterId].name, "mutated");
    assert.throws(() => t.emu.console.updateNodeTemplate(clusterId, "nope", {}), (e: Error & { status?: number }) => e.status === 404);
    assert.throws(() => t.emu.console.deleteHibernationSchedule("nope"), /not found/);
  });

  it("are reachable over HTTP: POST /__emulator/console/{edit} with {args}", async () => {
    const other = await register(t.api, "gke");
    const res = await t.api.post("/__emulator/console/setClusterStatus", { args: [other, "failed"] });
    assert.deepEqual([res.status, res.body.status], [200, "failed"]);
    assert.equal((await t.api.get(`${CLUSTERS}/${other}`)).body.status, "failed");
    assert.equal((await t.api.post("/__emulator/console/deleteNodeTemplate", { args: [other, "nope"] })).status, 404);
    assert.equal((await t.api.post("/__emulator/console/hack", { args: [] })).status, 404);
    assert.equal((await t.api.post("/__emulator/console/toString", { args: [] })).status, 404);
    assert.equal((await t.api.post("/__emulator/console/updateCluster", { args: "x" })).status, 400);
    assert.equal(t.emu.requests.filter((r) => r.path.startsWith("/__emulator/")).length, 0, "admin calls are not recorded");
  });
});

// Node templates (by name, with the server-owned default-by-castai) and node configurations (by id, one
// default per cluster) in the emulator.

import assert from "node:assert/strict";
import { emulatorPerTest, register } from "./emulator.helpers";

interface TemplateItem {
  template: { name: string; version: string; isDefault: boolean };
  stats: Record<string, number>;
}

describe("emulator: node templates", () => {
  const t = emulatorPerTest();
  let base: string;
  let clusterId: string;
  beforeEach(async () => {
    clusterId = await register(t.api);
    base = `/v1/kubernetes/clusters/${clusterId}/node-templates`;
  });

  const names = async (query = "") => (await t.api.get(`${base}${query}`)).body.items.map((i: TemplateItem) => i.template.name);

  it("creates, lists, replaces and deletes a template by name", async () => {
    const created = await t.api.post(base, { name: "spot", constraints: { spot: true, minCpu: 2 }, customLabels: { team: "a" } });
    assert.equal(created.status, 200);
    assert.equal(created.body.name, "spot");
    assert.equal(created.body.version, "1");
    assert.equal(created.body.isDefault, false);
    assert.equal(created.body.configurationName, "default");
    assert.equal(created.body.constraints.onDemand, false, "onDemand defaults to the opposite of spot");

    const items = (await t.api.get(`${base}?includeDefault=true`)).body.items as TemplateItem[];
    assert.deepEqual(items.map((i) => i.template.name), ["default-by-castai", "spot"]);
    assert.deepEqual(items[1].stats, { countOnDemand: 0, countSpot: 0, countFallback: 0, countSoleTenant: 0 });

    const replaced = await t.api.put(`${base}/spot`, { constraints: { spot: true } });
    assert.equal(replaced.status, 200);
    assert.equal(replaced.body.version, "2");
    assert.equal(replaced.body.customLabels, undefined, "a PUT replaces the whole template");

    assert.deepEqual((await t.api.del(`${base}/spot`)).body, {});
    assert.deepEqual(await names("?includeDefault=true"), ["default-by-castai"]);
    assert.equal((await t.api.put(`${base}/spot`, {})).status, 404);
    assert.equal((await t.api.del(`${base}/spot`)).status, 404);
  });

  it("fills constraint defaults the client did not send (drift a client must expect)", async () => {
    const created = (await t.api.post(base, { name: "plain" })).body;
    assert.equal(created.constraints.spotDiversityPriceIncreaseLimitPercent, 20);
    assert.equal(created.constraints.spotReliabilityPriceIncreaseLimitPercent, 10);
    assert.equal(created.constraints.spotInterruptionPredictionsType, "interruption-predictions");
    assert.equal(created.isEnabled, true);
    assert.equal(created.shouldTaint, true);
  });

  it("leaves the default template out of the list unless includeDefault=true", async () => {
    await t.api.post(base, { name: "other" });
    assert.deepEqual(await names(), ["other"]);
    assert.deepEqual(await names("?includeDefault=false"), ["other"]);
    assert.deepEqual(await names("?includeDefault=true"), ["default-by-castai", "other"]);
  });

  it("refuses a duplicate name, a custom default and the reserved name", async () => {
    await t.api.post(base, { name: "dup" });
    assert.equal((await t.api.post(base, { name: "dup" })).status, 400);
    const custom = await t.api.post(base, { name: "mine", isDefault: true });
    assert.equal(custom.status, 400);
    assert.equal(custom.body.message, "cannot create custom default node template - use provided default template");
    assert.equal((await t.api.post(base, { name: "default-by-castai" })).status, 400);
  });

  it("refuses names that are not Kubernetes label values", async () => {
    for (const name of ["", "has space", "-dash", "x".repeat(64)]) {
      const res = await t.api.post(base, { name });
      assert.equal(res.status, 400, name);
      assert.equal(res.body.fieldViolations[0].field, "name");
    }
  });

  it("updates default-by-castai with PUT but never deletes it", async () => {
    const updated = await t.api.put(`${base}/default-by-castai`, { constraints: { spot: true }, isDefault: false });
    assert.equal(updated.status, 200);
    assert.equal(updated.body.isDefault, true, "isDefault follows the name");
    assert.equal(updated.body.shouldTaint, false);
    const refused = await t.api.del(`${base}/default-by-castai`);
    assert.equal(refused.status, 400);
    assert.deepEqual(await names("?includeDefault=true"), ["default-by-castai"]);
  });

  it("refuses a configurationId of no configuration of the cluster", async () => {
    const res = await t.api.post(base, { name: "x", configurationId: "00000000-0000-0000-0000-000000000000" });
    assert.equal(res.status, 400);
    assert.equal(res.body.fieldViolations[0].field, "configurationId");
  });

  it("rejects `name` in a PUT body in strict mode (UpdateNodeTemplate has no name)", async () => {
    const res = await t.api.put(`${base}/default-by-castai`, { name: "default-by-castai" });
    assert.equal(res.status, 400);
    assert.deepEqual(res.body.fieldViolations, [{ field: "name", description: 'unknown field "name"' }]);
  });
});

describe("emulator: node configurations", () => {
  const t = emulatorPerTest();
  let base: string;
  let clusterId: string;
  beforeEach(async () => {
    clusterId = await register(t.api, "gke");
    base = `/v1/kubernetes/clusters/${clusterId}/node-configurations`;
  });

  it("creates with defaults, gets, updates (version +1) and deletes a configuration", async () => {
    const created = await t.api.post(base, { name: "ssd", gke: { diskType: "pd-ssd" }, tags: { team: "a" } });
    assert.equal(created.status, 200);
    assert.equal(created.body.version, 1);
    assert.equal(created.body.minDiskSize, 100);
    assert.equal(created.body.gke.maxPodsPerNode, 110);
    assert.equal(created.body.default, false);
    const id = created.body.id;
    assert.deepEqual((await t.api.get(`${base}/${id}`)).body, created.body);

    const updated = await t.api.post(`${base}/${id}`, { minDiskSize: 200, gke: { diskType: "pd-balanced" } });
    assert.equal(updated.status, 200);
    assert.equal(updated.body.version, 2);
    assert.equal(updated.body.name, "ssd");
    assert.equal(updated.body.minDiskSize, 200);
    assert.deepEqual(updated.body.tags, {}, "an update replaces the configuration");

    assert.deepEqual((await t.api.del(`${base}/${id}`)).body, {});
    assert.equal((await t.api.get(`${base}/${id}`)).status, 404);
  });

  it("moves the default flag with POST …/{id}/default and protects the default from deletion", async () => {
    const [original] = (await t.api.get(base)).body.items;
    const other = (await t.api.post(base, { name: "other" })).body;
    const res = await t.api.post(`${base}/${other.id}/default`);
    assert.equal(res.status, 200);
    assert.equal(res.body.default, true);
    const flags = (await t.api.get(base)).body.items.map((c: { name: string; default: boolean }) => [c.name, c.default]);
    assert.deepEqual(flags, [["default", false], ["other", true]]);
    assert.equal((await t.api.del(`${base}/${other.id}`)).status, 400, "the default cannot be deleted");
    assert.equal((await t.api.del(`${base}/${original.id}`)).status, 400, "default-by-castai still uses it");
  });

  it("refuses a duplicate name, a block of another cloud, and AKS-only limits are checked on AKS", async () => {
    await t.api.post(base, { name: "one" });
    assert.equal((await t.api.post(base, { name: "one" })).status, 400);
    const foreign = await t.api.post(base, { name: "two", eks: { instanceProfileArn: "arn:aws:iam::1:instance-profile/x" } });
    assert.equal(foreign.status, 400);
    assert.equal(foreign.body.fieldViolations[0].field, "eks");

    const aks = await register(t.api, "aks");
    const res = await t.api.post(`/v1/kubernetes/clusters/${aks}/node-configurations`, { name: "dense", aks: { maxPodsPerNode: 400 } });
    assert.equal(res.status, 400);
    assert.equal(res.body.fieldViolations[0].field, "aks.maxPodsPerNode");
  });

  it("requires a name and the EKS instance profile (schema-required fields)", async () => {
    assert.deepEqual((await t.api.post(base, {})).body.fieldViolations, [{ field: "name", description: "is required" }]);
    const eks = await register(t.api, "eks");
    const res = await t.api.post(`/v1/kubernetes/clusters/${eks}/node-configurations`, { name: "x", eks: { securityGroups: ["sg-1"] } });
    assert.deepEqual(res.body.fieldViolations, [{ field: "eks.instanceProfileArn", description: "is required" }]);
  });
});

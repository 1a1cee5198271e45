// Per-cluster objects besides policies and nodes: the evictor advanced config, pod mutations (patching
// engine) and the savings reports.

import assert from "node:assert/strict";
import { emulatorPerTest, register } from "./emulator.helpers";

describe("emulator: evictor advanced config", () => {
  const t = emulatorPerTest();

  it("always answers GET, replaces on POST, and resets on POST {}", async () => {
    const id = await register(t.api);
    const path = `/v1/kubernetes/clusters/${id}/evictor-advanced-config`;
    assert.deepEqual((await t.api.get(path)).body, { evictionConfig: [] });
    const config = {
      evictionConfig: [
        { podSelector: { namespace: "batch", labelSelector: { matchLabels: { app: "etl" } } }, settings: { removalDisabled: { enabled: true } } },
        { nodeSelector: { labelSelector: { matchExpressions: [{ key: "pool", operator: "In", values: ["gpu"] }] } }, settings: { aggressive: { enabled: true } } },
      ],
    };
    assert.deepEqual((await t.api.post(path, config)).body, config);
    assert.deepEqual((await t.api.post(path, { evictionConfig: [config.evictionConfig[1]] })).body.evictionConfig.length, 1);
    assert.deepEqual((await t.api.post(path, {})).body, { evictionConfig: [] });
  });

  it("validates entries: settings required, operator enum", async () => {
    const id = await register(t.api);
    const path = `/v1/kubernetes/clusters/${id}/evictor-advanced-config`;
    const res = await t.api.post(path, { evictionConfig: [{ nodeSelector: { labelSelector: { matchExpressions: [{ key: "k", operator: "Like" }] } } }] });
    assert.equal(res.status, 400);
    assert.deepEqual(res.body.fieldViolations.map((v: { field: string }) => v.field).sort(), [
      "evictionConfig[0].nodeSelector.labelSelector.matchExpressions[0].operator",
      "evictionConfig[0].settings",
    ]);
  });
});

describe("emulator: pod mutations", () => {
  const t = emulatorPerTest();
  let base: string;
  beforeEach(async () => {
    const clusterId = await register(t.api);
    base = `/patching-engine/v1beta/organizations/${t.emu.organizationId}/clusters/${clusterId}/pod-mutations`;
  });
  const mutation = (groups: { name: string; percentage: number; spotType?: string }[]) => ({
    name: "spot-share",
    enabled: true,
    distributionGroups: groups.map(({ name, percentage, spotType }) => ({ name, percentage, config: spotType ? { spotType } : {} })),
  });

  it("creates, lists, gets, patches and deletes a mutation", async () => {
    const created = await t.api.post(base, mutation([{ name: "spot", percentage: 60, spotType: "PREFERRED_SPOT" }, { name: "od", percentage: 40 }]));
    assert.equal(created.status, 200);
    const { id } = created.body;
    assert.equal(created.body.source, "API");
    assert.equal(created.body.distributionGroups[0].config.spotType, "PREFERRED_SPOT");
    assert.deepEqual((await t.api.get(base)).body.items.map((m: { id: string }) => m.id), [id]);
    assert.deepEqual((await t.api.get(`${base}/${id}`)).body, created.body);

    const patched = await t.api.patch(`${base}/${id}`, { enabled: false });
    assert.equal(patched.body.enabled, false);
    assert.deepEqual(patched.body.distributionGroups, created.body.distributionGroups);
    assert.deepEqual((await t.api.get(`${base}?enabled=true`)).body.items, []);
    assert.equal((await t.api.put(`${base}/${id}`, { enabled: true })).status, 404, "update is PATCH, not PUT");

    assert.deepEqual((await t.api.del(`${base}/${id}`)).body, {});
    assert.equal((await t.api.get(`${base}/${id}`)).body.code, 5);
  });

  it("refuses distribution groups summing to more than 100, and duplicate group names", async () => {
    const over = await t.api.post(base, mutation([{ name: "a", percentage: 70 }, { name: "b", percentage: 40 }]));
    assert.equal(over.status, 400);
    assert.deepEqual(over.body.details[0].fieldViolations, [{ field: "distributionGroups", description: "percentages sum to 110, more than 100" }]);
    const dup = await t.api.post(base, mutation([{ name: "a", percentage: 10 }, { name: "a", percentage: 10 }]));
    assert.equal(dup.body.details[0].fieldViolations[0].field, "distributionGroups[1].name");
  });

  it("refuses an unknown spotType", async () => {
    const res = await t.api.post(base, mutation([{ name: "a", percentage: 50, spotType: "ALWAYS_SPOT" }]));
    assert.equal(res.status, 400);
    assert.equal(res.body.details[0].fieldViolations[0].field, "distributionGroups[0].config.spotType");
  });

  it("requires a name unique in the cluster", async () => {
    assert.equal((await t.api.post(base, { enabled: true })).status, 400);
    await t.api.post(base, mutation([]));
    assert.equal((await t.api.post(base, mutation([]))).status, 409);
  });
});

describe("emulator: savings reports", () => {
  const t = emulatorPerTest();

  it("answers estimated savings with decimal strings, the same on every read", async () => {
    const id = await register(t.api);
    const path = `/v1/cost-reports/clusters/${id}/estimated-savings`;
    const res = await t.api.get(path);
    assert.equal(res.status, 200);
    const { recommendations, currentConfiguration } = res.body;
    assert.deepEqual(Object.keys(recommendations).sort(), ["Layman", "SpotInstances", "SpotOnly"]);
    const decimal = /^\d+(\.\d+)?$/;
    for (const scenario of Object.values(recommendations) as { monthly: Record<string, string>; hourly: Record<string, string>; savingsPercentage: string }[]) {
      for (const value of [...Object.values(scenario.monthly), ...Object.values(scenario.hourly), scenario.savingsPercentage]) {
        assert.equal(typeof value, "string");
        assert.match(value, decimal);
      }
      assert.ok(Number(scenario.monthly.priceAfter) < Number(scenario.monthly.priceBefore));
    }
    assert.match(currentConfiguration.totalPrice.hourly, decimal);
    assert.equal(currentConfiguration.totalPrice.hourly, recommendations.Layman.hourly.priceBefore);
    assert.equal(typeof res.body.isRebalancingRecommended, "boolean");
    assert.ok(Date.parse(res.body.lastUpdatedAt) > 0);
    assert.ok(Number(recommendations.SpotOnly.savingsPercentage) > Number(recommendations.Layman.savingsPercentage));
    assert.deepEqual((await t.api.get(path)).body, res.body);
  });

  it("answers realised savings as empty, and checks the time range", async () => {
    const id = await register(t.api);
    const path = `/v1/cost-reports/clusters/${id}/savings`;
    const res = await t.api.get(`${path}?startTime=2026-01-01T00:00:00Z&endTime=2026-02-01T00:00:00Z`);
    assert.deepEqual(res.body, { items: [], summary: { totalCost: "0", totalSavings: "0" } });
    const bad = await t.api.get(`${path}?startTime=yesterday`);
    assert.equal(bad.status, 400);
    assert.equal(bad.body.fieldViolations[0].field, "startTime");
  });

  it("answers 404 for an unknown cluster", async () => {
    assert.equal((await t.api.get("/v1/cost-reports/clusters/nope/estimated-savings")).status, 404);
  });
});

// How the emulator treats requests as such: authentication, unknown routes, bodies that do not match the
// contract (mistyped, unknown keys in strict and lenient mode, not JSON, too large), error body shapes.

import assert from "node:assert/strict";
import { CLUSTERS, Client, REGISTER, emulatorPerTest, register } from "./emulator.helpers";

describe("emulator: authentication", () => {
  const t = emulatorPerTest();

  it("answers 401 without a key and with a wrong key, as JSON", async () => {
    for (const client of [new Client(t.emu, null), new Client(t.emu, `castai-emu-${"0".repeat(40)}`)]) {
      const res = await client.get("/v1/organizations");
      assert.equal(res.status, 401);
      assert.equal(res.headers.get("content-type"), "application/json");
      assert.deepEqual(res.body, { message: "Unauthorized", fieldViolations: [] });
    }
  });

  it("generates a castai-emu-<40 hex> key per start unless one is given", async () => {
    assert.match(t.emu.apiKey, /^castai-emu-[0-9a-f]{40}$/);
  });

  it("answers 401 before anything else, and in the rpc shape on the rpc services", async () => {
    const res = await new Client(t.emu, null).get(`/patching-engine/v1beta/organizations/${t.emu.organizationId}/clusters/x/pod-mutations`);
    assert.deepEqual([res.status, res.body], [401, { code: 16, message: "Unauthorized", details: [] }]);
  });
});

describe("emulator: routing", () => {
  const t = emulatorPerTest();

  it("answers 404 {message: not found} for unknown routes and unknown objects", async () => {
    for (const path of ["/v1/nope", "/v2/kubernetes/external-clusters", `${CLUSTERS}/00000000-0000-0000-0000-000000000000`]) {
      const res = await t.api.get(path);
      assert.equal(res.status, 404, path);
      assert.equal(res.headers.get("content-type"), "application/json");
      assert.match(res.body.message, /not found/);
    }
    assert.deepEqual((await t.api.get("/v1/nope")).body, { message: "not found", fieldViolations: [] });
  });

  it("answers 404 for a known path with a method it does not have", async () => {
    assert.equal((await t.api.put(CLUSTERS, {})).status, 404);
  });

  it("does not let a path segment reach Object.prototype", async () => {
    assert.equal((await t.api.get(`${CLUSTERS}/__proto__`)).status, 404);
    assert.equal((await t.api.get(`${CLUSTERS}/constructor`)).status, 404);
  });
});

describe("emulator: request bodies in strict mode", () => {
  const t = emulatorPerTest({ strict: true });

  it("answers 400 naming a mistyped field, with the field in the message too", async () => {
    const res = await t.api.post(CLUSTERS, { name: 42, eks: REGISTER.eks.eks });
    assert.equal(res.status, 400);
    assert.deepEqual(res.body.fieldViolations, [{ field: "name", description: "expected string, got number" }]);
    assert.match(res.body.message, /name: expected string, got number/);
  });

  it("names nested paths and array indexes", async () => {
    const id = await register(t.api);
    const res = await t.api.post(`/v1/kubernetes/clusters/${id}/node-templates`, {
      name: "x",
      constraints: { architectures: ["amd64", 64] },
      customTaints: [{ key: "a", effect: "NoSchedule" }, { key: "b", effect: "Sometimes" }],
    });
    assert.deepEqual(res.body.fieldViolations, [
      { field: "constraints.architectures[1]", description: "expected string, got number" },
      { field: "customTaints[1].effect", description: "must be one of NoExecute, NoSchedule" },
    ]);
  });

  it("rejects unknown keys, naming their path", async () => {
    const res = await t.api.post(CLUSTERS, { ...REGISTER.eks, eks: { ...REGISTER.eks.eks, roleArn: "x" }, labels: {} });
    assert.equal(res.status, 400);
    assert.deepEqual(res.body.fieldViolations, [
      { field: "eks.roleArn", description: 'unknown field "roleArn"' },
      { field: "labels", description: 'unknown field "labels"' },
    ]);
    assert.deepEqual(t.emu.state.clusters, {}, "nothing was registered");
  });

  it("rejects a renamed legacy policies key, the one the real API silently drops", async () => {
    const id = await register(t.api);
    const res = await t.api.put(`/v1/kubernetes/clusters/${id}/policies`, { spotInstances: { spotDiversityPriceIncrease: 20 } });
    assert.deepEqual(res.body.fieldViolations, [{ field: "spotInstances.spotDiversityPriceIncrease", description: 'unknown field "spotDiversityPriceIncrease"' }]);
  });

  it("answers 400 for a body that is not JSON, or not an object", async () => {
    const notJson = await t.api.post(CLUSTERS, "{name:");
    assert.deepEqual([notJson.status, notJson.body.message], [400, "request body is not valid JSON"]);
    const array = await t.api.post(CLUSTERS, [REGISTER.eks]);
    assert.deepEqual(array.body.fieldViolations, [{ field: "body", description: "expected object, got array" }]);
  });

  it("answers 413 for a body over 1 MiB", async () => {
    const res = await t.api.post(CLUSTERS, { name: "x".repeat(1024 * 1024 + 1) });
    assert.equal(res.status, 413);
  });

  it("checks integer formats and date-times", async () => {
    const id = await register(t.api);
    const template = await t.api.post(`/v1/kubernetes/clusters/${id}/node-templates`, { name: "x", constraints: { minCpu: 1.5, maxCpu: 2 ** 40 } });
    assert.deepEqual(template.body.fieldViolations, [
      { field: "constraints.minCpu", description: "expected integer, got number" },
      { field: "constraints.maxCpu", description: "must fit in int32" },
    ]);
    const accounts = `/v1/organizations/${t.emu.organizationId}/service-accounts`;
    const account = (await t.api.post(accounts, { name: "a" })).body.id;
    const key = await t.api.post(`${accounts}/${account}/keys`, { key: { name: "k", expiresAt: "next year" } });
    assert.deepEqual(key.body.fieldViolations, [{ field: "key.expiresAt", description: "must be an RFC 3339 date-time" }]);
  });
});

describe("emulator: request bodies in lenient (default) mode", () => {
  const t = emulatorPerTest({ strict: false });

  it("ignores unknown keys like the real API: accepted, and not stored", async () => {
    const res = await t.api.post(CLUSTERS, { ...REGISTER.eks, eks: { ...REGISTER.eks.eks, roleArn: "x" }, labels: { a: "b" } });
    assert.equal(res.status, 200);
    assert.equal(res.body.labels, undefined);
    assert.equal(res.body.eks.roleArn, undefined);
    assert.equal(t.emu.state.clusters[res.body.id].eks?.roleArn, undefined);
  });

  it("still rejects mistyped known fields", async () => {
    assert.equal((await t.api.post(CLUSTERS, { name: 42 })).status, 400);
  });
});

// The request log: what it records, what it never records (the API key, cluster tokens), and its views.

import assert from "node:assert/strict";
import { CLUSTERS, Client, EKS_ROLE, REGISTER, emulatorPerTest, register } from "./emulator.helpers";

describe("emulator: request log", () => {
  const t = emulatorPerTest();

  it("records method, path, query, status, parsed body and arrival time", async () => {
    const before = Date.now();
    await t.api.post(CLUSTERS, REGISTER.eks);
    await t.api.get(`/v1/organizations/${t.emu.organizationId}/service-accounts?page.limit=5&serviceAccountIds=a&serviceAccountIds=b`);
    await t.api.post(CLUSTERS, { name: 1 });
    const [registered, listed, refused] = t.emu.requests;
    assert.deepEqual({ ...registered, at: 0 }, { method: "POST", path: CLUSTERS, query: {}, status: 200, body: REGISTER.eks, at: 0 });
    assert.ok(registered.at >= before && registered.at <= Date.now());
    assert.deepEqual(listed.query, { "page.limit": "5", serviceAccountIds: ["a", "b"] });
    assert.equal(listed.body, undefined);
    assert.equal(refused.status, 400);
  });

  it("never holds the API key or a cluster token, and no reply quotes a presented key", async () => {
    const id = await register(t.api);
    const token = (await t.api.post(`${CLUSTERS}/${id}/token`)).body.token;
    await t.api.post(`${CLUSTERS}/${id}`, { eks: { assumeRoleArn: EKS_ROLE } });
    await t.api.get("/v1/nope");
    const wrongKey = `castai-emu-${"a".repeat(40)}`;
    const refused = await new Client(t.emu, wrongKey).get("/v1/organizations");
    assert.ok(!JSON.stringify(refused.body).includes(wrongKey));
    const log = JSON.stringify(t.emu.requests);
    assert.ok(!log.includes(t.emu.apiKey), "the API key is not in the log");
    assert.ok(!log.includes(wrongKey), "a wrong key is not in the log either");
    assert.ok(!log.includes(token), "the cluster token is not in the log");
    const overHttp = JSON.stringify((await t.api.get("/__emulator/requests")).body);
    assert.ok(!overHttp.includes(t.emu.apiKey) && !overHttp.includes(token));
  });

  it("writes() lists non-GET requests; clearLog() empties the same live array", async () => {
    const log = t.emu.requests;
    const id = await register(t.api);
    await t.api.get(`${CLUSTERS}/${id}`);
    await t.api.del(`${CLUSTERS}/${id}`);
    assert.deepEqual(t.emu.writes().map((r) => `${r.method} ${r.path}`), [`POST ${CLUSTERS}`, `DELETE ${CLUSTERS}/${id}`]);
    t.emu.clearLog();
    assert.equal(t.emu.requests, log);
    assert.equal(log.length, 0);
    await t.api.get(CLUSTERS);
    assert.equal(log.length, 1, "the array stays live after clearLog()");
  });

  it("is served and cleared over HTTP, without recording the admin calls", async () => {
    await t.api.get(CLUSTERS);
    const served = (await t.api.get("/__emulator/requests")).body.items;
    assert.deepEqual(served.map((r: { path: string }) => r.path), [CLUSTERS]);
    assert.equal((await t.api.del("/__emulator/requests")).status, 204);
    assert.deepEqual(t.emu.requests, []);
    assert.equal((await new Client(t.emu, null).get("/__emulator/requests")).status, 401, "admin routes need the key");
  });

  it("serves the live state over HTTP", async () => {
    const id = await register(t.api);
    const state = (await t.api.get("/__emulator/state")).body;
    assert.equal(state.organization.id, t.emu.organizationId);
    assert.equal(state.clusters[id].status, "ready");
    assert.equal(state.nodeTemplates[id]["default-by-castai"].isDefault, true, "due transitions were applied first");
  });
});

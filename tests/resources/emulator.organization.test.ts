// Organization-level objects in the emulator: the organization itself, hibernation schedules (cluster-autoscaler
// service), service accounts and their keys.

import assert from "node:assert/strict";
import { Client, emulatorPerTest, register } from "./emulator.helpers";

const SCHEDULE = {
  name: "off-hours",
  enabled: true,
  pauseConfig: { enabled: true, schedule: { cronExpression: "0 19 * * 1-5" } },
  resumeConfig: { enabled: true, schedule: { cronExpression: "0 7 * * 1-5" }, jobConfig: { nodeConfig: { instanceType: "m5.large" } } },
};

describe("emulator: organization reads", () => {
  const t = emulatorPerTest({ organizationName: "acme" });

  it("lists auth tokens (empty), the one organization, and time zones", async () => {
    assert.deepEqual((await t.api.get("/v1/auth/tokens")).body, { items: [] });
    const orgs = (await t.api.get("/v1/organizations")).body.organizations;
    assert.equal(orgs.length, 1);
    assert.deepEqual([orgs[0].id, orgs[0].name, orgs[0].type], [t.emu.organizationId, "acme", "ORGANIZATION_TYPE_DEFAULT"]);
    assert.deepEqual((await t.api.get(`/v1/organizations/${t.emu.organizationId}`)).body, orgs[0]);
    const zones = (await t.api.get("/v1/time-zones")).body.timeZones;
    assert.ok(zones.some((z: { name: string; offset: string }) => z.name === "UTC" && z.offset === "+00:00"));
  });
});

describe("emulator: hibernation schedules", () => {
  const t = emulatorPerTest();
  let base: string;
  let clusterId: string;
  beforeEach(async () => {
    clusterId = await register(t.api);
    base = `/cluster-autoscaler/v1beta/organizations/${t.emu.organizationId}/hibernation-schedules`;
  });
  const schedule = () => ({ ...SCHEDULE, clusterAssignments: { items: [{ clusterId }] } });

  it("creates, lists, gets, patches and deletes a schedule", async () => {
    const created = await t.api.post(base, schedule());
    assert.equal(created.status, 200);
    const { id } = created.body;
    assert.equal(created.body.organizationId, t.emu.organizationId);
    assert.ok(created.body.createTime);
    const list = (await t.api.get(`${base}?page.limit=500`)).body;
    assert.deepEqual([list.items.length, list.totalCount, list.nextPageCursor], [1, 1, ""]);
    assert.deepEqual((await t.api.get(`${base}/${id}`)).body, created.body);

    const patched = await t.api.patch(`${base}/${id}`, { enabled: false });
    assert.equal(patched.status, 200);
    assert.equal(patched.body.enabled, false);
    assert.deepEqual(patched.body.pauseConfig, SCHEDULE.pauseConfig, "fields not sent stay");

    assert.deepEqual((await t.api.del(`${base}/${id}`)).body, {});
    const gone = await t.api.get(`${base}/${id}`);
    assert.equal(gone.status, 404);
    assert.deepEqual(gone.body, { code: 5, message: "hibernation schedule not found", details: [] });
  });

  it("requires the schema's required fields, naming them in a google.rpc.Status", async () => {
    const res = await t.api.post(base, { name: "x" });
    assert.equal(res.status, 400);
    assert.equal(res.body.code, 3);
    const fields = res.body.details[0].fieldViolations.map((v: { field: string }) => v.field).sort();
    assert.deepEqual(fields, ["clusterAssignments", "enabled", "pauseConfig", "resumeConfig"]);
    assert.equal(res.body.details[0]["@type"], "type.googleapis.com/google.rpc.BadRequest");
  });

  it("refuses a bad cron expression, an unknown cluster and a duplicate name", async () => {
    const badCron = await t.api.post(base, { ...schedule(), pauseConfig: { enabled: true, schedule: { cronExpression: "every night" } } });
    assert.equal(badCron.body.details[0].fieldViolations[0].field, "pauseConfig.schedule.cronExpression");
    const unknown = await t.api.post(base, { ...schedule(), clusterAssignments: { items: [{ clusterId: "nope" }] } });
    assert.equal(unknown.body.details[0].fieldViolations[0].field, "clusterAssignments.items[0].clusterId");
    assert.equal((await t.api.post(base, schedule())).status, 200);
    const dup = await t.api.post(base, schedule());
    assert.deepEqual([dup.status, dup.body.code], [409, 6]);
  });

  it("pages with page.limit and page.cursor", async () => {
    for (const name of ["a", "b", "c"]) await t.api.post(base, { ...schedule(), name });
    const first = (await t.api.get(`${base}?page.limit=2`)).body;
    assert.deepEqual(first.items.map((s: { name: string }) => s.name), ["a", "b"]);
    const second = (await t.api.get(`${base}?page.limit=2&page.cursor=${first.nextPageCursor}`)).body;
    assert.deepEqual(second.items.map((s: { name: string }) => s.name), ["c"]);
    assert.equal(second.nextPageCursor, "");
    assert.equal((await t.api.get(`${base}?page.limit=zero`)).status, 400);
  });

  it("answers 404 for another organization", async () => {
    const other = await t.api.get("/cluster-autoscaler/v1beta/organizations/00000000-0000-0000-0000-000000000000/hibernation-schedules");
    assert.deepEqual([other.status, other.body.code], [404, 5]);
  });
});

describe("emulator: service accounts and keys", () => {
  const t = emulatorPerTest();
  let base: string;
  beforeEach(() => {
    base = `/v1/organizations/${t.emu.organizationId}/service-accounts`;
  });

  it("creates (201, unwrapped), gets and patches (wrapped), lists and deletes (204) an account", async () => {
    const created = await t.api.post(base, { name: "CI bot", description: "pipelines" });
    assert.equal(created.status, 201);
    assert.equal(created.body.name, "CI bot");
    assert.match(created.body.email, /^ci-bot-[0-9a-f]{8}@/);
    assert.deepEqual(created.body.author, { id: t.emu.state.user.id, email: t.emu.state.user.email });
    const { id } = created.body;

    const got = await t.api.get(`${base}/${id}`);
    assert.equal(got.body.serviceAccount.id, id);
    assert.equal(got.body.serviceAccount.keysCount, 0);
    const patched = await t.api.patch(`${base}/${id}`, { serviceAccount: { name: "ci", description: "CI" } });
    assert.deepEqual([patched.body.serviceAccount.name, patched.body.serviceAccount.description], ["ci", "CI"]);
    const list = (await t.api.get(base)).body;
    assert.deepEqual([list.serviceAccounts.length, list.totalCount, list.nextPage.cursor], [1, "1", ""]);

    const removed = await t.api.del(`${base}/${id}`);
    assert.equal(removed.status, 204);
    assert.equal(removed.headers.get("content-type"), "application/json");
    assert.equal((await t.api.get(`${base}/${id}`)).status, 404);
  });

  it("refuses an unwrapped PATCH body (it must be {serviceAccount: …})", async () => {
    const { id } = (await t.api.post(base, { name: "x" })).body;
    const res = await t.api.patch(`${base}/${id}`, { name: "y" });
    assert.equal(res.status, 400);
    assert.ok(res.body.fieldViolations.some((v: { field: string }) => v.field === "serviceAccount"));
  });

  it("shows a key's token only in the create response (201), deletes keys with 204", async () => {
    const { id } = (await t.api.post(base, { name: "x" })).body;
    const keys = `${base}/${id}/keys`;
    const created = await t.api.post(keys, { key: { name: "k1" } });
    assert.equal(created.status, 201);
    assert.match(created.body.token, /^[0-9a-f]{64}$/);
    assert.equal(created.body.active, true);
    const { token } = created.body;

    const reads = [await t.api.get(keys), await t.api.get(`${keys}/${created.body.id}`), await t.api.get(`${base}/${id}`), await t.api.get(base)];
    for (const read of reads) assert.ok(!JSON.stringify(read.body).includes(token), "the token shows only once");
    assert.equal(reads[1].body.key.prefix, token.slice(0, 8));
    assert.ok(!JSON.stringify(t.emu.state).includes(token), "the state keeps a hash, not the token");

    const patched = await t.api.patch(`${keys}/${created.body.id}`, { active: false });
    assert.deepEqual([patched.status, patched.body.active], [200, false]);
    assert.equal((await t.api.del(`${keys}/${created.body.id}`)).status, 204);
    assert.equal((await t.api.get(`${keys}/${created.body.id}`)).status, 404);
  });

  it("accepts an active key as X-API-Key, and stops accepting it when deactivated", async () => {
    const account = (await t.api.post(base, { name: "robot" })).body;
    const key = (await t.api.post(`${base}/${account.id}/keys`, { key: { name: "k" } })).body;
    const robot = new Client(t.emu, key.token);
    assert.equal((await robot.get("/v1/organizations")).status, 200);
    const made = await robot.post(base, { name: "made-by-robot" });
    assert.deepEqual(made.body.author, { id: account.id, email: account.email });
    assert.ok((await t.api.get(`${base}/${account.id}/keys/${key.id}`)).body.key.lastUsedAt);

    await t.api.patch(`${base}/${account.id}/keys/${key.id}`, { active: false });
    assert.equal((await robot.get("/v1/organizations")).status, 401);
    assert.equal((await robot.get("/__emulator/state")).status, 401, "service-account keys never reach the admin routes");
  });

  it("refuses a key that expires in the past", async () => {
    const { id } = (await t.api.post(base, { name: "x" })).body;
    const res = await t.api.post(`${base}/${id}/keys`, { key: { name: "old", expiresAt: "2000-01-01T00:00:00Z" } });
    assert.equal(res.status, 400);
    assert.equal(res.body.fieldViolations[0].field, "key.expiresAt");
  });

  it("deletes several accounts with ?serviceAccountIds=…, all or nothing", async () => {
    const a = (await t.api.post(base, { name: "a" })).body.id;
    const b = (await t.api.post(base, { name: "b" })).body.id;
    assert.equal((await t.api.del(`${base}?serviceAccountIds=${a}&serviceAccountIds=nope`)).status, 404);
    assert.equal(Object.keys(t.emu.state.serviceAccounts).length, 2);
    assert.equal((await t.api.del(`${base}?serviceAccountIds=${a}&serviceAccountIds=${b}`)).status, 204);
    assert.deepEqual(t.emu.state.serviceAccounts, {});
  });
});

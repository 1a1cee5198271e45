// Organization groups and role bindings in the emulator (RbacServiceAPI), and the settable clock that decides
// service-account key expiry.

import assert from "node:assert/strict";
import { Client, emulatorPerTest, register } from "./emulator.helpers";

const VIEWER = "6fc95bd7-6049-4735-80b0-ce5ccde71cb1";
const OWNER = "3e1050c7-6593-4298-94bb-154637911d78";
const DAY_MS = 24 * 3600 * 1000;

describe("emulator: organization groups", () => {
  const t = emulatorPerTest();
  const groups = () => `/v1/organizations/${t.emu.organizationId}/groups`;

  it("creates, gets, updates and deletes a group, members with the server's addedAt", async () => {
    const account = (await t.api.post(`/v1/organizations/${t.emu.organizationId}/service-accounts`, { name: "ci" })).body;
    const member = { id: account.id, email: account.email, kind: "SERVICE_ACCOUNT" };
    const created = await t.api.post(groups(), { name: "dev-readers", description: "read dev", definition: { members: [member] } });
    assert.equal(created.status, 200);
    const { id } = created.body;
    assert.deepEqual(
      [created.body.name, created.body.description, created.body.organizationId, created.body.definition.author.email],
      ["dev-readers", "read dev", t.emu.organizationId, t.emu.state.user.email],
    );
    assert.deepEqual(created.body.definition.members.map((m: { id: string; kind: string }) => [m.id, m.kind]), [[account.id, "SERVICE_ACCOUNT"]]);
    assert.ok(created.body.definition.members[0].addedAt);
    assert.deepEqual((await t.api.get(`${groups()}/${id}`)).body, created.body);

    const updated = await t.api.patch(`${groups()}/${id}`, { name: "dev-readers", definition: { members: [] } });
    assert.equal(updated.status, 200);
    assert.deepEqual([updated.body.description, updated.body.definition.members], ["", []]);

    assert.deepEqual(await t.api.del(`${groups()}/${id}`).then((r) => [r.status, r.body]), [200, {}]);
    assert.equal((await t.api.get(`${groups()}/${id}`)).status, 404);
    assert.equal((await t.api.del(`${groups()}/${id}`)).status, 404);
  });

  it("refuses an update without definition.members and a member that is no service account", async () => {
    const { id } = (await t.api.post(groups(), { name: "g", definition: {} })).body;
    const missing = await t.api.patch(`${groups()}/${id}`, { name: "g", definition: {} });
    assert.equal(missing.status, 400);
    assert.match(missing.body.message, /definition\.members/);
    const unknown = await t.api.post(groups(), { name: "g", definition: { members: [{ id: "nope", email: "x@y", kind: "SERVICE_ACCOUNT" }] } });
    assert.equal(unknown.status, 400);
    assert.deepEqual(unknown.body.fieldViolations, [{ field: "definition.members[0].id", description: 'no service account with id "nope"' }]);
  });
});

describe("emulator: role bindings", () => {
  const t = emulatorPerTest();
  const bindings = () => `/v1/organizations/${t.emu.organizationId}/role-bindings`;
  let clusterId: string;
  let groupId: string;
  beforeEach(async () => {
    clusterId = await register(t.api);
    groupId = (await t.api.post(`/v1/organizations/${t.emu.organizationId}/groups`, { name: "team", definition: {} })).body.id;
  });
  const viewerOnCluster = () => ({
    name: "team-views-dev",
    definition: { roleId: VIEWER, scopes: [{ cluster: { id: clusterId } }], subjects: [{ group: { id: groupId } }] },
  });

  it("lists the built-in roles with the Terraform provider's ids", async () => {
    const roles = (await t.api.get(`/v1/organizations/${t.emu.organizationId}/roles`)).body.roles;
    assert.deepEqual(
      roles.map((r: { id: string; name: string }) => [r.name, r.id]),
      [["Owner", OWNER], ["Member", "8c60bd8e-21de-402a-969f-add07fd22c1b"], ["Viewer", VIEWER]],
    );
  });

  it("creates from an array, answers an array, gets, filters, updates and deletes", async () => {
    const created = await t.api.post(bindings(), [viewerOnCluster()]);
    assert.equal(created.status, 200);
    assert.equal(created.body.length, 1);
    const [binding] = created.body;
    assert.deepEqual([binding.name, binding.definition, binding.status[0].state], ["team-views-dev", viewerOnCluster().definition, "CREATED"]);
    assert.deepEqual((await t.api.get(`${bindings()}/${binding.id}`)).body, binding);

    const ids = async (query: string) => (await t.api.get(`${bindings()}?${query}`)).body.roleBindings.map((b: { id: string }) => b.id);
    assert.deepEqual(await ids(`scopeType=CLUSTER&scopeId=${clusterId}`), [binding.id]);
    assert.deepEqual(await ids(`subjectType=SUBJECT_GROUP&subjectId=${groupId}&roleId=${VIEWER}`), [binding.id]);
    assert.deepEqual(await ids(`roleId=${OWNER}`), []);
    assert.deepEqual(await ids("scopeType=ORGANIZATION"), []);

    const owner = { name: "team-owns-dev", definition: { ...viewerOnCluster().definition, roleId: OWNER } };
    const updated = await t.api.patch(`${bindings()}/${binding.id}`, owner);
    assert.deepEqual([updated.status, updated.body.name, updated.body.definition.roleId], [200, "team-owns-dev", OWNER]);

    assert.deepEqual(await t.api.del(`${bindings()}/${binding.id}`).then((r) => [r.status, r.body]), [200, {}]);
    assert.equal((await t.api.get(`${bindings()}/${binding.id}`)).status, 404);
  });

  it("refuses the whole array when one binding names an unknown role, cluster, group or service account", async () => {
    const bad = {
      name: "bad",
      definition: {
        roleId: "not-a-role",
        scopes: [{ cluster: { id: "no-cluster" } }, { cluster: { id: clusterId }, organization: { id: t.emu.organizationId } }],
        subjects: [{ group: { id: "no-group" } }, { serviceAccount: { id: "no-account" } }],
      },
    };
    const res = await t.api.post(bindings(), [viewerOnCluster(), bad]);
    assert.equal(res.status, 400);
    assert.deepEqual(res.body.fieldViolations.map((v: { field: string }) => v.field), [
      "[1].definition.roleId",
      "[1].definition.scopes[0].cluster.id",
      "[1].definition.scopes[1]",
      "[1].definition.subjects[0].group.id",
      "[1].definition.subjects[1].serviceAccount.id",
    ]);
    assert.equal((await t.api.get(bindings())).body.totalCount, "0", "nothing was created");
  });
});

describe("emulator: the clock of key expiry", () => {
  const t = emulatorPerTest();

  it("a key works until the clock passes its expiresAt, then answers 401; reset restores the machine's time", async () => {
    const accounts = `/v1/organizations/${t.emu.organizationId}/service-accounts`;
    const account = (await t.api.post(accounts, { name: "dev" })).body;
    const expiresAt = new Date(Date.now() + 7 * DAY_MS).toISOString();
    const key = (await t.api.post(`${accounts}/${account.id}/keys`, { key: { name: "k", expiresAt } })).body;
    const asKey = new Client(t.emu, key.token);
    assert.equal((await asKey.get("/v1/organizations")).status, 200);

    t.emu.clock.advance(7 * DAY_MS - 60_000);
    assert.equal((await asKey.get("/v1/organizations")).status, 200, "a minute before expiry");
    t.emu.clock.advance(60_000);
    assert.equal((await asKey.get("/v1/organizations")).status, 401, "at expiry");
    const later = (await t.api.post(accounts, { name: "later" })).body;
    assert.ok(Date.parse(later.createdAt) >= Date.parse(expiresAt), "timestamps follow the clock");

    t.emu.clock.reset();
    assert.equal((await asKey.get("/v1/organizations")).status, 200);
    t.emu.clock.set(new Date(expiresAt));
    assert.equal((await asKey.get("/v1/organizations")).status, 401);
  });

  it("tools move it over HTTP: POST /__emulator/clock with at or advanceMs, GET shows it", async () => {
    const at = "2030-01-01T00:00:00.000Z";
    const now = Date.parse((await t.api.post("/__emulator/clock", { at })).body.now);
    assert.ok(now >= Date.parse(at) && now < Date.parse(at) + 1000, "the clock runs on from the time set");
    const advanced = (await t.api.post("/__emulator/clock", { advanceMs: DAY_MS })).body.now;
    assert.ok(Date.parse(advanced) >= Date.parse(at) + DAY_MS);
    assert.ok(Date.parse((await t.api.get("/__emulator/clock")).body.now) >= Date.parse(advanced));
    const bad = await t.api.post("/__emulator/clock", { at: "soon" });
    assert.equal(bad.status, 400);
    assert.match(bad.body.message, /send \{"at": "<RFC 3339 time>"\} or \{"advanceMs": <number>\}/);
  });
});

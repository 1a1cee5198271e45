// Fault injection: 429 with Retry-After, 5xx, dropped connections, latency, faults applied after the
// request took effect, matching by method and path, and faults driven over HTTP.

import assert from "node:assert/strict";
import { startEmulator } from "../../components/testing";
import { CLUSTERS, Client, REGISTER, emulatorPerTest } from "./emulator.helpers";

const ORGS = "/v1/organizations";

describe("emulator: faults", () => {
  const t = emulatorPerTest();

  it("answers 429 with Retry-After for the next N matching calls, then normally", async () => {
    t.emu.addFault({ path: ORGS, kind: "status", status: 429, retryAfterSeconds: 7, times: 2 });
    const statuses = [];
    for (let i = 0; i < 3; i++) {
      const res = await t.api.get(ORGS);
      statuses.push(res.status);
      if (res.status === 429) {
        assert.equal(res.headers.get("retry-after"), "7");
        assert.deepEqual(res.body, { message: "Too Many Requests", fieldViolations: [] });
      }
    }
    assert.deepEqual(statuses, [429, 429, 200]);
    assert.deepEqual(t.emu.requests.map((r) => r.status), [429, 429, 200]);
  });

  it("answers 5xx until cleared, in the error shape of the path's service", async () => {
    t.emu.addFault({ kind: "status", status: 500 });
    const v1 = await t.api.get(ORGS);
    assert.deepEqual([v1.status, v1.body.message], [500, "Internal Server Error"]);
    const rpc = await t.api.get(`/cluster-autoscaler/v1beta/organizations/${t.emu.organizationId}/hibernation-schedules`);
    assert.deepEqual([rpc.status, rpc.body], [500, { code: 13, message: "Internal Server Error", details: [] }]);
    t.emu.clearFaults();
    assert.equal((await t.api.get(ORGS)).status, 200);
  });

  it("drops the connection without a response: the client sees a socket error", async () => {
    t.emu.addFault({ path: ORGS, kind: "drop", times: 1 });
    await assert.rejects(t.api.get(ORGS), TypeError);
    assert.equal((await t.api.get(ORGS)).status, 200);
    assert.deepEqual(t.emu.requests.map((r) => r.status), [0, 200], "a dropped request is logged with status 0");
  });

  it("delays matching calls by latencyMs", async () => {
    t.emu.addFault({ path: ORGS, kind: "latency", latencyMs: 200, times: 1 });
    let started = Date.now();
    assert.equal((await t.api.get(ORGS)).status, 200);
    assert.ok(Date.now() - started >= 190, `took ${Date.now() - started} ms`);
    started = Date.now();
    await t.api.get(ORGS);
    assert.ok(Date.now() - started < 150, "only once");
  });

  it("with afterHandling, changes state although the client got an error", async () => {
    t.emu.addFault({ method: "POST", path: CLUSTERS, kind: "status", status: 503, afterHandling: true, times: 1 });
    const res = await t.api.post(CLUSTERS, REGISTER.eks);
    assert.equal(res.status, 503);
    const clusters = Object.values(t.emu.state.clusters);
    assert.equal(clusters.length, 1, "the registration happened");
    assert.equal(clusters[0].name, "prod-eu");
    assert.deepEqual((await t.api.get(CLUSTERS)).body.items.map((c: { id: string }) => c.id), [clusters[0].id]);
  });

  it("with afterHandling, drops the response of a POST that took effect", async () => {
    t.emu.addFault({ method: "POST", path: CLUSTERS, kind: "drop", afterHandling: true, times: 1 });
    await assert.rejects(t.api.post(CLUSTERS, REGISTER.gke), TypeError);
    assert.equal(Object.keys(t.emu.state.clusters).length, 1);
  });

  it("matches by method, exact path, path prefix with *, and RegExp", async () => {
    t.emu.addFault({ method: "post", path: "/v1/kubernetes/*", kind: "status", status: 502 });
    t.emu.addFault({ path: /^\/v1\/time-zones$/, kind: "status", status: 504 });
    assert.equal((await t.api.get(CLUSTERS)).status, 200, "GET is not matched");
    assert.equal((await t.api.post(CLUSTERS, REGISTER.eks)).status, 502);
    assert.equal((await t.api.get("/v1/time-zones")).status, 504);
    assert.equal((await t.api.get("/v1/time-zones")).status, 504, "a RegExp matches every time");
    assert.equal((await t.api.get(ORGS)).status, 200);
  });

  it("applies faults before authentication and routing", async () => {
    t.emu.addFault({ path: "/v1/does-not-exist", kind: "status", status: 429, times: 1 });
    assert.equal((await new Client(t.emu, null).get("/v1/does-not-exist")).status, 429);
  });

  it("refuses meaningless rules", () => {
    assert.throws(() => t.emu.addFault({ kind: "status" }), /status/);
    assert.throws(() => t.emu.addFault({ kind: "latency" }), /latencyMs/);
    assert.throws(() => t.emu.addFault({ kind: "drop", times: 0 }), /times/);
  });

  it("can be driven over HTTP under /__emulator/faults, which is itself never faulted", async () => {
    t.emu.addFault({ kind: "status", status: 500 });
    const added = await t.api.post("/__emulator/faults", { path: ORGS, kind: "status", status: 429, retryAfterSeconds: 1, times: 1 });
    assert.equal(added.status, 200);
    const listed = (await t.api.get("/__emulator/faults")).body.items;
    assert.equal(listed.length, 2);
    assert.equal((await t.api.del("/__emulator/faults")).status, 204);
    assert.equal((await t.api.get(ORGS)).status, 200);

    const bad = await t.api.post("/__emulator/faults", { kind: "status", status: 200, colour: "red" });
    assert.equal(bad.status, 400);
    assert.deepEqual(bad.body.fieldViolations, [{ field: "colour", description: 'unknown field "colour"' }]);
    const meaningless = await t.api.post("/__emulator/faults", { kind: "status", status: 200 });
    assert.equal(meaningless.body.fieldViolations[0].field, "status");
  });

  it("starts with the faults given in the options", async () => {
    const emu = await startEmulator({ faults: [{ path: ORGS, kind: "status", status: 503, times: 1 }] });
    try {
      const api = new Client(emu);
      assert.deepEqual([(await api.get(ORGS)).status, (await api.get(ORGS)).status], [503, 200]);
    } finally {
      await emu.stop();
    }
  });

  it("stops promptly while a latency fault holds a request", async () => {
    const emu = await startEmulator();
    emu.addFault({ kind: "latency", latencyMs: 60_000 });
    const pending = new Client(emu).get(ORGS).catch((error: unknown) => error);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const started = Date.now();
    await emu.stop();
    assert.ok(Date.now() - started < 1000, "stop() did not wait for the latency");
    assert.ok((await pending) instanceof TypeError, "the held request fails instead of hanging");
  });
});

// When a registered cluster's agent counts as connected. The real service keeps agentStatus "waiting-connection"
// (and the cluster "connecting") until the castai-agent sends its first snapshot; `agentConnects: "onConsoleAction"`
// models that, the default "onReady" stands in for an agent that reports as soon as the cluster is ready.

import assert from "node:assert/strict";
import { startEmulator } from "../../components/testing";
import { CLUSTERS, Client, EKS_ROLE, emulatorPerTest, register, sleep } from "./emulator.helpers";

describe("emulator: agent connection", () => {
  describe('agentConnects: "onConsoleAction"', () => {
    const t = emulatorPerTest({ agentConnects: "onConsoleAction" });

    it("keeps the cluster connecting and its agent waiting-connection until the agent reports", async () => {
      const id = await register(t.api);
      await sleep(20);
      const waiting = (await t.api.get(`${CLUSTERS}/${id}`)).body;
      assert.deepEqual([waiting.status, waiting.agentStatus, waiting.agentSnapshotReceivedAt], ["connecting", "waiting-connection", undefined]);

      const reported = t.emu.console.connectAgent(id);
      assert.equal(reported.agentStatus, "online");
      assert.ok(reported.agentSnapshotReceivedAt);
      const ready = (await t.api.get(`${CLUSTERS}/${id}`)).body;
      assert.deepEqual([ready.status, ready.agentStatus], ["ready", "online"]);
    });

    it("waits for a connected agent after a credentials update too", async () => {
      const id = await register(t.api);
      assert.equal((await t.api.post(`${CLUSTERS}/${id}`, { eks: { assumeRoleArn: EKS_ROLE } })).body.status, "connecting");
      assert.equal((await t.api.get(`${CLUSTERS}/${id}`)).body.status, "connecting");
      t.emu.console.connectAgent(id);
      assert.equal((await t.api.get(`${CLUSTERS}/${id}`)).body.status, "ready");
      // Once the agent is online, new credentials only restart the reconcile.
      assert.equal((await t.api.post(`${CLUSTERS}/${id}`, { eks: { assumeRoleArn: EKS_ROLE } })).body.status, "connecting");
      assert.equal((await t.api.get(`${CLUSTERS}/${id}`)).body.status, "ready");
    });

    it("is reachable over HTTP for the emulator bin's users", async () => {
      const id = await register(t.api);
      const res = await t.api.post(`/__emulator/console/connectAgent`, { args: [id] });
      assert.deepEqual([res.status, res.body.agentStatus], [200, "online"]);
    });
  });

  describe("readiness delay after the agent reports", () => {
    it("becomes ready clusterReadyMs after connectAgent, not after registration", async () => {
      const emu = await startEmulator({ agentConnects: "onConsoleAction", delays: { clusterReadyMs: 400 } });
      try {
        const id = await register(new Client(emu));
        await sleep(450);
        assert.equal(emu.state.clusters[id].status, "connecting");
        emu.console.connectAgent(id);
        assert.equal(emu.state.clusters[id].status, "connecting");
        await sleep(450);
        assert.equal(emu.state.clusters[id].status, "ready");
      } finally {
        await emu.stop();
      }
    });
  });

  describe('agentConnects: "onReady" (default)', () => {
    const t = emulatorPerTest();

    it("reports the agent online as the cluster becomes ready", async () => {
      const id = await register(t.api);
      const ready = (await t.api.get(`${CLUSTERS}/${id}`)).body;
      assert.deepEqual([ready.status, ready.agentStatus], ["ready", "online"]);
      assert.ok(ready.agentSnapshotReceivedAt);
    });
  });

  it("refuses an unknown agentConnects mode", async () => {
    await assert.rejects(startEmulator({ agentConnects: "later" as never }), /agentConnects must be "onReady" or "onConsoleAction"/);
  });
});

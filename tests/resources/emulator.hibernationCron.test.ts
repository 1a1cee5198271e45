// The emulator's hibernation schedule routes apply the resource check's cron rule (robfig/cron's standard parser, the
// dialect of CAST AI's hibernation service), so a program tested against the emulator fails where the service would.

import assert from "node:assert/strict";
import { CRON_ALLOWED, cronProblem } from "../../components/resources/cron";
import { emulatorPerTest, register } from "./emulator.helpers";

const schedule = (clusterId: string, name: string, pause: string) => ({
  name,
  enabled: true,
  pauseConfig: { enabled: true, schedule: { cronExpression: pause } },
  resumeConfig: { enabled: true, schedule: { cronExpression: "0 7 * * 1-5" }, jobConfig: { nodeConfig: { instanceType: "m5.large" } } },
  clusterAssignments: { items: [{ clusterId }] },
});

describe("emulator: hibernation schedule cron expressions", () => {
  const t = emulatorPerTest();
  let base: string;
  let clusterId: string;
  beforeEach(async () => {
    clusterId = await register(t.api);
    base = `/cluster-autoscaler/v1beta/organizations/${t.emu.organizationId}/hibernation-schedules`;
  });

  it("accepts ?, descriptors and a CRON_TZ prefix, on create and on PATCH", async () => {
    const accepted = ["0 12 * * ?", "@daily", "CRON_TZ=Europe/Vilnius 0 7 * * 1-5", "@every 1h"];
    for (const [i, cron] of accepted.entries()) {
      const res = await t.api.post(base, schedule(clusterId, `s${i}`, cron));
      assert.equal(res.status, 200, `${cron}: ${JSON.stringify(res.body)}`);
      assert.equal(res.body.pauseConfig.schedule.cronExpression, cron);
    }
  });

  for (const bad of ["*/0 * * * *", "5-1 * * * *", "0 0 19 * * *", "0 0 * * 7", "0 0 L * *", "@DAILY", "garbage"]) {
    it(`answers 400 to "${bad}" on create and on PATCH, naming the field and the rule`, async () => {
      const expected = [{ field: "pauseConfig.schedule.cronExpression", description: `${cronProblem(bad)}; allowed: ${CRON_ALLOWED}` }];
      const created = await t.api.post(base, schedule(clusterId, "bad", bad));
      assert.deepEqual([created.status, created.body.code], [400, 3]);
      assert.deepEqual(created.body.details[0].fieldViolations, expected);

      const { id } = (await t.api.post(base, schedule(clusterId, "good", "0 19 * * 1-5"))).body;
      const patched = await t.api.patch(`${base}/${id}`, { pauseConfig: { enabled: true, schedule: { cronExpression: bad } } });
      assert.deepEqual([patched.status, patched.body.details[0].fieldViolations], [400, expected]);
    });
  }
});

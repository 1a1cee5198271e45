import * as assert from "node:assert/strict";
import { castaiProdNoHibernation as policy } from "../../policy-pack/policies/castai-prod-no-hibernation";
import { hibernationSchedule } from "./factories";
import { messages, runAtPreview, runPolicy, UNKNOWN_VALUE } from "./helpers";

describe("policy castai-prod-no-hibernation", () => {
    it("reports an enabled schedule in production, saying what to change", async () => {
        const reports = await runPolicy(policy, [hibernationSchedule({ environment: "prod" })]);
        assert.equal(reports.length, 1);
        assert.equal(reports[0].phase, "resource"); // explicit environment: checked before the resource changes
        assert.match(reports[0].message, /^HibernationSchedule "dev-off-hours" \(environment "prod"\): hibernation is enabled in production/);
        assert.match(reports[0].message, /To fix: .*CastAiCluster `profile.hibernation` arg to false/);
        assert.match(reports[0].message, /stacks\/Pulumi\.<stack>\.yaml/);
    });

    it("resolves production from the stack name when the resource carries no environment", async () => {
        const reports = await runPolicy(policy, [hibernationSchedule()], { stack: "prod" });
        assert.equal(reports.length, 1);
        assert.equal(reports[0].phase, "stack");
        assert.match(reports[0].urn ?? "", /HibernationSchedule::dev-eks-hibernation$/);
        assert.match(reports[0].message, /environment "prod", from the stack name\): hibernation is enabled/);
    });

    it("accepts a production schedule that is disabled", async () => {
        assert.deepEqual(await messages(policy, [hibernationSchedule({ environment: "prod", enabled: false })]), []);
    });

    it("does not apply outside production", async () => {
        assert.deepEqual(await messages(policy, [hibernationSchedule({ environment: "dev" })], { stack: "prod" }), []);
        assert.deepEqual(await messages(policy, [hibernationSchedule()], { stack: "dev" }), []);
    });

    it("honours a configured set of production names", async () => {
        const config = { productionEnvironments: ["live"] };
        assert.equal((await messages(policy, [hibernationSchedule({ environment: "live" })], { config })).length, 1);
        assert.equal((await messages(policy, [hibernationSchedule({ environment: "prod" })], { config })).length, 0);
    });

    it("skips quietly when values are unknown at preview", async () => {
        for (const props of [{ environment: "prod", enabled: UNKNOWN_VALUE }, { environment: UNKNOWN_VALUE }]) {
            const result = await runAtPreview(policy, [hibernationSchedule(props)], { stack: "prod" });
            assert.deepEqual(result, []);
        }
    });
});

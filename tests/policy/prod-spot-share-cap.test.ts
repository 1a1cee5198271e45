import * as assert from "node:assert/strict";
import { castaiProdSpotShareCap as policy, spotShare } from "../../policy-pack/policies/castai-prod-spot-share-cap";
import { podMutation } from "./factories";
import { messages, runAtPreview, UNKNOWN_VALUE } from "./helpers";

const groups = (spot: number, type = "PREFERRED_SPOT") => ({
    distributionGroups: [
        { name: "spot", percentage: spot, config: { spotType: type } },
        { name: "on-demand", percentage: 100 - spot, config: {} },
    ],
});
const TYPES = ["OPTIONAL_SPOT", "PREFERRED_SPOT", "USE_ONLY_SPOT"];

describe("policy castai-prod-spot-share-cap", () => {
    it("reports a production spot share above 60%", async () => {
        const msgs = await messages(policy, [podMutation({ environment: "prod", ...groups(80) })]);
        assert.equal(msgs.length, 1);
        assert.match(msgs[0], /^PodMutation "spot-share" \(environment "prod"\): sends 80% of matched pods to spot \(group "spot" 80% \(PREFERRED_SPOT\)\), above the production cap of 60%/);
        assert.match(msgs[0], /To fix: lower the spot share of this pod mutation to at most 60%.*`profile.spotSharePercent` override/);
    });

    it("counts a mutation-wide spot type without groups as 100%", async () => {
        const msgs = await messages(policy, [podMutation({ distributionGroups: undefined, spotType: "USE_ONLY_SPOT" })], { stack: "prod" });
        assert.match(msgs[0], /sends 100% of matched pods to spot \(`spotType` USE_ONLY_SPOT with no distribution groups\)/);
    });

    it("computes the share from groups, inherited and ungrouped spot types", () => {
        assert.deepEqual(spotShare({ ...groups(60) }, TYPES)?.share, 60);
        const inherit = { spotType: "PREFERRED_SPOT", distributionGroups: [{ name: "a", percentage: 30, config: { spotType: "SPOT_TYPE_UNSPECIFIED" } }] };
        assert.equal(spotShare(inherit, TYPES)?.share, 100); // 30% inherit spot + 70% ungrouped spot
        const partial = { distributionGroups: [{ name: "a", percentage: 30, config: { spotType: "USE_ONLY_SPOT" } }] };
        assert.equal(spotShare(partial, TYPES)?.share, 30);
        assert.equal(spotShare({}, TYPES)?.share, 0);
    });

    it("accepts 60% in production, disabled mutations and a configured cap", async () => {
        assert.deepEqual(await messages(policy, [podMutation({ environment: "prod" })]), []);
        assert.deepEqual(await messages(policy, [podMutation({ environment: "prod", enabled: false, ...groups(100) })]), []);
        assert.deepEqual(await messages(policy, [podMutation({ environment: "prod", ...groups(80) })], { config: { maxSpotPercentage: 80 } }), []);
    });

    it("does not apply outside production (staging runs 80%)", async () => {
        assert.deepEqual(await messages(policy, [podMutation(groups(80))], { stack: "staging" }), []);
    });

    it("skips quietly when values are unknown at preview", async () => {
        const fs = [
            podMutation({ environment: "prod", distributionGroups: UNKNOWN_VALUE }),
            podMutation({ environment: "prod", distributionGroups: [{ name: "spot", percentage: UNKNOWN_VALUE, config: { spotType: "USE_ONLY_SPOT" } }] }, "m2"),
            podMutation({ environment: "prod", spotType: UNKNOWN_VALUE }, "m3"),
        ];
        assert.deepEqual(await runAtPreview(policy, fs), []);
    });
});

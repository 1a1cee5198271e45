import * as assert from "node:assert/strict";
import { castaiPinnedChartVersions as policy } from "../../policy-pack/policies/castai-pinned-chart-versions";
import { externalCluster, release } from "./factories";
import { messages, runAtPreview, runPolicy, UNKNOWN_VALUE } from "./helpers";

describe("policy castai-pinned-chart-versions", () => {
    const bad: [unknown, RegExp][] = [
        [undefined, /no version is set/],
        ["", /the version is empty/],
        ["latest", /follows the newest release/],
        ["^0.161.1", /is a range/],
        ["~0.161.1", /is a range/],
        [">=0.161.0", /is a range/],
        ["0.161.x", /is a range/],
        ["0.x", /is a range/],
        ["*", /is a range/],
        ["v0.161.1", /leading "v"/],
        ["0.161", /not an exact x\.y\.z/],
    ];
    for (const [version, why] of bad) {
        it(`reports version ${JSON.stringify(version)} in any environment`, async () => {
            const reports = await runPolicy(policy, [release("castai-agent", version)], { stack: "dev" });
            assert.equal(reports.length, 1);
            assert.equal(reports[0].phase, "resource");
            assert.match(reports[0].message, /^Helm release "castai-agent" \(chart "castai-agent"\): /);
            assert.match(reports[0].message, why);
            assert.match(reports[0].message, /To fix: Pin one exact chart version \(x\.y\.z\)/);
        });
    }

    it("accepts exact versions, also pre-releases outside production", async () => {
        assert.deepEqual(await messages(policy, [release("castai-agent", "0.161.1")], { stack: "prod" }), []);
        assert.deepEqual(await messages(policy, [release("castware-operator", "0.10.1-rc.1")], { stack: "dev" }), []);
    });

    it("reports a pre-release in production, with the environment resolved from the stack's resources", async () => {
        const fs = [externalCluster({ environment: "prod" }), release("castware-operator", "0.10.1-rc.1")];
        const reports = await runPolicy(policy, fs, { stack: "eu-1" });
        assert.equal(reports.length, 1);
        assert.equal(reports[0].phase, "stack");
        assert.match(reports[0].message, /environment "prod", from the stack's CAST AI resources\): chart version "0\.10\.1-rc\.1" is a pre-release/);
        assert.match(reports[0].message, /in production use a released version/);
    });

    it("recognises CAST AI releases by repo or chart prefix and ignores others", async () => {
        const other = release("ingress-nginx", "^4", {}, { repositoryOpts: { repo: "https://kubernetes.github.io/ingress-nginx" } });
        const byPrefix = release("castai-kvisor", "latest", {}, { repositoryOpts: undefined });
        const byRepo = release("egressd", "", {}, {});
        assert.deepEqual(await messages(policy, [other], { stack: "prod" }), []);
        assert.equal((await messages(policy, [byPrefix], { stack: "prod" })).length, 1);
        assert.equal((await messages(policy, [byRepo], { stack: "prod" })).length, 1);
    });

    it("skips quietly when the version or chart is unknown at preview", async () => {
        const fs = [release("castai-agent", UNKNOWN_VALUE), release("castai-evictor", "1.0.0", {}, { chart: UNKNOWN_VALUE, repositoryOpts: UNKNOWN_VALUE })];
        assert.deepEqual(await runAtPreview(policy, fs, { stack: "prod" }), []);
    });
});

import { strict as assert } from "node:assert";
import { UNKNOWN, containsUnknown, deepEqual, mergePatch, mismatchedPaths, projectOnto, pruneUndefined } from "../../components/resources/compare";

describe("change detection helpers", () => {
    it("deepEqual keeps unset distinct from false, 0 and null", () => {
        assert.equal(deepEqual({ a: undefined }, {}), true);
        assert.equal(deepEqual({ a: false }, {}), false);
        assert.equal(deepEqual({ a: 0 }, { a: undefined }), false);
        assert.equal(deepEqual({ a: null }, {}), false);
        assert.equal(deepEqual([1, { b: 2 }], [1, { b: 2 }]), true);
        assert.equal(deepEqual([1, 2], [2, 1]), false);
    });

    it("projectOnto keeps only the fields the user set, so server-filled fields never diff", () => {
        const desired = { unschedulablePods: { headroom: { cpuPercentage: 15 } }, enabled: true };
        const remote = { enabled: true, defaultNodeTemplateVersion: "7", unschedulablePods: { enabled: true, headroom: { cpuPercentage: 15, memoryPercentage: 10 } } };
        assert.deepEqual(projectOnto(desired, remote), desired);
        assert.deepEqual(projectOnto(desired, { enabled: false }), { enabled: false, unschedulablePods: { headroom: {} } });
    });

    it("mismatchedPaths names each managed field the remote lost or changed", () => {
        const desired = { nodeDownscaler: { emptyNodes: { enabled: true, delaySeconds: 300 } }, clusterLimits: { enabled: false } };
        const remote = { nodeDownscaler: { emptyNodes: { enabled: true, delaySeconds: 0 } } };
        assert.deepEqual(mismatchedPaths(desired, remote), ["nodeDownscaler.emptyNodes.delaySeconds", "clusterLimits.enabled"]);
        assert.deepEqual(mismatchedPaths(desired, { ...remote, nodeDownscaler: { emptyNodes: { enabled: true, delaySeconds: 300, extra: 1 } }, clusterLimits: { enabled: false } }), []);
    });

    it("mergePatch follows RFC 7386 (objects merge, arrays replace, null deletes)", () => {
        assert.deepEqual(mergePatch({ a: { b: 1, c: 2 }, l: [1, 2], d: 1 }, { a: { b: 3 }, l: [9], d: null }), { a: { b: 3, c: 2 }, l: [9] });
        assert.deepEqual(mergePatch({ a: 1 }, { a: undefined }), { a: 1 });
    });

    it("finds preview unknowns anywhere inside a value", () => {
        assert.equal(containsUnknown({ a: [{ b: UNKNOWN }] }), true);
        assert.equal(containsUnknown({ a: [{ b: "x" }] }), false);
        assert.deepEqual(pruneUndefined({ a: undefined, b: [{ c: undefined, d: 1 }] }), { b: [{ d: 1 }] });
    });
});

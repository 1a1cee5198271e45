import * as assert from "node:assert/strict";
import { unknownCheckingProxy } from "@pulumi/policy";
import { isUnknown, read, readArray, readBool, readNumber, UNKNOWN } from "../../policy-pack/policies/lib/access";
import { getStackName, resolveEnvironment, resolveStackEnvironment } from "../../policy-pack/policies/lib/environment";
import { castaiProdNoHibernation } from "../../policy-pack/policies/castai-prod-no-hibernation";
import { autoscalerPolicy, externalCluster, hibernationSchedule, release } from "./factories";
import { runPolicy, UNKNOWN_VALUE, urnOf } from "./helpers";

const asResources = (fs: ReturnType<typeof externalCluster>[]) =>
    fs.map((f) => ({ type: f.type, urn: urnOf(f), props: unknownCheckingProxy(f.props) }));

describe("environment resolution", () => {
    it("reads the stack name the engine passes to a Node policy pack", () => {
        assert.equal(getStackName({ PULUMI_NODEJS_STACK: "prod" }), "prod");
        assert.equal(getStackName({ PULUMI_STACK: "staging" }), "staging"); // older analyzer path
        assert.equal(getStackName({ PULUMI_NODEJS_STACK: "acme/castai-fleet/dev" }), "dev");
        assert.equal(getStackName({}), undefined);
    });

    it("takes the explicit prop first, then the single environment of the stack's CAST AI resources, then the stack name", () => {
        const carriers = asResources([externalCluster({ environment: "prod" }), autoscalerPolicy({}, { environment: "prod" }), release("castai-agent", "1.0.0")]);
        const stack = resolveStackEnvironment(carriers, "eu-cluster-7");
        assert.equal(stack.env, "prod");
        assert.equal(stack.source, "resources");
        assert.equal(resolveEnvironment(unknownCheckingProxy({ environment: "dev" }), stack), "dev");
        assert.equal(resolveEnvironment(unknownCheckingProxy({}), stack), "prod");

        const none = resolveStackEnvironment(asResources([externalCluster()]), "staging");
        assert.deepEqual([none.env, none.source], ["staging", "stack-name"]);
        const mixed = resolveStackEnvironment(asResources([externalCluster({ environment: "dev" }), externalCluster({ environment: "prod" })]), "prod");
        assert.deepEqual([mixed.env, mixed.source, mixed.carriers.size], ["prod", "stack-name", 2]);
        assert.deepEqual([resolveStackEnvironment([], undefined).env, resolveStackEnvironment([], undefined).source], [undefined, "none"]);
    });

    it("does not fall back to the stack name while the only carriers' environment is unknown", () => {
        const stack = resolveStackEnvironment(asResources([externalCluster({ environment: UNKNOWN_VALUE })]), "dev");
        assert.equal(stack.env, UNKNOWN);
        assert.equal(stack.source, "unknown");
    });

    it("checks each resource once: explicit environment before the change, the rest over the stack", async () => {
        const explicit = hibernationSchedule({ environment: "prod" }, "explicit");
        const implicit = hibernationSchedule({}, "implicit");
        const reports = await runPolicy(castaiProdNoHibernation, [explicit, implicit, externalCluster({ environment: "prod" })], { stack: "whatever" });
        assert.deepEqual(reports.map((r) => [r.phase, r.urn?.split("::").pop()]), [["resource", "explicit"], ["stack", "implicit"]]);
        assert.match(reports[1].message, /environment "prod", from the stack's CAST AI resources/);
    });
});

describe("unknown-safe access", () => {
    const props = unknownCheckingProxy({ a: { b: UNKNOWN_VALUE, n: "42", t: "true" }, list: [1, UNKNOWN_VALUE], u: UNKNOWN_VALUE });
    it("turns values unknown at preview into UNKNOWN instead of throwing", () => {
        assert.ok(isUnknown(read(props, "a", "b")));
        assert.ok(isUnknown(read(props, "u", "deeper")));
        assert.deepEqual(readArray(props, "list"), [1, UNKNOWN]);
        assert.equal(read(props, "missing", "x"), undefined);
    });
    it("accepts Helm --set strings for numbers and booleans", () => {
        assert.equal(readNumber(props, "a", "n"), 42);
        assert.equal(readBool(props, "a", "t"), true);
    });
});

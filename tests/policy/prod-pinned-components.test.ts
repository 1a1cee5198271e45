import * as assert from "node:assert/strict";
import { castaiProdPinnedComponents as policy } from "../../policy-pack/policies/castai-prod-pinned-components";
import { componentsValues, externalCluster, operatorValues, release } from "./factories";
import { messages, runAtPreview, UNKNOWN_VALUE } from "./helpers";

const components = (values: Record<string, any>) => release("castware-components", "0.4.0", values);
const operator = (values: Record<string, any>) => release("castware-operator", "0.10.1", values);

describe("policy castai-prod-pinned-components", () => {
    it("accepts pinned Component CRs and migrationMode write in production", async () => {
        const fs = [operator(operatorValues()), components(componentsValues())];
        assert.deepEqual(await messages(policy, fs, { stack: "prod" }), []);
    });

    it("reports a component without a version, and the chart-default entries the values do not remove", async () => {
        const values = { components: { "castai-agent": { component: "castai-agent", cluster: "castai", enabled: true } } };
        const msgs = await messages(policy, [components(values)], { stack: "prod" });
        assert.equal(msgs.length, 2, msgs.join("\n"));
        assert.match(msgs[0], /^Helm release "castware-components" \(environment "prod", from the stack name\): Component "castai-agent" of `components`: no version is set, so the operator installs whatever is newest/);
        assert.match(msgs[1], /Component "spot-handler" of `components` \(an entry of the chart's defaults, rendered unless removed\)/);
        assert.match(msgs[0], /To fix: Give every enabled Component CR an exact version: .*`components.<name>.version`/);
    });

    it("accepts disabled or removed (null) entries without versions", async () => {
        const values = componentsValues({ "spot-handler": null, "cluster-controller": { component: "cluster-controller", enabled: false } });
        assert.deepEqual(await messages(policy, [components(values)], { stack: "prod" }), []);
    });

    it("reports ranges and pre-releases of Component versions", async () => {
        const values = componentsValues({ "castai-agent": { enabled: true, version: "^0.161.0" }, "spot-handler": { enabled: true, version: "0.35.6-rc.1" } });
        const msgs = await messages(policy, [components(values)], { stack: "prod" });
        assert.equal(msgs.length, 2);
        assert.match(msgs[0], /Component "castai-agent" .* is a range/);
        assert.match(msgs[1], /Component "spot-handler" .*"0\.35\.6-rc\.1" is a pre-release/);
    });

    it("reports migrationMode autoUpgrade on the operator", async () => {
        const values = operatorValues({ defaultCluster: { provider: "eks", terraform: true, migrationMode: "autoUpgrade", api: { apiUrl: "https://api.cast.ai" } } });
        const msgs = await messages(policy, [operator(values)], { stack: "prod" });
        assert.equal(msgs.length, 1);
        assert.match(msgs[0], /`defaultCluster.migrationMode` is "autoUpgrade"/);
        assert.match(msgs[0], /To fix: .*set `defaultCluster.migrationMode` of the `castware-operator` release to `write`/);
    });

    it("reports operator default components left on (the chart default), which get the latest version", async () => {
        const values = operatorValues();
        delete values.defaultComponents;
        const msgs = await messages(policy, [operator(values)], { stack: "prod" });
        assert.equal(msgs.length, 2);
        assert.match(msgs[0], /Component "castai-agent" of `defaultComponents.components` \(defaultComponents.enabled is not false\)/);
        assert.match(msgs[0], /To fix: Set `defaultComponents.enabled: false`/);
    });

    it("does not apply outside production", async () => {
        const fs = [externalCluster({ environment: "staging" }), operator(operatorValues({ defaultComponents: { enabled: true } })), components({})];
        assert.deepEqual(await messages(policy, fs, { stack: "prod" }), []);
    });

    it("skips quietly when values are unknown at preview", async () => {
        const fs = [
            operator(UNKNOWN_VALUE as any),
            components({ components: { "castai-agent": { enabled: true, version: UNKNOWN_VALUE }, "spot-handler": UNKNOWN_VALUE } }),
            release("castware-operator", "0.10.1", operatorValues({ defaultCluster: { migrationMode: UNKNOWN_VALUE } }), { name: "op2" }),
        ];
        assert.deepEqual(await runAtPreview(policy, fs, { stack: "prod" }), []);
    });
});

import * as assert from "node:assert/strict";
import { castaiSpotFallback as prodPolicy } from "../../policy-pack/policies/castai-spot-fallback";
import { castaiSpotFallbackNonprod as nonprodPolicy } from "../../policy-pack/policies/castai-spot-fallback-nonprod";
import { nodeTemplate } from "./factories";
import { messages, runAtPreview, UNKNOWN_VALUE } from "./helpers";

describe("policies castai-spot-fallback (prod, mandatory) and castai-spot-fallback-nonprod (advisory)", () => {
    it("split one rule by environment: mandatory in production, advisory elsewhere", () => {
        assert.equal(prodPolicy.enforcementLevel, "mandatory");
        assert.equal(nonprodPolicy.enforcementLevel, "advisory");
    });

    it("reports a production spot template without fallbacks (mandatory policy only)", async () => {
        const fs = [nodeTemplate({ useSpotFallbacks: false }, { environment: "prod" })];
        const msgs = await messages(prodPolicy, fs);
        assert.equal(msgs.length, 1);
        assert.match(msgs[0], /^NodeTemplate "prod-spot-workers" \(environment "prod"\): the template provisions spot nodes \(`constraints.spot: true`\) without spot fallbacks \(`constraints.useSpotFallbacks` is false\)/);
        assert.match(msgs[0], /To fix: set `constraints.useSpotFallbacks: true` on this node template/);
        assert.deepEqual(await messages(nonprodPolicy, fs), []);
    });

    it("reports a non-production spot template without fallbacks (advisory policy only)", async () => {
        const fs = [nodeTemplate({ useSpotFallbacks: undefined })];
        const msgs = await messages(nonprodPolicy, fs, { stack: "dev" });
        assert.equal(msgs.length, 1);
        assert.match(msgs[0], /environment "dev", from the stack name\).*`constraints.useSpotFallbacks` is not set/);
        assert.deepEqual(await messages(prodPolicy, fs, { stack: "dev" }), []);
    });

    it("accepts templates with fallbacks, on-demand templates and disabled templates", async () => {
        const fs = [
            nodeTemplate({}, { environment: "prod" }),
            nodeTemplate({ spot: false, onDemand: true, useSpotFallbacks: false }, { environment: "prod" }, "od"),
            nodeTemplate({ useSpotFallbacks: false }, { environment: "prod", isEnabled: false }, "off"),
        ];
        assert.deepEqual(await messages(prodPolicy, fs), []);
        assert.deepEqual(await messages(nonprodPolicy, fs), []);
    });

    it("skips quietly when values are unknown at preview", async () => {
        const fs = [
            nodeTemplate({ useSpotFallbacks: UNKNOWN_VALUE }, { environment: "prod" }),
            nodeTemplate({ spot: UNKNOWN_VALUE, useSpotFallbacks: false }, { environment: "prod" }, "t2"),
            nodeTemplate({}, { constraints: UNKNOWN_VALUE }, "t3"),
        ];
        assert.deepEqual(await runAtPreview(prodPolicy, fs, { stack: "prod" }), []);
        assert.deepEqual(await runAtPreview(nonprodPolicy, fs, { stack: "dev" }), []);
    });
});

import * as assert from "node:assert/strict";
import { castaiApiUrlConsistent as policy } from "../../policy-pack/policies/castai-api-url-consistent";
import { operatorValues, release } from "./factories";
import { messages, runAtPreview, runPolicy, UNKNOWN_VALUE } from "./helpers";

const EU = "https://api.eu.cast.ai";

describe("policy castai-api-url-consistent", () => {
    it("reports releases pointed at different CAST AI APIs, including a chart left on its US default", async () => {
        const fs = [
            release("castware-operator", "0.10.1", operatorValues({ defaultCluster: { provider: "eks", api: { apiUrl: EU } } })),
            release("castai-pod-pinner", "1.13.0", { castai: { apiURL: EU + "/" } }),
            release("castai-agent", "0.161.1", { provider: "eks" }),
        ];
        const reports = await runPolicy(policy, fs, { stack: "prod" });
        assert.equal(reports.length, 1);
        assert.equal(reports[0].phase, "stack");
        assert.match(reports[0].message, /^CAST AI releases of this stack use 2 different API URLs: https:\/\/api.eu.cast.ai: Helm release "castware-operator" \(defaultCluster.api.apiUrl\), Helm release "castai-pod-pinner" \(castai.apiURL\); https:\/\/api.cast.ai: Helm release "castai-agent" \(chart default\)/);
        assert.match(reports[0].message, /To fix: .*one CastAiCluster `apiUrl` arg \(stack config `castai:apiUrl`/);
    });

    it("accepts one API URL, and charts without an API URL value", async () => {
        const fs = [
            release("castai-agent", "0.161.1", { apiURL: EU }),
            release("castai-spot-handler", "0.35.5", { castai: { apiURL: EU } }),
            release("castai-evictor", "0.35.143", { replicaCount: 0 }),
        ];
        assert.deepEqual(await messages(policy, fs, { stack: "dev" }), []);
    });

    it("reports releases that differ from a configured expected URL", async () => {
        const fs = [release("castai-agent", "0.161.1", {})];
        const msgs = await messages(policy, fs, { config: { expectedApiUrl: EU } });
        assert.equal(msgs.length, 1);
        assert.match(msgs[0], /Helm release "castai-agent" \(chart default\) uses the API URL https:\/\/api.cast.ai, not the expected https:\/\/api.eu.cast.ai/);
    });

    it("skips quietly when values are unknown at preview", async () => {
        const fs = [release("castai-agent", "0.161.1", { apiURL: UNKNOWN_VALUE }), release("castai-pod-pinner", "1.13.0", UNKNOWN_VALUE), release("castai-spot-handler", "0.35.5", { castai: { apiURL: EU } })];
        assert.deepEqual(await runAtPreview(policy, fs), []);
    });
});

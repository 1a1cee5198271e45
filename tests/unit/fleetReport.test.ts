import { strict as assert } from "node:assert";
import { renderReport, savingsChart } from "../../components/fleet/report";
import type { ClusterStatus } from "../../components/fleet/status";

const cluster = (stack: string, name: string, savings: number): ClusterStatus => ({
    stack,
    cluster: name,
    clusterId: `id-${name}`,
    status: "ready",
    agentStatus: "online",
    environment: stack,
    versions: {},
    estimatedMonthlySavingsUsd: savings,
});

describe("castai-fleet report: the page and its savings chart", () => {
    it("draws a total bar per environment, then a bar per cluster, on one scale", () => {
        const svg = savingsChart([cluster("prod", "a", 300), cluster("prod", "b", 100), cluster("dev", "c", 50)]);
        const bars = [...svg.matchAll(/data-label="([^"]+)" data-value="([^"]+)">\n<text[^>]*>[^<]*<\/text>\n<rect x="\d+" y="\d+" width="(\d+)"/g)].map((m) => [m[1], m[2], Number(m[3])]);
        assert.deepEqual(bars, [
            ["prod", "400.00", 520],
            ["prod / a", "300.00", 390],
            ["prod / b", "100.00", 130],
            ["dev", "50.00", 65],
            ["dev / c", "50.00", 65],
        ]);
        assert.equal(savingsChart([]), "<p>No clusters.</p>");
    });

    it("escapes what the stacks report and shows drift as code → live, errors as the stack's message", () => {
        const html = renderReport({
            generatedAt: "2026-12-02T00:00:00.000Z",
            clusters: [cluster("prod", "<shop>", 10)],
            drift: [
                { stack: "prod", state: "drift", resources: [{ resource: "shop-prod-autoscaler", type: "t", op: "update", fields: [{ path: "p.q", code: 15, live: 10 }] }] },
                { stack: "dev", state: "error", resources: [], error: "stack dev is locked by a@b" },
                { stack: "staging", state: "clean", resources: [] },
            ],
            pins: [{ stack: "prod", environment: "prod", cluster: "<shop>", name: "castai-evictor", chart: "castai-evictor", pinned: "0.1.0", expected: "0.35.143", verdict: "behind" }],
        });
        assert.ok(!html.includes("<shop>"));
        assert.match(html, /&lt;shop&gt;/);
        assert.match(html, /<td>shop-prod-autoscaler \/ p\.q: 15 → 10<\/td>/);
        assert.match(html, /<span class="error">error<\/span><\/td><td>stack dev is locked by a@b<\/td>/);
        assert.match(html, /<span class="clean">clean<\/span><\/td><td>—<\/td>/);
        assert.match(html, /1 stack\(s\) drifted<\/span>, <span class="drift">1 version\(s\) off the package's table<\/span>, <span class="error">1 stack\(s\) failed<\/span>/);
        assert.doesNotMatch(html, /<script/i, "no script: the page opens offline from a CI artifact");
    });
});

import * as assert from "assert/strict";
import * as fs from "fs";
import * as path from "path";
import { castaiAlertRules } from "../../components/kubernetes/monitoring";
import {
    renderRulesFile,
    renderRulesTestFile,
    RULES_FILE,
    RULES_TEST_FILE,
    toYaml,
} from "../../scripts/generateRules";

const ROOT = path.resolve(__dirname, "../../..");
const rules = castaiAlertRules().flatMap((group) => group.rules);

/** Metric names an expression reads (label matchers, ranges, grouping clauses and functions removed). */
function metricNames(expr: string): string[] {
    const stripped = expr
        .replace(/"[^"]*"/g, "")
        .replace(/\{[^}]*\}/g, " ")
        .replace(/\[[^\]]*\]/g, " ")
        .replace(/\b(by|on|without|ignoring)\s*\([^)]*\)/g, " ");
    const tokens = stripped.match(/\b[a-zA-Z_:][a-zA-Z0-9_:]*\b(?!\s*\()/g) ?? [];
    return [...new Set(tokens.filter((t) => !["and", "or", "unless", "bool", "offset"].includes(t)))];
}

// The metrics reference/castai-install.md establishes: kube-state-metrics (pod readiness and phase, deployment
// availability, restarts) and the components' own metrics from §11.2.
const ESTABLISHED_METRICS = new Set([
    "kube_pod_status_ready",
    "kube_pod_status_phase",
    "kube_deployment_status_replicas_available",
    "kube_pod_container_status_restarts_total",
    "action_executed_total",
    "kvisor_agent_exporter_send_errors_total",
]);

describe("CAST AI alert rules", () => {
    describe("committed files", () => {
        it(`${RULES_FILE} is exactly what castaiAlertRules() generates`, () => {
            const committed = fs.readFileSync(path.join(ROOT, RULES_FILE), "utf8");
            assert.equal(committed, renderRulesFile(), "run: npx tsc && node dist/scripts/generateRules.js");
        });

        it(`${RULES_TEST_FILE} is exactly what the test cases generate`, () => {
            const committed = fs.readFileSync(path.join(ROOT, RULES_TEST_FILE), "utf8");
            assert.equal(committed, renderRulesTestFile(), "run: npx tsc && node dist/scripts/generateRules.js");
        });
    });

    describe("no seed defects", () => {
        it("selects condition=\"true\" wherever it reads kube_pod_status_ready with a pod selector", () => {
            for (const rule of rules) {
                for (const selector of rule.expr.match(/kube_pod_status_ready\{[^}]*\}/g) ?? []) {
                    assert.match(selector, /condition="true"/, `${rule.alert}: ${selector}`);
                }
            }
            assert.match(rules.find((r) => r.alert === "CastAIAgentDown")?.expr ?? "", /condition="true"/);
        });

        it("does not use castai_spot_interruptions_total, which no CAST AI component exports", () => {
            for (const rule of rules) {
                assert.doesNotMatch(rule.expr, /castai_spot_interruptions_total/, rule.alert);
            }
        });

        it("reads only metrics the reference establishes", () => {
            for (const rule of rules) {
                for (const metric of metricNames(rule.expr)) {
                    assert.ok(ESTABLISHED_METRICS.has(metric), `${rule.alert} reads ${metric}`);
                }
            }
            const read = new Set(rules.flatMap((rule) => metricNames(rule.expr)));
            assert.deepEqual([...read].sort(), [...ESTABLISHED_METRICS].sort());
        });
    });

    describe("every rule", () => {
        it("has a unique name", () => {
            assert.equal(new Set(rules.map((r) => r.alert)).size, rules.length);
        });

        for (const rule of rules) {
            it(`${rule.alert} has a for duration, a severity, a summary and a runbook-style description`, () => {
                assert.match(rule.for, /^\d+[smh]$/);
                assert.ok(["critical", "warning"].includes(rule.labels.severity));
                assert.ok(rule.annotations.summary.length > 10);
                assert.match(rule.annotations.description, /kubectl|console/);
            });
        }
    });

    it("scopes the component alerts to the given namespace", () => {
        const scoped = castaiAlertRules({ namespace: "castai" }).flatMap((g) => g.rules);
        for (const rule of scoped) {
            const namespaces = [...rule.expr.matchAll(/namespace="([^"]*)"/g)].map((m) => m[1]);
            assert.ok(namespaces.every((ns) => ns === "castai"), `${rule.alert}: ${namespaces}`);
            const text = rule.expr + JSON.stringify(rule.annotations);
            assert.doesNotMatch(text, /namespace="castai-agent"|-n castai-agent |namespace castai-agent/, rule.alert);
        }
    });

    describe("YAML emitter", () => {
        it("writes plain scalars where YAML reads them back as the same string", () => {
            assert.equal(toYaml({ a: "castai", b: "5m", c: "app.kubernetes.io/name" }), "a: castai\nb: 5m\nc: app.kubernetes.io/name\n");
        });

        it("quotes words YAML would read as booleans, numbers or with special characters", () => {
            assert.equal(toYaml({ a: "true", b: "no", c: "10", d: "a: b", e: "it's" }), "a: 'true'\nb: 'no'\nc: '10'\nd: 'a: b'\ne: 'it''s'\n");
        });

        it("writes multi-line strings as literal blocks and nests lists of maps", () => {
            assert.equal(
                toYaml({ groups: [{ name: "g", rules: [{ expr: "a\nand b" }] }], empty: [] }),
                "groups:\n  - name: g\n    rules:\n      - expr: |-\n          a\n          and b\nempty: []\n",
            );
        });
    });
});

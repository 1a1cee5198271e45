import * as assert from "assert/strict";
import * as pulumi from "@pulumi/pulumi";
import { CastAiMonitoring, castaiAlertRules } from "../../components/kubernetes/monitoring";
import { recordRegistrations, Registration, valueOf } from "./kubernetesRecordingMocks";

describe("CastAiMonitoring", () => {
    let registrations: Registration[];

    beforeEach(async () => {
        registrations = await recordRegistrations();
    });

    async function create(name: string, args: ConstructorParameters<typeof CastAiMonitoring>[1]) {
        const monitoring = new CastAiMonitoring(name, args);
        await Promise.all([valueOf(monitoring.prometheusRule.urn), valueOf(monitoring.podMonitor.urn)]);
        const find = (type: string) => {
            const found = registrations.find((r) => r.type === type && r.name.startsWith(`${name}-`));
            assert.ok(found, `${type} registered`);
            return found;
        };
        return {
            monitoringUrn: await valueOf(monitoring.urn),
            component: registrations.find((r) => r.type === "castai-fleet:index:CastAiMonitoring"),
            rule: find("kubernetes:monitoring.coreos.com/v1:PrometheusRule"),
            podMonitor: find("kubernetes:monitoring.coreos.com/v1:PodMonitor"),
        };
    }

    it("is a castai-fleet:index:CastAiMonitoring component owning a PrometheusRule and a PodMonitor", async () => {
        const { component, rule, podMonitor, monitoringUrn } = await create("prod", {});
        assert.ok(component);
        assert.equal(rule.name, "prod-rules");
        assert.equal(podMonitor.name, "prod-pod-monitor");
        assert.equal(rule.parent, monitoringUrn);
        assert.equal(podMonitor.parent, monitoringUrn);
        assert.equal(rule.inputs.apiVersion, "monitoring.coreos.com/v1");
        assert.equal(rule.inputs.kind, "PrometheusRule");
        assert.equal(podMonitor.inputs.kind, "PodMonitor");
    });

    it("puts the alert rules of castaiAlertRules() into the PrometheusRule, in castai-agent by default", async () => {
        const { rule } = await create("prod", {});
        assert.equal(rule.inputs.metadata.namespace, "castai-agent");
        assert.deepEqual(rule.inputs.spec.groups, castaiAlertRules());
    });

    it("scrapes the metrics ports of the pods in the CAST AI namespace", async () => {
        const { podMonitor } = await create("prod", {});
        assert.deepEqual(podMonitor.inputs.spec, {
            selector: {},
            namespaceSelector: { matchNames: ["castai-agent"] },
            podMetricsEndpoints: [{ port: "metrics", path: "/metrics", interval: "30s" }],
        });
    });

    it("uses the given namespace for the resources and the rules, and labels them for the Prometheus selector", async () => {
        const labels = { release: "kube-prometheus-stack" };
        const { rule, podMonitor } = await create("eu", { namespace: pulumi.output("castai"), labels });
        assert.equal(rule.inputs.metadata.namespace, "castai");
        assert.deepEqual(rule.inputs.metadata.labels, labels);
        assert.deepEqual(podMonitor.inputs.metadata.labels, labels);
        assert.deepEqual(podMonitor.inputs.spec.namespaceSelector, { matchNames: ["castai"] });
        assert.deepEqual(rule.inputs.spec.groups, castaiAlertRules({ namespace: "castai" }));
    });

    it("uses the given Kubernetes provider", async () => {
        const kubernetes = require("@pulumi/kubernetes") as typeof import("@pulumi/kubernetes");
        const provider = new kubernetes.Provider("target", { kubeconfig: "{}" });
        const providerUrn = await valueOf(provider.urn);
        const { rule, podMonitor } = await create("prod", { provider });
        assert.ok(rule.provider.startsWith(`${providerUrn}::`));
        assert.ok(podMonitor.provider.startsWith(`${providerUrn}::`));
    });

    it("rejects a namespace that is not a DNS label", () => {
        assert.throws(() => new CastAiMonitoring("bad", { namespace: "CastAI_Agent" }), pulumi.ResourceError);
    });
});

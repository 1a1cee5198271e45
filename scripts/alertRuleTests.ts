// The promtool unit tests of monitoring/castai-rules.yaml, as data: input series and the alerts expected from them.
// scripts/generateRules.ts turns them into monitoring/castai-rules.test.yaml, adding each alert's rule labels and its
// annotations (promtool compares annotations verbatim, so writing them by hand would only copy the rules file).
import { castaiAlertRules } from "../components/kubernetes/monitoring";

/** One input series in promtool notation (`values: "1+0x30"` = 31 samples of 1, one per interval). */
export interface Series {
    readonly series: string;
    readonly values: string;
}

/** At `evalTime`, `alert` fires once per entry of `firing` (its series labels) or, when `firing` is empty, not at all. */
export interface AlertExpectation {
    readonly alert: string;
    readonly evalTime: string;
    readonly firing: readonly Readonly<Record<string, string>>[];
}

/** One promtool test group. */
export interface AlertTestCase {
    readonly name: string;
    readonly series: readonly Series[];
    readonly expect: readonly AlertExpectation[];
}

const NS = "castai-agent";
const AGENT_POD = "castai-agent-74989f5596-knfrs";
const AGENT_POD_2 = "castai-agent-74989f5596-vnqvk";
const CPVPA_POD = "castai-agent-cpvpa-964fc94b6-n5dkq";

/** kube-state-metrics readiness: one series per condition, the current one 1 and the other two 0. */
function readiness(namespace: string, pod: string, ready: boolean, samples = "x60"): Series[] {
    const state = { true: ready, false: !ready, unknown: false };
    return Object.entries(state).map(([condition, on]) => ({
        series: `kube_pod_status_ready{namespace="${namespace}", pod="${pod}", condition="${condition}"}`,
        values: `${on ? 1 : 0}${samples}`,
    }));
}

function available(deployment: string, replicas: number): Series {
    return {
        series: `kube_deployment_status_replicas_available{namespace="${NS}", deployment="${deployment}"}`,
        values: `${replicas}x60`,
    };
}

/** Every alert of the rules file: the healthy case checks all of them, including any added later. */
const ALERTS = castaiAlertRules().flatMap((group) => group.rules.map((rule) => rule.alert));

export const ALERT_TEST_CASES: readonly AlertTestCase[] = [
    {
        name: "healthy cluster: no alert fires (all three readiness series present, the seed's rule would fire)",
        series: [
            ...readiness(NS, AGENT_POD, true),
            ...readiness(NS, AGENT_POD_2, true),
            ...readiness(NS, CPVPA_POD, true),
            available("castware-operator", 1),
            available("castai-cluster-controller", 2),
            {
                // The operator restarts once after generating its webhook certificates: expected, not a crash loop.
                series: `kube_pod_container_status_restarts_total{namespace="${NS}", pod="castware-operator-8667b6744d-kmqnn", container="manager"}`,
                values: "0x10 1x50",
            },
            {
                series: `kube_pod_container_status_restarts_total{namespace="${NS}", pod="${AGENT_POD}", container="agent"}`,
                values: "0x60",
            },
            {
                series: `action_executed_total{namespace="${NS}", pod="castai-cluster-controller-5d9f7c6b8-abcde", success="true", type="drain_node"}`,
                values: "0+2x60",
            },
            {
                series: `action_executed_total{namespace="${NS}", pod="castai-cluster-controller-5d9f7c6b8-abcde", success="false", type="drain_node"}`,
                values: "0x60",
            },
            {
                series: `kvisor_agent_exporter_send_errors_total{namespace="${NS}", pod="castai-kvisor-agent-x7k2p"}`,
                values: "0x60",
            },
            {
                series: `kube_pod_status_phase{namespace="default", pod="web-0", phase="Pending"}`,
                values: "1x3 0x57",
            },
            { series: `kube_pod_status_phase{namespace="default", pod="web-0", phase="Running"}`, values: "0x3 1x57" },
        ],
        expect: ALERTS.map((alert) => ({ alert, evalTime: "60m", firing: [] })),
    },
    {
        name: "CastAIAgentDown fires when the agent pods are not ready, even with a ready cpvpa pod",
        series: [...readiness(NS, AGENT_POD, false), ...readiness(NS, AGENT_POD_2, false), ...readiness(NS, CPVPA_POD, true)],
        expect: [
            { alert: "CastAIAgentDown", evalTime: "4m", firing: [] },
            { alert: "CastAIAgentDown", evalTime: "10m", firing: [{}] },
        ],
    },
    {
        name: "CastAIAgentDown fires when no agent pod exists at all",
        series: readiness("kube-system", "coredns-5d78c9869d-2xk8q", true),
        expect: [{ alert: "CastAIAgentDown", evalTime: "10m", firing: [{}] }],
    },
    {
        name: "CastAIAgentDown stays quiet while kube-state-metrics itself reports nothing",
        series: [{ series: `up{job="kube-state-metrics"}`, values: "0x60" }],
        expect: [{ alert: "CastAIAgentDown", evalTime: "30m", firing: [] }],
    },
    {
        name: "CastAIAgentDown stays quiet when one of two agent pods is ready",
        series: [...readiness(NS, AGENT_POD, true), ...readiness(NS, AGENT_POD_2, false)],
        expect: [{ alert: "CastAIAgentDown", evalTime: "30m", firing: [] }],
    },
    {
        name: "CastwareOperatorDown fires after 10 minutes without an available replica",
        series: [available("castware-operator", 0)],
        expect: [
            { alert: "CastwareOperatorDown", evalTime: "9m", firing: [] },
            {
                alert: "CastwareOperatorDown",
                evalTime: "15m",
                firing: [{ namespace: NS, deployment: "castware-operator" }],
            },
        ],
    },
    {
        name: "CastAIClusterControllerDown fires when cluster-controller has no available replica",
        series: [available("castai-cluster-controller", 0)],
        expect: [
            {
                alert: "CastAIClusterControllerDown",
                evalTime: "10m",
                firing: [{ namespace: NS, deployment: "castai-cluster-controller" }],
            },
        ],
    },
    {
        name: "CastAIPodCrashLooping fires for a container restarting every 5 minutes",
        series: [
            {
                series: `kube_pod_container_status_restarts_total{namespace="${NS}", pod="${AGENT_POD}", container="agent"}`,
                values: "0 0 0 0 0 1 1 1 1 1 2 2 2 2 2 3 3 3 3 3 4 4 4 4 4 5 5 5 5 5 6 6 6 6 6 7 7 7 7 7 8",
            },
        ],
        expect: [
            {
                alert: "CastAIPodCrashLooping",
                evalTime: "40m",
                firing: [{ namespace: NS, pod: AGENT_POD, container: "agent" }],
            },
        ],
    },
    {
        name: "CastAIClusterControllerActionsFailing fires when actions of one type keep failing",
        series: [
            {
                series: `action_executed_total{namespace="${NS}", pod="castai-cluster-controller-5d9f7c6b8-abcde", success="false", type="drain_node"}`,
                values: "0+1x60",
            },
            {
                series: `action_executed_total{namespace="${NS}", pod="castai-cluster-controller-5d9f7c6b8-abcde", success="true", type="approve_csr"}`,
                values: "0+1x60",
            },
        ],
        expect: [
            {
                alert: "CastAIClusterControllerActionsFailing",
                evalTime: "40m",
                firing: [{ namespace: NS, type: "drain_node" }],
            },
        ],
    },
    {
        name: "CastAIKvisorExportFailing fires when the kvisor agent keeps failing to export",
        series: [
            {
                series: `kvisor_agent_exporter_send_errors_total{namespace="${NS}", pod="castai-kvisor-agent-x7k2p"}`,
                values: "0+5x60",
            },
        ],
        expect: [
            {
                alert: "CastAIKvisorExportFailing",
                evalTime: "30m",
                firing: [{ namespace: NS, pod: "castai-kvisor-agent-x7k2p" }],
            },
        ],
    },
    {
        name: "CastAIPodsPendingTooLong fires for a pod Pending longer than 15 minutes",
        series: [
            { series: `kube_pod_status_phase{namespace="default", pod="web-0", phase="Pending"}`, values: "1x60" },
            { series: `kube_pod_status_phase{namespace="default", pod="web-0", phase="Running"}`, values: "0x60" },
        ],
        expect: [
            { alert: "CastAIPodsPendingTooLong", evalTime: "10m", firing: [] },
            { alert: "CastAIPodsPendingTooLong", evalTime: "30m", firing: [{ namespace: "default", pod: "web-0" }] },
        ],
    },
];

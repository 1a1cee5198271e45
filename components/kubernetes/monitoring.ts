import * as pulumi from "@pulumi/pulumi";
import { CASTAI_NAMESPACE } from "./versions";

/** One Prometheus alerting rule. */
export interface AlertRule {
    readonly alert: string;
    readonly expr: string;
    /** How long the condition must hold before the alert fires (Prometheus duration). */
    readonly for: string;
    readonly labels: { readonly severity: "critical" | "warning"; readonly component: string };
    /** `summary` is one line; `description` says what breaks and what to check, runbook style. */
    readonly annotations: { readonly summary: string; readonly description: string };
}

/** A Prometheus rule group, as in a rules file or a PrometheusRule's `spec.groups`. */
export interface AlertRuleGroup {
    readonly name: string;
    readonly rules: readonly AlertRule[];
}

/** Options of `castaiAlertRules`. */
export interface CastAiAlertRulesOptions {
    /** Namespace the CAST AI components run in; default `castai-agent`. */
    readonly namespace?: string;
}

/**
 * Alerts for the CAST AI components of one cluster. They are evaluated per cluster (CastAiMonitoring installs them in
 * each), so the cluster's identity comes from the Prometheus external labels, not from the expressions.
 *
 * Only metrics the reference establishes are used (reference/castai-install.md §11): kube-state-metrics for pod
 * readiness, deployment availability, restarts and phases, and the components' own metrics from §11.2. The seed's
 * defects are fixed: readiness selects `condition="true"` (kube-state-metrics exports one series per condition, two
 * of them always 0), and there is no spot-interruption alert because no CAST AI component exports such a metric.
 */
export function castaiAlertRules(opts?: CastAiAlertRulesOptions): AlertRuleGroup[] {
    const ns = opts?.namespace ?? CASTAI_NAMESPACE;
    // Pods of the castai-agent Deployment are named castai-agent-<template hash>-<suffix>; the anchored pattern leaves
    // out castai-agent-cpvpa-<hash>-<suffix>, the agent's autoscaler, whose readiness says nothing about the agent.
    const agentReady = `kube_pod_status_ready{namespace="${ns}", pod=~"castai-agent-[a-z0-9]+-[a-z0-9]+", condition="true"}`;
    const deploymentUnavailable = (deployment: string) =>
        `kube_deployment_status_replicas_available{namespace="${ns}", deployment="${deployment}"} == 0`;

    return [
        {
            name: "castai",
            rules: [
                {
                    alert: "CastAIAgentDown",
                    // absent() also catches a deleted or never-installed agent, where a sum would return nothing;
                    // the count() guard keeps it quiet while kube-state-metrics itself is down.
                    expr: `absent(${agentReady} == 1)\nand on ()\n(count(kube_pod_status_ready) > 0)`,
                    for: "5m",
                    labels: { severity: "critical", component: "castai-agent" },
                    annotations: {
                        summary: `No castai-agent pod is ready in namespace ${ns}.`,
                        description:
                            `CAST AI gets no cluster snapshots while the agent is down, so autoscaling decisions and ` +
                            `savings reports go stale. Check the pods and their events: kubectl -n ${ns} get pods; ` +
                            `kubectl -n ${ns} describe pod <castai-agent pod>. Read the agent log: kubectl -n ${ns} ` +
                            `logs deploy/castai-agent (401/403: the API key is invalid or was deleted; connection ` +
                            `errors: egress to the CAST AI API is blocked). See the operator's view: kubectl -n ${ns} ` +
                            `get component castai-agent -o yaml.`,
                    },
                },
                {
                    alert: "CastwareOperatorDown",
                    expr: deploymentUnavailable("castware-operator"),
                    for: "10m",
                    labels: { severity: "warning", component: "castware-operator" },
                    annotations: {
                        summary: `The Castware operator has no available replica in namespace ${ns}.`,
                        description:
                            `Running components keep working, but nothing is reconciled, installed or upgraded, and ` +
                            `its admission webhook (failurePolicy Fail) rejects changes to Cluster and Component CRs, ` +
                            `so a pulumi up that changes castware-components fails. Check: kubectl -n ${ns} get pods ` +
                            `-l app.kubernetes.io/name=castware-operator; kubectl -n ${ns} logs -l ` +
                            `app.kubernetes.io/name=castware-operator. One restart after install is expected (it ` +
                            `generates its webhook certificates).`,
                    },
                },
                {
                    alert: "CastAIClusterControllerDown",
                    expr: deploymentUnavailable("castai-cluster-controller"),
                    for: "5m",
                    labels: { severity: "critical", component: "castai-cluster-controller" },
                    annotations: {
                        summary: `castai-cluster-controller has no available replica in namespace ${ns}.`,
                        description:
                            `CAST AI cannot drain or delete nodes, approve node CSRs or apply any automation, so new ` +
                            `nodes may not join and evictions stop. Check: kubectl -n ${ns} get deploy ` +
                            `castai-cluster-controller; kubectl -n ${ns} logs deploy/castai-cluster-controller; ` +
                            `kubectl -n ${ns} get component cluster-controller -o yaml (the operator installs it in ` +
                            `phase 2 only, with extendedPermissions).`,
                    },
                },
                {
                    alert: "CastAIPodCrashLooping",
                    // 3 restarts in 30 minutes: a crash loop at the 5-minute back-off ceiling still reaches it,
                    // the operator's one expected restart after install does not.
                    expr: `increase(kube_pod_container_status_restarts_total{namespace="${ns}"}[30m]) >= 3`,
                    for: "5m",
                    labels: { severity: "warning", component: "castai" },
                    annotations: {
                        summary: "Container {{ $labels.container }} of {{ $labels.pod }} keeps restarting.",
                        description:
                            "It restarted at least 3 times in 30 minutes. Read the last crash: kubectl -n " +
                            "{{ $labels.namespace }} logs {{ $labels.pod }} -c {{ $labels.container }} --previous; " +
                            "kubectl -n {{ $labels.namespace }} describe pod {{ $labels.pod }}. OOMKilled: raise the " +
                            "component's memory through its Helm values. A missing castai-cluster-controller Secret " +
                            "(evictor, spot-handler): cluster-controller is not installed, which needs phase 2.",
                    },
                },
                {
                    alert: "CastAIClusterControllerActionsFailing",
                    expr:
                        `sum by (namespace, type) (increase(action_executed_total{namespace="${ns}", ` +
                        `success="false"}[15m])) > 0`,
                    for: "15m",
                    labels: { severity: "warning", component: "castai-cluster-controller" },
                    annotations: {
                        summary: "castai-cluster-controller keeps failing {{ $labels.type }} actions.",
                        description:
                            "CAST AI's {{ $labels.type }} actions have failed for at least 15 minutes, so node " +
                            "operations of that kind are not applied. Read the errors: kubectl -n " +
                            "{{ $labels.namespace }} logs deploy/castai-cluster-controller. Usual causes: a " +
                            "PodDisruptionBudget or admission webhook blocking a drain, missing RBAC (operator " +
                            "extendedPermissions), or the node already gone in the cloud.",
                    },
                },
                {
                    alert: "CastAIKvisorExportFailing",
                    expr:
                        `sum by (namespace, pod) (rate(kvisor_agent_exporter_send_errors_total{namespace="${ns}"}` +
                        `[5m])) > 0`,
                    for: "15m",
                    labels: { severity: "warning", component: "castai-kvisor" },
                    annotations: {
                        summary: "kvisor agent {{ $labels.pod }} cannot send data to CAST AI.",
                        description:
                            "Security findings in the console go stale. Check egress to the kvisor gRPC address and " +
                            "that it matches the organization's console (kvisor.prod-master.cast.ai:443 for " +
                            "console.cast.ai, kvisor.prod-eu.cast.ai:443 for console.eu.cast.ai), then the API key in " +
                            "the castai-kvisor Secret: kubectl -n {{ $labels.namespace }} logs {{ $labels.pod }}.",
                    },
                },
                {
                    alert: "CastAIPodsPendingTooLong",
                    expr: `sum by (namespace, pod) (kube_pod_status_phase{phase="Pending"}) > 0`,
                    for: "15m",
                    labels: { severity: "warning", component: "castai-autoscaler" },
                    annotations: {
                        summary: "Pod {{ $labels.namespace }}/{{ $labels.pod }} has been Pending for 15 minutes.",
                        description:
                            "With CAST AI autoscaling on, this usually means no node could be provisioned for it " +
                            "(CAST AI's own risk guidance). Check the pod's events: kubectl -n {{ $labels.namespace }} " +
                            "describe pod {{ $labels.pod }}; then, in the CAST AI console, the autoscaler policy's CPU " +
                            "limit, the node templates' constraints and the cloud quota and permission errors.",
                    },
                },
            ],
        },
    ];
}

/** Arguments of `CastAiMonitoring`. */
export interface CastAiMonitoringArgs {
    /** Namespace of the CAST AI components; the PrometheusRule and PodMonitor are created there. Default `castai-agent`. */
    readonly namespace?: pulumi.Input<string>;
    /**
     * Labels on the PrometheusRule and PodMonitor so the Prometheus operator's `ruleSelector` and `podMonitorSelector`
     * select them (kube-prometheus-stack: `{ release: "<its release name>" }`). Default none.
     */
    readonly labels?: pulumi.Input<Record<string, pulumi.Input<string>>>;
    /** Kubernetes provider (a @pulumi/kubernetes `Provider`) of the cluster. Default: the ambient provider. */
    readonly provider?: pulumi.ProviderResource;
}

/**
 * CAST AI alerting for one cluster: a `PrometheusRule` with `castaiAlertRules()` and a `PodMonitor` that scrapes the
 * components' `metrics` ports (castai-agent 9877, castai-cluster-controller 9090; reference/castai-install.md §11.2).
 * Needs the Prometheus operator's CRDs (monitoring.coreos.com/v1) in the cluster. Kvisor announces its port 6060
 * through `prometheus.io/*` pod annotations instead of a named port, so `CastAIKvisorExportFailing` needs a Prometheus
 * that honours those annotations; the operator's metrics need an authorized HTTPS scrape and are left out (§11.2).
 */
export class CastAiMonitoring extends pulumi.ComponentResource {
    // Typed as plain custom resources (they are `k8s.apiextensions.CustomResource`s) so that the package's types never
    // need @pulumi/kubernetes, an optional peer.
    /** The PrometheusRule holding the alert rules. */
    public readonly prometheusRule: pulumi.CustomResource;
    /** The PodMonitor scraping the CAST AI components. */
    public readonly podMonitor: pulumi.CustomResource;

    constructor(name: string, args: CastAiMonitoringArgs = {}, opts?: pulumi.ComponentResourceOptions) {
        super("castai-fleet:index:CastAiMonitoring", name, args, opts);
        if (typeof args.namespace === "string" && !/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/.test(args.namespace)) {
            throw new pulumi.ResourceError(
                `namespace: "${args.namespace}" is not a Kubernetes namespace name (lower-case DNS label)`,
                this,
            );
        }
        // Loaded here, not at module top: @pulumi/kubernetes is an optional peer that importing this package must
        // not load.
        const kubernetes = require("@pulumi/kubernetes") as typeof import("@pulumi/kubernetes");
        const namespace = pulumi.output(args.namespace ?? CASTAI_NAMESPACE);
        const childOpts = { parent: this, provider: args.provider };

        this.prometheusRule = new kubernetes.apiextensions.CustomResource(
            `${name}-rules`,
            {
                apiVersion: "monitoring.coreos.com/v1",
                kind: "PrometheusRule",
                metadata: { name: "castai-alerts", namespace, labels: args.labels },
                spec: { groups: namespace.apply((ns) => castaiAlertRules({ namespace: ns })) },
            },
            childOpts,
        );
        this.podMonitor = new kubernetes.apiextensions.CustomResource(
            `${name}-pod-monitor`,
            {
                apiVersion: "monitoring.coreos.com/v1",
                kind: "PodMonitor",
                metadata: { name: "castai-components", namespace, labels: args.labels },
                spec: {
                    // Every pod of the namespace; only those declaring a port named "metrics" become targets.
                    selector: {},
                    namespaceSelector: { matchNames: [namespace] },
                    podMetricsEndpoints: [{ port: "metrics", path: "/metrics", interval: "30s" }],
                },
            },
            childOpts,
        );
        this.registerOutputs({ prometheusRule: this.prometheusRule, podMonitor: this.podMonitor });
    }
}

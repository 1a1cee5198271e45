// Status: per stack and cluster, what the last `up` recorded (the stack's `summary` output and each registration's
// agent status), read from the state without running the program or calling CAST AI.
import type { Deployment } from "@pulumi/pulumi/automation";

export interface ClusterStatus {
    readonly stack: string;
    /** The cluster's key in `fleet:clusters`. */
    readonly cluster: string;
    readonly clusterId: string;
    readonly status: string;
    readonly agentStatus: string;
    readonly environment: string;
    /** Release and component versions the cluster pins, by name (`castware-operator`, `component/castai-agent`). */
    readonly versions: Readonly<Record<string, string>>;
    readonly estimatedMonthlySavingsUsd: number;
}

interface SummaryEntry {
    clusterId?: string;
    status?: string;
    environment?: string;
    installedVersions?: Record<string, string>;
    estimatedMonthlySavingsUsd?: number;
}

const REGISTRATION_TYPE = "pulumi-nodejs:dynamic/castai:ExternalCluster";

/** One row per cluster of the stack's `summary` output; none for a stack never deployed. */
export function clusterStatuses(stack: string, deployment: Deployment): ClusterStatus[] {
    const resources = (deployment.deployment?.resources ?? []) as { type: string; outputs?: Record<string, unknown> }[];
    const root = resources.find((r) => r.type === "pulumi:pulumi:Stack");
    const summary = (root?.outputs?.summary ?? {}) as Record<string, SummaryEntry>;
    const agents = new Map(
        resources.filter((r) => r.type === REGISTRATION_TYPE).map((r) => [String(r.outputs?.clusterId ?? ""), String(r.outputs?.agentStatus ?? "")]),
    );
    return Object.entries(summary).map(([cluster, s]) => ({
        stack,
        cluster,
        clusterId: s.clusterId ?? "",
        status: s.status ?? "",
        agentStatus: agents.get(s.clusterId ?? "") || "unknown",
        environment: s.environment ?? "",
        versions: s.installedVersions ?? {},
        estimatedMonthlySavingsUsd: s.estimatedMonthlySavingsUsd ?? 0,
    }));
}

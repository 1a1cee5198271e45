// The CAST AI documents a cluster's environment profile implies: autoscaler policy, spot template, spot share and the
// node that wakes a hibernated cluster. Plain functions, so that tests and policies can call them directly.
import type { Policies, TemplateConstraints } from "./api/types";
import type { EnvironmentProfile } from "./environments";
import type { CloudProvider } from "./kubernetes/settings";

/** The autoscaler policy fields the fleet manages, from the profile. */
export function autoscalerPolicies(p: EnvironmentProfile): Policies {
    return {
        enabled: true,
        unschedulablePods: { enabled: true, headroom: { enabled: true, cpuPercentage: p.headroomPercent, memoryPercentage: p.headroomPercent } },
        clusterLimits: { enabled: true, cpu: { maxCores: p.maxCpuCores } },
        nodeDownscaler: {
            enabled: true,
            emptyNodes: { enabled: true, delaySeconds: p.emptyNodeDelaySeconds },
            evictor: { enabled: true, aggressiveMode: p.evictorAggressive },
        },
    };
}

/** The spot worker template: spot nodes with on-demand fallback while spot is unavailable, back to spot after 30 minutes. */
export function spotTemplateConstraints(): TemplateConstraints {
    return { spot: true, onDemand: false, useSpotFallbacks: true, fallbackRestoreRateSeconds: 1800, architectures: ["amd64"] };
}

/** The pod mutation groups that send `percent` of pods to spot nodes and the rest to on-demand ones. */
export function spotShareGroups(percent: number): { name: string; percentage: number; config: { spotType?: "USE_ONLY_SPOT" } }[] {
    return [
        { name: "spot", percentage: percent, config: { spotType: "USE_ONLY_SPOT" } },
        { name: "on-demand", percentage: 100 - percent, config: {} },
    ];
}

/** The instance type that wakes a hibernated cluster, per cloud: a small general-purpose node. */
export const resumeInstanceTypes: Readonly<Record<CloudProvider, string>> = {
    eks: "m5.large",
    gke: "e2-standard-4",
    aks: "Standard_D4s_v5",
};

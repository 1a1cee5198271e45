import { InstallSettings } from "./settings";
import {
    componentsValues,
    evictorValues,
    HelmValues,
    kvisorValues,
    operatorValues,
    podMutatorValues,
    podPinnerValues,
} from "./values";
import { CASTAI_NAMESPACE, ChartName } from "./versions";

/** One Helm release to install: everything `helm upgrade --install` needs, plus its order. */
export interface ReleasePlan {
    /** Helm release name; fixed because the charts look each other up by it. */
    readonly name: string;
    /** Chart name in the repository. */
    readonly chart: ChartName;
    /** Helm repository URL the chart comes from (CAST AI's unless `chartRepository` says otherwise). */
    readonly repository: string;
    /** Exact chart version. */
    readonly version: string;
    /** Kubernetes namespace of the release. */
    readonly namespace: string;
    /** Helm values; secrets inside are secret Outputs. */
    readonly values: HelmValues;
    /** Names of releases (earlier in the plan) that must be installed first. */
    readonly dependsOn: readonly string[];
}

/**
 * Release names. `castware-operator` is mandatory: the operator chart binds its RBAC and webhooks by that literal name.
 * The others follow CAST AI's Terraform modules; kvisor's API-key Secret is named after its release.
 */
export const RELEASE_NAMES = {
    operator: "castware-operator",
    components: "castware-components",
    evictor: "castai-evictor",
    podPinner: "castai-pod-pinner",
    podMutator: "castai-pod-mutator",
    kvisor: "castai-kvisor",
} as const;

/**
 * Whether the pod mutator (and the PodMutation it serves) is needed: only in phase 2, and only when pods are split
 * between spot and on-demand. At 100% every pod goes to spot and at 0% none does; neither needs a split, the
 * autoscaler policy and node templates express them.
 */
export function needsPodMutator(s: Pick<InstallSettings, "phase" | "spotSharePercent">): boolean {
    return s.phase === 2 && s.spotSharePercent > 0 && s.spotSharePercent < 100;
}

/**
 * The releases for one cluster, in install order:
 * castware-operator → castware-components (agent, spot-handler; cluster-controller in phase 2) → [phase 2:
 * castai-evictor, castai-pod-pinner, castai-pod-mutator when the spot share needs a split] → castai-kvisor when
 * `security`.
 *
 * Evictor, pod-pinner and pod-mutator are automation: the umbrella chart leaves them out of its read-only mode,
 * and the evictor authenticates with the Secret cluster-controller creates. They, like kvisor, depend on
 * the components release because CAST AI's modules install every component after the agent.
 *
 * Expects settings `validateInstallSettings` accepts (CastAiCluster's `planCluster` has checked them); it does not
 * check them again.
 */
export function planReleases(s: InstallSettings): ReleasePlan[] {
    const release = (name: string, chart: ChartName, values: HelmValues, dependsOn: string[]): ReleasePlan => ({
        name,
        chart,
        repository: s.chartRepository,
        version: s.chartVersions[chart],
        namespace: CASTAI_NAMESPACE,
        values,
        dependsOn,
    });
    const afterComponents = [RELEASE_NAMES.components];

    const plan = [
        release(RELEASE_NAMES.operator, "castware-operator", operatorValues(s), []),
        release(RELEASE_NAMES.components, "castware-components", componentsValues(s), [RELEASE_NAMES.operator]),
    ];
    if (s.phase === 2) {
        plan.push(release(RELEASE_NAMES.evictor, "castai-evictor", evictorValues(s), afterComponents));
        plan.push(release(RELEASE_NAMES.podPinner, "castai-pod-pinner", podPinnerValues(s), afterComponents));
    }
    if (needsPodMutator(s)) {
        plan.push(release(RELEASE_NAMES.podMutator, "castai-pod-mutator", podMutatorValues(s), afterComponents));
    }
    if (s.security) {
        plan.push(release(RELEASE_NAMES.kvisor, "castai-kvisor", kvisorValues(s), afterComponents));
    }
    return plan;
}

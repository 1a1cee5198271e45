// Type tokens of the resources the pack inspects, and how to recognise a CAST AI Helm release.
// The pack does not import the component package: the tokens are repeated here on purpose (the resources declare
// the same strings as their static `__pulumiType`).
import { readString } from "./access";

export const CASTAI_DYNAMIC_PREFIX = "pulumi-nodejs:dynamic/castai:";

export const EXTERNAL_CLUSTER = "pulumi-nodejs:dynamic/castai:ExternalCluster";
export const AUTOSCALER_POLICY = "pulumi-nodejs:dynamic/castai:AutoscalerPolicy";
export const NODE_TEMPLATE = "pulumi-nodejs:dynamic/castai:NodeTemplate";
export const HIBERNATION_SCHEDULE = "pulumi-nodejs:dynamic/castai:HibernationSchedule";
export const EVICTOR_CONFIG = "pulumi-nodejs:dynamic/castai:EvictorConfig";
export const POD_MUTATION = "pulumi-nodejs:dynamic/castai:PodMutation";

export const HELM_RELEASE = "kubernetes:helm.sh/v3:Release";

/** The CAST AI Helm repository (castai-install.md §2). */
export const CASTAI_HELM_REPO = "https://castai.github.io/helm-charts";

/** Chart names whose values the pack reads (castai-install.md §5, §6.4). */
export const CHART_OPERATOR = "castware-operator";
export const CHART_COMPONENTS = "castware-components";
export const CHART_EVICTOR = "castai-evictor";

/** True for any of our CAST AI dynamic-provider resources (`pulumi-nodejs:dynamic/castai:<Type>`). */
export function isCastAiDynamic(type: string): boolean {
    return type.startsWith(CASTAI_DYNAMIC_PREFIX);
}

/** `pulumi-nodejs:dynamic/castai:NodeTemplate` → `NodeTemplate`; a Helm release → `Helm release`. */
export function kindOf(type: string): string {
    if (isCastAiDynamic(type)) {
        return type.slice(CASTAI_DYNAMIC_PREFIX.length);
    }
    if (type === HELM_RELEASE) {
        return "Helm release";
    }
    return type;
}

function normalizeRepo(repo: string): string {
    return repo.trim().replace(/\/+$/, "").toLowerCase();
}

/**
 * The chart's name without a repo alias or path (`castai-helm/castai-agent` → `castai-agent`); `undefined` when the
 * chart is unset or not known yet.
 */
export function chartName(props: unknown): string | undefined {
    const chart = readString(props, "chart");
    if (typeof chart !== "string") {
        return undefined;
    }
    const last = chart.trim().split("/").pop() ?? "";
    return last === "" ? undefined : last;
}

/**
 * A CAST AI release: a `kubernetes:helm.sh/v3:Release` whose repo is the CAST AI repo or whose chart name starts
 * with `castai-` or `castware-`.
 */
export function isCastAiRelease(type: string, props: unknown): boolean {
    if (type !== HELM_RELEASE) {
        return false;
    }
    const repo = readString(props, "repositoryOpts", "repo");
    if (typeof repo === "string" && normalizeRepo(repo) === normalizeRepo(CASTAI_HELM_REPO)) {
        return true;
    }
    const chart = chartName(props);
    return chart !== undefined && (chart.startsWith("castai-") || chart.startsWith("castware-"));
}

/** The resource's display name: its `name` prop when it is a known string, else the Pulumi resource name. */
export function displayName(props: unknown, fallback: string): string {
    const n = readString(props, "name");
    return typeof n === "string" && n !== "" ? n : fallback;
}

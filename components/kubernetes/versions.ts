/** The Helm repository every CAST AI chart is published to, the default `chartRepository` (reference/castai-install.md §2). */
export const CHART_REPOSITORY = "https://castai.github.io/helm-charts";

/**
 * The namespace every CAST AI component runs in. The operator chart hard-codes it in its RBAC subjects and webhook
 * configuration (reference/castai-install.md §3, §5.4), so it is not configurable.
 */
export const CASTAI_NAMESPACE = "castai-agent";

/**
 * Known-compatible chart versions, pinned per package release.
 *
 * Sources (reference/castai-install.md §2, snapshot 2026-08-21):
 * - `castware-operator` 0.10.1 and `castware-components` 0.4.0: newest stable versions in the Helm repo index
 *   (castai/helm-charts gh-pages `index.yaml` generated 2026-08-21T14:43:53Z, `data/charts/helm-index-summary.json`);
 *   the operator's values and CRDs kept in `data/charts/` are from exactly these versions.
 * - every component chart: the "known compatible set" the umbrella chart's `autoscaler` sub-chart pins
 *   (castai/helm-charts@daa46281 `charts/castai-umbrella/charts/autoscaler/Chart.yaml`, 2026-08-21). These equal the
 *   newest stable index entries except `castai-kvisor`, where the umbrella pins 1.164.7 and the index already has
 *   1.164.8; we take the version CAST AI ships and tests together.
 */
export const DEFAULT_CHART_VERSIONS = {
    "castware-operator": "0.10.1",
    "castware-components": "0.4.0",
    "castai-agent": "0.161.1",
    "castai-spot-handler": "0.35.5",
    "castai-cluster-controller": "0.92.14",
    "castai-evictor": "0.35.143",
    "castai-pod-pinner": "1.13.0",
    "castai-pod-mutator": "0.17.6",
    "castai-kvisor": "1.164.7",
} as const;

/** A chart this package installs or pins for the operator. */
export type ChartName = keyof typeof DEFAULT_CHART_VERSIONS;

/** One exact version per chart: the defaults merged with the caller's overrides. */
export type ChartVersions = { readonly [C in ChartName]: string };

/** Every chart name of the table, in table order. */
export const CHART_NAMES = Object.keys(DEFAULT_CHART_VERSIONS) as ChartName[];

/**
 * The components the Castware Operator manages, each with the chart its Component CR's `version` refers to (the
 * operator's webhook checks that version against the chart repo; reference/castai-install.md §5.5, §5.6). The Component
 * CR versions are therefore the same entries of the one version table, never a second copy.
 */
export const OPERATOR_COMPONENT_CHARTS = {
    "castai-agent": "castai-agent",
    "spot-handler": "castai-spot-handler",
    "cluster-controller": "castai-cluster-controller",
} as const satisfies Record<string, ChartName>;

/** A component name the operator understands (`Component.spec.component`). */
export type OperatorComponent = keyof typeof OPERATOR_COMPONENT_CHARTS;

/** The pinned Component CR version of an operator-managed component. */
export function componentVersion(versions: ChartVersions, component: OperatorComponent): string {
    return versions[OPERATOR_COMPONENT_CHARTS[component]];
}

/**
 * The oldest operator chart that supports an IaC install (`defaultCluster.terraform`, components from
 * `castware-components`): "Starting from version 0.0.26, the Cast AI Operator can be onboarded and managed via
 * Terraform" (seed 004; reference/castai-install.md §5.12).
 */
export const MIN_OPERATOR_VERSION = "0.0.26";

/** The oldest operator chart that can install `cluster-controller` (phase 2; reference/castai-install.md §5.8). */
export const MIN_OPERATOR_VERSION_PHASE2 = "0.3.0";

// Semantic Versioning 2.0.0, as Helm chart versions use it: no leading "v", no ranges, no wildcards.
const EXACT_VERSION =
    /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$/;

/**
 * True when `v` pins one chart version (`x.y.z[-pre][+build]`). Ranges, `latest`, a leading `v` and the empty string
 * are refused: Helm would resolve them to whatever is newest at install time, which is the drift this table prevents.
 */
export function isExactVersion(v: unknown): v is string {
    return typeof v === "string" && EXACT_VERSION.test(v);
}

/**
 * Compares two exact versions by precedence of `major.minor.patch`; a pre-release sorts before its release
 * (build metadata is ignored, as SemVer says). Returns a negative number, zero or a positive number.
 */
export function compareVersions(a: string, b: string): number {
    const pa = EXACT_VERSION.exec(a);
    const pb = EXACT_VERSION.exec(b);
    if (!pa || !pb) {
        throw new Error(`cannot compare "${a}" with "${b}": both must be exact x.y.z versions`);
    }
    for (let i = 1; i <= 3; i++) {
        const d = Number(pa[i]) - Number(pb[i]);
        if (d !== 0) {
            return d;
        }
    }
    // Only "has a pre-release" matters for the minimums checked here; full pre-release ordering is not needed.
    return (pa[4] === undefined ? 1 : 0) - (pb[4] === undefined ? 1 : 0);
}

/**
 * The version table for one install: the defaults with `overrides` laid over them. Unknown chart names in
 * `overrides` are kept so that validation can name them instead of silently dropping a typo.
 */
export function resolveChartVersions(overrides?: Readonly<Partial<Record<ChartName, string>>>): ChartVersions {
    return { ...DEFAULT_CHART_VERSIONS, ...overrides };
}

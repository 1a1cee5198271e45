import { isObject, isUnknown, read, readBool, readEntries, readString } from "./lib/access";
import { DEFAULT_PRODUCTION_ENVIRONMENTS } from "./lib/config";
import { CastAiPolicy, CheckContext, envScopedPolicy, Subject } from "./lib/policy";
import { chartName, CHART_COMPONENTS, CHART_OPERATOR, HELM_RELEASE, isCastAiRelease } from "./lib/types";
import { isPrerelease, versionProblem } from "./lib/versions";

const REMEDIATION_VERSION =
    "Give every enabled Component CR an exact version: in the `castware-components` release set " +
    "`components.<name>.version` (x.y.z, the component chart's version; CastAiCluster fills it from its version " +
    "table unless a `chartVersions.<chart>` override in stacks/Pulumi.<stack>.yaml says otherwise), and set an entry you " +
    "do not want to `enabled: false`.";
const REMEDIATION_MODE =
    "Keep the operator from upgrading components on its own: set `defaultCluster.migrationMode` of the " +
    "`castware-operator` release to `write` (the CastAiCluster `migrationMode` default) instead of `autoUpgrade`; " +
    "upgrades then happen by raising the pinned versions in code.";
const REMEDIATION_DEFAULTS =
    "Set `defaultComponents.enabled: false` on the `castware-operator` release (the IaC install creates the " +
    "Component CRs through the `castware-components` release, with pinned versions).";

/**
 * Component entries of the chart defaults (castware-components 0.4.0 `components`, castware-operator 0.10.1
 * `defaultComponents.components`; castai-install.md §5.2, §5.10): both enabled, neither with a version.
 */
const CHART_DEFAULT_COMPONENTS = ["castai-agent", "spot-handler"];

interface Entry {
    enabled: unknown;
    version: unknown;
    fromChartDefaults: boolean;
}

/**
 * The component map Helm renders: the chart defaults with the user's map merged over them (Helm merges maps
 * key by key; a `null` removes a default entry). `undefined` entries are skipped by the caller; `UNKNOWN` marks
 * a map not known yet.
 */
function effectiveComponents(values: unknown, ...path: string[]): Map<string, Entry> | undefined {
    const user = readEntries(values, ...path);
    if (isUnknown(user)) {
        return undefined;
    }
    const out = new Map<string, Entry>();
    for (const key of CHART_DEFAULT_COMPONENTS) {
        out.set(key, { enabled: true, version: undefined, fromChartDefaults: true });
    }
    for (const [key, entry] of user ?? []) {
        if (entry === null) {
            out.delete(key);
            continue;
        }
        if (isUnknown(entry)) {
            out.set(key, { enabled: entry, version: entry, fromChartDefaults: false });
            continue;
        }
        if (!isObject(entry)) {
            continue;
        }
        const base = out.get(key);
        const enabled = read(entry, "enabled");
        out.set(key, {
            enabled: enabled === undefined ? base?.enabled : readBool(entry, "enabled"),
            version: read(entry, "version"),
            fromChartDefaults: false,
        });
    }
    return out;
}

function checkEntries(
    entries: Map<string, Entry>,
    where: string,
    remediation: string,
    ctx: CheckContext<unknown>,
): void {
    for (const [key, entry] of entries) {
        if (entry.enabled === false || isUnknown(entry.enabled) || isUnknown(entry.version)) {
            continue;
        }
        const origin = entry.fromChartDefaults ? " (an entry of the chart's defaults, rendered unless removed)" : "";
        const problem = versionProblem(entry.version);
        if (problem !== undefined) {
            ctx.report(
                `Component "${key}" of ${where}${origin}: ${problem.replace(/Helm installs/, "the operator installs")}. ` +
                    `To fix: ${remediation}`,
            );
        } else if (isPrerelease(entry.version as string)) {
            ctx.report(
                `Component "${key}" of ${where}: version "${String(entry.version)}" is a pre-release, which ` +
                    `production must not run. To fix: ${remediation}`,
            );
        }
    }
}

function checkComponentsRelease(subject: Subject, ctx: CheckContext<unknown>): void {
    const values = read(subject.props, "values");
    if (isUnknown(values)) {
        return;
    }
    const entries = effectiveComponents(values, "components");
    if (entries !== undefined) {
        checkEntries(entries, "`components`", REMEDIATION_VERSION, ctx);
    }
}

function checkOperatorRelease(subject: Subject, ctx: CheckContext<unknown>): void {
    const values = read(subject.props, "values");
    if (isUnknown(values)) {
        return;
    }
    const mode = readString(values, "defaultCluster", "migrationMode");
    if (mode === "autoUpgrade") {
        ctx.report(
            '`defaultCluster.migrationMode` is "autoUpgrade": the operator moves every component to the newest ' +
                `version by itself. To fix: ${REMEDIATION_MODE}`,
        );
    }
    // The chart default of defaultComponents.enabled is true: the post-install hook then creates Component CRs,
    // and the operator's webhook fills an empty version with the latest one (castai-install.md §5.6, §5.7).
    const defaultsEnabled = readBool(values, "defaultComponents", "enabled");
    if (defaultsEnabled === false || isUnknown(defaultsEnabled)) {
        return;
    }
    const entries = effectiveComponents(values, "defaultComponents", "components");
    if (entries !== undefined) {
        checkEntries(
            entries,
            "`defaultComponents.components` (defaultComponents.enabled is not false)",
            REMEDIATION_DEFAULTS,
            ctx,
        );
    }
}

/** In production, operator-managed components run pinned versions and the operator does not auto-upgrade them. */
export const castaiProdPinnedComponents: CastAiPolicy = envScopedPolicy({
    name: "castai-prod-pinned-components",
    description:
        "In production, every Castware Operator Component CR must pin an exact version and the operator's migrationMode must not be autoUpgrade.",
    enforcementLevel: "mandatory",
    severity: "high",
    remediationSteps: `${REMEDIATION_VERSION} ${REMEDIATION_MODE} ${REMEDIATION_DEFAULTS}`,
    configProperties: {},
    defaults: { productionEnvironments: [...DEFAULT_PRODUCTION_ENVIRONMENTS] },
    types: [HELM_RELEASE],
    select: (s) => {
        const chart = chartName(s.props);
        return isCastAiRelease(s.type, s.props) && (chart === CHART_COMPONENTS || chart === CHART_OPERATOR);
    },
    scope: "production",
    check: (subject, ctx) => {
        if (chartName(subject.props) === CHART_COMPONENTS) {
            checkComponentsRelease(subject, ctx);
        } else {
            checkOperatorRelease(subject, ctx);
        }
    },
});

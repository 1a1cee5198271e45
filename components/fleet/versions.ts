// Versions: what each environment pins against this package's table of known-compatible versions. Environments
// upgraded on their own drift apart; a version behind the table misses fixes, one ahead runs an untested set.
import { ChartName, DEFAULT_CHART_VERSIONS, OPERATOR_COMPONENT_CHARTS, OperatorComponent, compareVersions, isExactVersion } from "../kubernetes/versions";
import type { ClusterStatus } from "./status";

export type VersionVerdict = "current" | "behind" | "ahead" | "unknown";

export interface PinnedVersion {
    readonly stack: string;
    readonly environment: string;
    readonly cluster: string;
    /** The release or component name as the stack reports it (`castai-evictor`, `component/castai-agent`). */
    readonly name: string;
    readonly chart: string;
    readonly pinned: string;
    /** The package's table entry for the chart; undefined for a chart the table does not know. */
    readonly expected?: string;
    readonly verdict: VersionVerdict;
}

/** Every pinned version of every cluster, judged against the table. */
export function pinnedVersions(clusters: readonly ClusterStatus[]): PinnedVersion[] {
    return clusters.flatMap((c) =>
        Object.entries(c.versions).map(([name, pinned]) => {
            const chart = chartOf(name);
            const expected = (DEFAULT_CHART_VERSIONS as Record<string, string>)[chart];
            return { stack: c.stack, environment: c.environment, cluster: c.cluster, name, chart, pinned, expected, verdict: verdict(pinned, expected) };
        }),
    );
}

/** The stacks with any version off the table, each with what is off. */
export function offTable(pins: readonly PinnedVersion[]): { stack: string; verdict: "behind" | "ahead" | "mixed"; pins: PinnedVersion[] }[] {
    const byStack = new Map<string, PinnedVersion[]>();
    for (const p of pins.filter((p) => p.verdict === "behind" || p.verdict === "ahead" || p.verdict === "unknown")) {
        byStack.set(p.stack, [...(byStack.get(p.stack) ?? []), p]);
    }
    return [...byStack].map(([stack, list]) => {
        const kinds = new Set(list.map((p) => p.verdict));
        return { stack, verdict: kinds.size === 1 && !kinds.has("unknown") ? (list[0].verdict as "behind" | "ahead") : "mixed", pins: list };
    });
}

/** `component/castai-agent` → `castai-agent`; a release name is its chart's name. */
function chartOf(name: string): string {
    const component = name.startsWith("component/") ? (name.slice("component/".length) as OperatorComponent) : undefined;
    return component ? (OPERATOR_COMPONENT_CHARTS[component] ?? component) : (name as ChartName);
}

function verdict(pinned: string, expected: string | undefined): VersionVerdict {
    if (expected === undefined || !isExactVersion(pinned)) {
        return "unknown";
    }
    const d = compareVersions(pinned, expected);
    return d === 0 ? "current" : d < 0 ? "behind" : "ahead";
}

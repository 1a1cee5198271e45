import { isUnknown, read, readBool, readNumber } from "./lib/access";
import { DEFAULT_PRODUCTION_ENVIRONMENTS } from "./lib/config";
import { CastAiPolicy, envScopedPolicy } from "./lib/policy";
import { AUTOSCALER_POLICY } from "./lib/types";

const defaults = {
    productionEnvironments: [...DEFAULT_PRODUCTION_ENVIRONMENTS],
    minCpuPercentage: 15,
    minMemoryPercentage: 15,
};

function remediation(cpu: number, mem: number): string {
    return (
        `set \`policies.unschedulablePods\` to \`{ enabled: true, headroom: { enabled: true, cpuPercentage: >= ${cpu}, ` +
        `memoryPercentage: >= ${mem} } }\`: keep the prod profile's headroom (15%) or raise the CastAiCluster ` +
        "`profile.headroomPercent` override of this cluster in stacks/Pulumi.<stack>.yaml."
    );
}

/** Production keeps spare capacity for unschedulable pods: headroom of at least 15% CPU and memory. */
export const castaiProdMinHeadroom: CastAiPolicy = envScopedPolicy({
    name: "castai-prod-min-headroom",
    description:
        "In production, the autoscaler policy must keep unschedulable-pods headroom of at least the configured CPU and memory percentages (15% by default).",
    enforcementLevel: "mandatory",
    severity: "medium",
    remediationSteps: remediation(defaults.minCpuPercentage, defaults.minMemoryPercentage),
    configProperties: {
        minCpuPercentage: {
            type: "integer",
            minimum: 0,
            maximum: 100,
            default: defaults.minCpuPercentage,
            description: "Smallest allowed headroom.cpuPercentage in production.",
        },
        minMemoryPercentage: {
            type: "integer",
            minimum: 0,
            maximum: 100,
            default: defaults.minMemoryPercentage,
            description: "Smallest allowed headroom.memoryPercentage in production.",
        },
    },
    defaults,
    types: [AUTOSCALER_POLICY],
    scope: "production",
    check: (subject, ctx) => {
        const { minCpuPercentage: minCpu, minMemoryPercentage: minMem } = ctx.config;
        const fix = `To fix: ${remediation(minCpu, minMem)}`;
        const base = ["policies", "unschedulablePods"];
        const unschedulable = readBool(subject.props, ...base, "enabled");
        const headroom = read(subject.props, ...base, "headroom");
        const enabled = readBool(subject.props, ...base, "headroom", "enabled");
        if (isUnknown(unschedulable) || isUnknown(headroom) || isUnknown(enabled)) {
            return;
        }
        if (unschedulable === false) {
            ctx.report(
                `\`policies.unschedulablePods.enabled\` is false, so there is no headroom (counts as 0%, below ` +
                    `${minCpu}% CPU / ${minMem}% memory). ${fix}`,
            );
            return;
        }
        if (headroom === undefined || headroom === null) {
            ctx.report(
                "`policies.unschedulablePods.headroom` is not set, so CAST AI keeps whatever headroom the cluster " +
                    `has (10% by default), below ${minCpu}% CPU / ${minMem}% memory. ${fix}`,
            );
            return;
        }
        if (enabled === false) {
            ctx.report(
                `headroom is disabled (\`headroom.enabled: false\` counts as 0%, below ${minCpu}% CPU / ` +
                    `${minMem}% memory). ${fix}`,
            );
            return;
        }
        const problems: string[] = [];
        if (enabled === undefined) {
            problems.push("`headroom.enabled` is not set to true (CAST AI keeps its current setting)");
        }
        for (const [field, min] of [
            ["cpuPercentage", minCpu],
            ["memoryPercentage", minMem],
        ] as const) {
            const v = readNumber(subject.props, ...base, "headroom", field);
            if (isUnknown(v)) {
                continue;
            }
            if (v === undefined) {
                problems.push(`\`headroom.${field}\` is not set (must be at least ${min})`);
            } else if (v < min) {
                problems.push(`\`headroom.${field}\` is ${v}, below the minimum of ${min}`);
            }
        }
        if (problems.length > 0) {
            ctx.report(`${problems.join("; ")}. ${fix}`);
        }
    },
});

import { isUnknown, read, readBool, readNumber } from "./lib/access";
import { DEFAULT_PRODUCTION_ENVIRONMENTS, isProduction, normalizeEnvironment } from "./lib/config";
import { CastAiPolicy, envScopedPolicy } from "./lib/policy";
import { AUTOSCALER_POLICY } from "./lib/types";

/** Max CPU per environment (seed 000: dev 16, staging 50, prod 200). */
const DEFAULT_CAPS: Record<string, number> = { dev: 16, staging: 50, prod: 200 };

const defaults = {
    productionEnvironments: [...DEFAULT_PRODUCTION_ENVIRONMENTS],
    maxCoresByEnvironment: { ...DEFAULT_CAPS },
};

/**
 * The cap of `env` (the configured map laid over the defaults): its own entry (names compared case-insensitively); a production environment without one takes
 * the `prod` (else `production`) entry; anything else has no cap.
 */
export function capFor(env: string, config: typeof defaults): number | undefined {
    const caps = new Map<string, number>();
    // The user's entries are laid over the defaults, so configuring one environment keeps the others' caps.
    for (const [k, v] of Object.entries({ ...DEFAULT_CAPS, ...(config.maxCoresByEnvironment ?? {}) })) {
        if (typeof v === "number" && Number.isFinite(v)) {
            caps.set(normalizeEnvironment(k), v);
        }
    }
    const own = caps.get(normalizeEnvironment(env));
    if (own !== undefined) {
        return own;
    }
    return isProduction(env, config) ? (caps.get("prod") ?? caps.get("production")) : undefined;
}

function remediation(cap: number | undefined): string {
    const limit = cap === undefined ? "the environment's cap" : `at most ${cap}`;
    return (
        `set \`policies.clusterLimits\` to \`{ enabled: true, cpu: { maxCores: ${limit} } }\`: keep the ` +
        "environment profile's max CPU (dev 16, staging 50, prod 200) or lower the CastAiCluster `profile.maxCpuCores` " +
        "override of this cluster in stacks/Pulumi.<stack>.yaml."
    );
}

/** Every cluster has a CPU ceiling, and it is within its environment's cap. */
export const castaiClusterCpuLimits: CastAiPolicy = envScopedPolicy({
    name: "castai-cluster-cpu-limits",
    description:
        "Every autoscaler policy must enable cluster CPU limits with maxCores no higher than its environment's cap (dev 16, staging 50, prod 200 by default).",
    enforcementLevel: "mandatory",
    severity: "high",
    remediationSteps: remediation(undefined),
    configProperties: {
        maxCoresByEnvironment: {
            type: "object",
            additionalProperties: { type: "number", minimum: 0 },
            default: { ...DEFAULT_CAPS },
            description:
                "Largest allowed clusterLimits.cpu.maxCores per environment name; a production environment " +
                "without an entry uses the `prod` entry; other environments without an entry have no cap " +
                "(limits must still be enabled). Entries are laid over the defaults.",
        },
    },
    defaults,
    types: [AUTOSCALER_POLICY],
    scope: "all",
    check: (subject, ctx) => {
        const cap = capFor(ctx.env, ctx.config);
        const fix = `To fix: ${remediation(cap)}`;
        const base = ["policies", "clusterLimits"];
        const limits = read(subject.props, ...base);
        const enabled = readBool(subject.props, ...base, "enabled");
        const maxCores = readNumber(subject.props, ...base, "cpu", "maxCores");
        if (isUnknown(limits) || isUnknown(enabled) || isUnknown(maxCores)) {
            return;
        }
        if (limits === undefined || limits === null) {
            ctx.report(
                "`policies.clusterLimits` is not set, so the cluster has whatever CPU limit CAST AI holds " +
                    `(disabled by default) and can grow without bound. ${fix}`,
            );
            return;
        }
        const problems: string[] = [];
        if (enabled === false) {
            problems.push("`clusterLimits.enabled` is false, so the cluster can grow without bound");
        } else if (enabled === undefined) {
            problems.push("`clusterLimits.enabled` is not set to true (CAST AI keeps its current setting)");
        }
        if (maxCores === undefined) {
            problems.push("`clusterLimits.cpu.maxCores` is not set");
        } else if (cap !== undefined && maxCores > cap) {
            problems.push(`\`clusterLimits.cpu.maxCores\` is ${maxCores}, above the cap of ${cap} for "${ctx.env}"`);
        }
        if (problems.length > 0) {
            ctx.report(`${problems.join("; ")}. ${fix}`);
        }
    },
});

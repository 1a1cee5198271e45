import { describeValue, isUnknown, read, readArray, readBool } from "./lib/access";
import { DEFAULT_PRODUCTION_ENVIRONMENTS } from "./lib/config";
import { CastAiPolicy, envScopedPolicy } from "./lib/policy";
import { AUTOSCALER_POLICY, chartName, CHART_EVICTOR, EVICTOR_CONFIG, HELM_RELEASE, isCastAiRelease } from "./lib/types";

const REMEDIATION =
    "Production evicts conservatively (seed 000: evictor_aggressive = false in prod): set the CastAiCluster " +
    "`profile.evictorAggressive` setting to false, i.e. remove an `evictorAggressive: true` override of this cluster from " +
    "stacks/Pulumi.<stack>.yaml (the prod profile is conservative).";

function selector(entry: unknown): string {
    const pod = read(entry, "podSelector");
    const node = read(entry, "nodeSelector");
    const parts: string[] = [];
    if (pod !== undefined && !isUnknown(pod)) {
        parts.push(`podSelector ${describeValue(pod)}`);
    }
    if (node !== undefined && !isUnknown(node)) {
        parts.push(`nodeSelector ${describeValue(node)}`);
    }
    return parts.length > 0 ? ` (${parts.join(", ")})` : " (no selector: every pod)";
}

/** Evictor aggressive mode stays off in production, wherever it can be switched on. */
export const castaiProdConservativeEviction: CastAiPolicy = envScopedPolicy({
    name: "castai-prod-conservative-eviction",
    description:
        "In production, the CAST AI Evictor must not run in aggressive mode (autoscaler policy, EvictorConfig rules or evictor chart values).",
    enforcementLevel: "mandatory",
    severity: "high",
    remediationSteps: REMEDIATION,
    configProperties: {},
    defaults: { productionEnvironments: [...DEFAULT_PRODUCTION_ENVIRONMENTS] },
    types: [AUTOSCALER_POLICY, EVICTOR_CONFIG, HELM_RELEASE],
    select: (s) => s.type !== HELM_RELEASE || (isCastAiRelease(s.type, s.props) && chartName(s.props) === CHART_EVICTOR),
    scope: "production",
    check: (subject, ctx) => {
        if (subject.type === AUTOSCALER_POLICY) {
            if (readBool(subject.props, "policies", "nodeDownscaler", "evictor", "aggressiveMode") === true) {
                ctx.report(
                    "`policies.nodeDownscaler.evictor.aggressiveMode` is true: the Evictor also drains nodes " +
                        `running single-replica workloads. To fix: set it to false. ${REMEDIATION}`,
                );
            }
        } else if (subject.type === EVICTOR_CONFIG) {
            const rules = readArray(subject.props, "evictionConfig");
            if (isUnknown(rules) || rules === undefined) {
                return;
            }
            rules.forEach((rule, i) => {
                if (readBool(rule, "settings", "aggressive", "enabled") === true) {
                    ctx.report(
                        `\`evictionConfig[${i}].settings.aggressive.enabled\` is true${selector(rule)}: matching ` +
                            "pods are evicted aggressively. To fix: remove that rule or set " +
                            `\`settings.aggressive.enabled\` to false. ${REMEDIATION}`,
                    );
                }
            });
        } else if (readBool(subject.props, "values", "aggressiveMode") === true) {
            ctx.report(
                "the castai-evictor chart value `aggressiveMode` is true: the Evictor also drains nodes running " +
                    `single-replica workloads. To fix: set \`aggressiveMode: false\` in the release values. ${REMEDIATION}`,
            );
        }
    },
});

import { readBool } from "./lib/access";
import { DEFAULT_PRODUCTION_ENVIRONMENTS } from "./lib/config";
import { CastAiPolicy, envScopedPolicy } from "./lib/policy";
import { AUTOSCALER_POLICY, chartName, CHART_EVICTOR, HELM_RELEASE, isCastAiRelease } from "./lib/types";

const REMEDIATION =
    "Let the Evictor honour PodDisruptionBudgets in production: set `ignorePodDisruptionBudgets` to false (or leave " +
    "it unset) in the autoscaler policy's `nodeDownscaler.evictor` and in the castai-evictor release values, i.e. " +
    "remove that override from the CastAiCluster evictor args / stacks/Pulumi.<stack>.yaml.";

/** The Evictor must not evict past PodDisruptionBudgets in production (user-pain.md §17: warn on PDB-ignoring). */
export const castaiProdRespectPdbs: CastAiPolicy = envScopedPolicy({
    name: "castai-prod-respect-pdbs",
    description: "In production, the CAST AI Evictor must respect PodDisruptionBudgets.",
    enforcementLevel: "mandatory",
    severity: "high",
    remediationSteps: REMEDIATION,
    configProperties: {},
    defaults: { productionEnvironments: [...DEFAULT_PRODUCTION_ENVIRONMENTS] },
    types: [AUTOSCALER_POLICY, HELM_RELEASE],
    select: (s) => s.type !== HELM_RELEASE || (isCastAiRelease(s.type, s.props) && chartName(s.props) === CHART_EVICTOR),
    scope: "production",
    check: (subject, ctx) => {
        const path =
            subject.type === AUTOSCALER_POLICY
                ? ["policies", "nodeDownscaler", "evictor", "ignorePodDisruptionBudgets"]
                : ["values", "ignorePodDisruptionBudgets"];
        if (readBool(subject.props, ...path) === true) {
            const where =
                subject.type === AUTOSCALER_POLICY
                    ? "`policies.nodeDownscaler.evictor.ignorePodDisruptionBudgets`"
                    : "the castai-evictor chart value `ignorePodDisruptionBudgets`";
            ctx.report(
                `${where} is true: the Evictor may evict pods even when that breaks their PodDisruptionBudget. ` +
                    `To fix: ${REMEDIATION}`,
            );
        }
    },
});

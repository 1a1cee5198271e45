import { readBool } from "./lib/access";
import { DEFAULT_PRODUCTION_ENVIRONMENTS } from "./lib/config";
import { CastAiPolicy, envScopedPolicy } from "./lib/policy";
import { HIBERNATION_SCHEDULE } from "./lib/types";

const REMEDIATION =
    "Production clusters are never hibernated (seed 000: hibernation_enabled = false in prod). Set the CastAiCluster " +
    "`profile.hibernation` arg to false (or leave it unset: the prod profile has no hibernation), i.e. remove the " +
    "`profile.hibernation` override of this cluster from stacks/Pulumi.<stack>.yaml; a schedule you must keep for later " +
    "can stay with `enabled: false`.";

/** Production clusters must not carry an enabled hibernation schedule. */
export const castaiProdNoHibernation: CastAiPolicy = envScopedPolicy({
    name: "castai-prod-no-hibernation",
    description: "Production CAST AI clusters must not have an enabled hibernation schedule.",
    enforcementLevel: "mandatory",
    severity: "critical",
    remediationSteps: REMEDIATION,
    configProperties: {},
    defaults: { productionEnvironments: [...DEFAULT_PRODUCTION_ENVIRONMENTS] },
    types: [HIBERNATION_SCHEDULE],
    scope: "production",
    check: (subject, ctx) => {
        // `enabled` is required by the resource; only an explicit false makes the schedule harmless.
        const enabled = readBool(subject.props, "enabled");
        if (enabled === true || enabled === undefined) {
            ctx.report(
                "hibernation is enabled in production (the schedule pauses the whole cluster at its pauseCron). " +
                    `To fix: ${REMEDIATION}`,
            );
        }
    },
});

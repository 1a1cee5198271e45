import { readBool } from "./lib/access";
import { DEFAULT_PRODUCTION_ENVIRONMENTS } from "./lib/config";
import { CastAiPolicy, envScopedPolicy } from "./lib/policy";
import { EXTERNAL_CLUSTER } from "./lib/types";

const REMEDIATION =
    "Set `deleteNodesOnDisconnect` to false (or leave it unset) on the ExternalCluster: remove the CastAiCluster " +
    "`deleteNodesOnDisconnect` override of this cluster from stacks/Pulumi.<stack>.yaml. Disconnecting a production " +
    "cluster must leave its workloads running.";

/** Disconnecting (or destroying the stack of) a production cluster must not delete its nodes. */
export const castaiProdNoDeleteNodesOnDisconnect: CastAiPolicy = envScopedPolicy({
    name: "castai-prod-no-delete-nodes-on-disconnect",
    description: "Production clusters must not delete their CAST AI-created nodes when they are disconnected from CAST AI.",
    enforcementLevel: "mandatory",
    severity: "critical",
    remediationSteps: REMEDIATION,
    configProperties: {},
    defaults: { productionEnvironments: [...DEFAULT_PRODUCTION_ENVIRONMENTS] },
    types: [EXTERNAL_CLUSTER],
    scope: "production",
    check: (subject, ctx) => {
        if (readBool(subject.props, "deleteNodesOnDisconnect") === true) {
            ctx.report(
                "`deleteNodesOnDisconnect` is true: removing this resource (or `pulumi destroy`) would delete every " +
                    `node CAST AI created in the cluster, and the workloads on them. To fix: ${REMEDIATION}`,
            );
        }
    },
});

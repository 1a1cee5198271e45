import { isUnknown, read, readBool, readNumber } from "./lib/access";
import { DEFAULT_PRODUCTION_ENVIRONMENTS } from "./lib/config";
import { CastAiPolicy, envScopedPolicy } from "./lib/policy";
import { AUTOSCALER_POLICY } from "./lib/types";

const defaults = {
    productionEnvironments: [...DEFAULT_PRODUCTION_ENVIRONMENTS],
    minDelaySeconds: 300,
};

function remediation(min: number): string {
    return (
        `set \`policies.nodeDownscaler.emptyNodes\` to \`{ enabled: true, delaySeconds: >= ${min} }\` (or ` +
        "`enabled: false`): keep the prod profile's empty-node delay (300 s) or raise the CastAiCluster " +
        "`profile.emptyNodeDelaySeconds` override of this cluster in stacks/Pulumi.<stack>.yaml."
    );
}

/** Production waits before removing empty nodes, so a short dip in load does not churn nodes. */
export const castaiProdEmptyNodeDelay: CastAiPolicy = envScopedPolicy({
    name: "castai-prod-empty-node-delay",
    description:
        "In production, the autoscaler must wait at least the configured number of seconds (300 by default) before removing an empty node.",
    enforcementLevel: "mandatory",
    severity: "medium",
    remediationSteps: remediation(defaults.minDelaySeconds),
    configProperties: {
        minDelaySeconds: {
            type: "integer",
            minimum: 0,
            default: defaults.minDelaySeconds,
            description: "Smallest allowed nodeDownscaler.emptyNodes.delaySeconds in production.",
        },
    },
    defaults,
    types: [AUTOSCALER_POLICY],
    scope: "production",
    check: (subject, ctx) => {
        const min = ctx.config.minDelaySeconds;
        const fix = `To fix: ${remediation(min)}`;
        const base = ["policies", "nodeDownscaler"];
        const downscaler = readBool(subject.props, ...base, "enabled");
        const emptyNodes = read(subject.props, ...base, "emptyNodes");
        const enabled = readBool(subject.props, ...base, "emptyNodes", "enabled");
        if (isUnknown(downscaler) || isUnknown(emptyNodes) || isUnknown(enabled)) {
            return;
        }
        if (downscaler === false || enabled === false) {
            return; // empty nodes are not removed at all
        }
        if (emptyNodes === undefined || emptyNodes === null) {
            ctx.report(
                "`policies.nodeDownscaler.emptyNodes` is not set, so CAST AI keeps whatever delay the cluster has " +
                    `(0 s by default) and it is not guaranteed to be at least ${min} s. ${fix}`,
            );
            return;
        }
        const delay = readNumber(subject.props, ...base, "emptyNodes", "delaySeconds");
        if (isUnknown(delay)) {
            return;
        }
        if (delay === undefined) {
            ctx.report(`\`emptyNodes.delaySeconds\` is not set (must be at least ${min}). ${fix}`);
        } else if (delay < min) {
            ctx.report(`\`emptyNodes.delaySeconds\` is ${delay}, below the minimum of ${min} s. ${fix}`);
        }
    },
});

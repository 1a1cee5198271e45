import { ReportViolation, StackValidationArgs } from "@pulumi/policy";
import { readConfig } from "./lib/config";
import { resolveStackEnvironment } from "./lib/environment";
import { CastAiPolicy, skipUnknown } from "./lib/policy";
import { isCastAiDynamic, isCastAiRelease } from "./lib/types";

const REMEDIATION =
    "Keep one environment per stack, each with its own state and its own CAST AI API key (seed 000: separate state " +
    "and secrets per environment): move the clusters of each other environment to that environment's stack " +
    "(the `clusters` list in stacks/Pulumi.<environment>.yaml, with its own secret `castai:apiToken`), and drop " +
    "per-cluster `environment` values that differ from the stack's.";

const defaults = { allowUnresolved: false };

/** `urn:pulumi:prod::castai-fleet::...::name` → `name` */
function urnName(urn: string): string {
    const i = urn.lastIndexOf("::");
    return i < 0 ? urn : urn.slice(i + 2);
}

/** All CAST AI resources of a stack belong to one environment, and that environment can be resolved. */
export const castaiOneEnvironmentPerStack: CastAiPolicy = {
    name: "castai-one-environment-per-stack",
    description: "All CAST AI resources of a stack must belong to one environment, and that environment must be resolvable.",
    enforcementLevel: "mandatory",
    severity: "high",
    remediationSteps: REMEDIATION,
    configSchema: {
        properties: {
            allowUnresolved: {
                type: "boolean",
                default: defaults.allowUnresolved,
                description:
                    "Accept a stack whose environment cannot be resolved (no CAST AI resource sets `environment` " +
                    "and the engine gave no stack name); environment-scoped policies then do not run.",
            },
        },
    },
    validateStack: (args: StackValidationArgs, report: ReportViolation) => {
        const config = readConfig(args, defaults);
        const stack = resolveStackEnvironment(args.resources);
        if (stack.carriers.size > 1) {
            const list = [...stack.carriers.values()]
                .map((c) => `"${c.env}" (${c.urns.map(urnName).join(", ")})`)
                .join("; ");
            report(
                `CAST AI resources of this stack belong to ${stack.carriers.size} environments: ${list}. ` +
                    `To fix: ${REMEDIATION}`,
            );
            return;
        }
        if (stack.source !== "none" || config.allowUnresolved) {
            return;
        }
        let hasCastAi = false;
        for (const r of args.resources) {
            skipUnknown(() => {
                hasCastAi = hasCastAi || isCastAiDynamic(r.type) || isCastAiRelease(r.type, r.props);
            });
        }
        if (hasCastAi) {
            report(
                "the environment of this stack's CAST AI resources cannot be resolved: none sets `environment` and " +
                    "the policy pack got no stack name (PULUMI_NODEJS_STACK), so no environment rule can run. " +
                    "To fix: set the CastAiCluster `environment` arg (it is passed to every CAST AI resource), or " +
                    "run the pack through `pulumi preview|up --policy-pack`, which names the stack.",
            );
        }
    },
};

import { ReportViolation, ResourceValidationArgs } from "@pulumi/policy";
import { DEFAULT_PRODUCTION_ENVIRONMENTS, isProduction, readConfig, schemaWithProduction } from "./lib/config";
import { explicitEnvironment, getStackName } from "./lib/environment";
import { CastAiPolicy, describe, skipUnknown } from "./lib/policy";
import { isCastAiDynamic } from "./lib/types";

const REMEDIATION =
    "A production stack holds production clusters only: remove the `environment` override (the resources then " +
    "take the stack's environment), or move this cluster to the stack of its environment " +
    "(stacks/Pulumi.<environment>.yaml).";

const defaults = { productionEnvironments: [...DEFAULT_PRODUCTION_ENVIRONMENTS] };

/**
 * An explicit `environment` wins over the stack's, so without this rule a resource in the prod stack could opt
 * out of every production rule by saying `environment: dev`.
 */
export const castaiProdStackEnvironment: CastAiPolicy = {
    name: "castai-prod-stack-environment",
    description:
        "In a stack named after a production environment, no CAST AI resource may declare a non-production environment.",
    enforcementLevel: "mandatory",
    severity: "critical",
    remediationSteps: REMEDIATION,
    configSchema: schemaWithProduction({}),
    validateResource: (args: ResourceValidationArgs, report: ReportViolation) => {
        if (!isCastAiDynamic(args.type)) {
            return;
        }
        const stackName = getStackName();
        const config = readConfig(args, defaults);
        if (stackName === undefined || !isProduction(stackName, config)) {
            return;
        }
        skipUnknown(() => {
            const env = explicitEnvironment(args.props);
            if (typeof env === "string" && !isProduction(env, config)) {
                report(
                    `${describe({ type: args.type, name: args.name, urn: args.urn, props: args.props })} declares ` +
                        `environment "${env}" in the production stack "${stackName}", which would exempt it from ` +
                        `the production rules. To fix: ${REMEDIATION}`,
                );
            }
        });
    },
};

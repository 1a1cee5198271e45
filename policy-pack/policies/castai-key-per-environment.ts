import { ReportViolation, StackValidationArgs } from "@pulumi/policy";
import { isUnknown, readString } from "./lib/access";
import { normalizeEnvironment } from "./lib/config";
import { resolveStackEnvironment } from "./lib/environment";
import { CastAiPolicy, skipUnknown } from "./lib/policy";

/** The provider that carries a key read from the organization stack, and the config naming whose key it is. */
const KEY_PROVIDER = "pulumi:providers:pulumi-nodejs";
const KEY_ENVIRONMENT = "castai:apiTokenEnvironment";

const REMEDIATION =
    "Every environment uses its own CAST AI key, from its own service account: set `fleet:apiTokenFrom` to the " +
    "organization stack alone (the stack then reads its own environment's key), or name this stack's environment " +
    "in `{stack, environment}`; if the environment has no key yet, add it to the organization stack's " +
    "`fleet:environments` and run that stack.";

/** A stack that reads another environment's key from the organization stack would act in that environment's name. */
export const castaiKeyPerEnvironment: CastAiPolicy = {
    name: "castai-key-per-environment",
    description: "A stack must use the CAST AI API key of its own environment, never another environment's key.",
    enforcementLevel: "mandatory",
    severity: "critical",
    remediationSteps: REMEDIATION,
    configSchema: { properties: {} },
    validateStack: (args: StackValidationArgs, report: ReportViolation) => {
        const stack = resolveStackEnvironment(args.resources);
        if (stack.env === undefined || isUnknown(stack.env)) {
            return;
        }
        const stackEnv = stack.env;
        for (const r of args.resources) {
            if (r.type !== KEY_PROVIDER) {
                continue;
            }
            skipUnknown(() => {
                const keyEnv = readString(r.props, KEY_ENVIRONMENT);
                if (typeof keyEnv === "string" && normalizeEnvironment(keyEnv) !== normalizeEnvironment(stackEnv)) {
                    report(
                        `the CAST AI key of this stack (provider "${r.name}") is the key of environment "${keyEnv}", ` +
                            `but the stack's environment is "${stackEnv}". To fix: ${REMEDIATION}`,
                        r.urn,
                    );
                }
            });
        }
    },
};

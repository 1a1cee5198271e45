import { ReportViolation, ResourceValidationArgs, StackValidationArgs } from "@pulumi/policy";
import { isUnknown, readString } from "./lib/access";
import { normalizeEnvironment } from "./lib/config";
import { resolveStackEnvironment } from "./lib/environment";
import { CastAiPolicy, skipUnknown } from "./lib/policy";

/**
 * The provider that carries a key read from the organization stack: its config names whose key it is and, when the
 * program sets it, the environment of the stack using it.
 */
const KEY_PROVIDER = "pulumi:providers:pulumi-nodejs";
const KEY_ENVIRONMENT = "castai:apiTokenEnvironment";
const STACK_ENVIRONMENT = "castai:stackEnvironment";

const REMEDIATION =
    "Every environment uses its own CAST AI key, from its own service account: set `fleet:apiTokenFrom` to the " +
    "organization stack alone (the stack then reads its own environment's key), or name this stack's environment " +
    "in `{stack, environment}`; if the environment has no key yet, add it to the organization stack's " +
    "`fleet:environments` and run that stack.";

function check(name: string, props: Record<string, unknown>, stackEnv: string, report: (message: string) => void): void {
    skipUnknown(() => {
        const keyEnv = readString(props, KEY_ENVIRONMENT);
        if (typeof keyEnv === "string" && normalizeEnvironment(keyEnv) !== normalizeEnvironment(stackEnv)) {
            report(
                `the CAST AI key of this stack (provider "${name}") is the key of environment "${keyEnv}", ` +
                    `but the stack's environment is "${stackEnv}". To fix: ${REMEDIATION}`,
            );
        }
    });
}

/**
 * A stack that reads another environment's key from the organization stack would act in that environment's name.
 * When the provider names the stack's environment, the key is checked with the provider itself, before anything
 * uses it; otherwise with the stack's environment as its CAST AI resources (or its name) give it.
 */
export const castaiKeyPerEnvironment: CastAiPolicy = {
    name: "castai-key-per-environment",
    description: "A stack must use the CAST AI API key of its own environment, never another environment's key.",
    enforcementLevel: "mandatory",
    severity: "critical",
    remediationSteps: REMEDIATION,
    configSchema: { properties: {} },
    validateResource: (args: ResourceValidationArgs, report: ReportViolation) => {
        if (args.type !== KEY_PROVIDER) {
            return;
        }
        skipUnknown(() => {
            const stackEnv = readString(args.props, STACK_ENVIRONMENT);
            if (typeof stackEnv === "string") {
                check(args.name, args.props, stackEnv, (m) => report(m));
            }
        });
    },
    validateStack: (args: StackValidationArgs, report: ReportViolation) => {
        const stack = resolveStackEnvironment(args.resources);
        if (stack.env === undefined || isUnknown(stack.env)) {
            return;
        }
        const stackEnv = stack.env;
        for (const r of args.resources.filter((x) => x.type === KEY_PROVIDER)) {
            skipUnknown(() => {
                if (readString(r.props, STACK_ENVIRONMENT) === undefined) {
                    check(r.name, r.props, stackEnv, (m) => report(m, r.urn));
                }
            });
        }
    },
};

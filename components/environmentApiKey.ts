import * as pulumi from "@pulumi/pulumi";

/** Where an environment stack reads its key: the organization stack, and which of its environments. */
export interface ApiKeySource {
    /** The organization stack, e.g. `organization/castai-fleet-org/org` (same backend as this stack). */
    readonly stack: string;
    /** Whose key to read; default: this stack's environment. Another environment's key fails the policy pack. */
    readonly environment?: string;
}

/** An environment stack's CAST AI key, read from the organization stack. */
export interface EnvironmentApiKey {
    /** The key (secret). */
    readonly apiToken: pulumi.Output<string>;
    /**
     * The provider of every CAST AI resource of the stack: it hands the key to the resources' providers as their
     * configuration, so the key is never a resource input. Pass it as `{ providers: [provider] }`.
     */
    readonly provider: pulumi.ProviderResource;
}

/**
 * Config keys on `provider` for the policy pack: the environment the key was issued for, and the environment of the
 * stack using it. The providers ignore both; the pack compares them before any resource uses the key.
 */
export const KEY_ENVIRONMENT_CONFIG = "castai:apiTokenEnvironment";
export const STACK_ENVIRONMENT_CONFIG = "castai:stackEnvironment";

/** The dynamic-resource provider (package `pulumi-nodejs`) configured with one CAST AI key. */
class CastAiKeyProvider extends pulumi.ProviderResource {
    constructor(name: string, config: pulumi.Inputs) {
        super("pulumi-nodejs", name, config);
    }
}

/** The key of `environment` from the organization stack's `environments` output (see stacks/org/). */
export function apiKeyFromStack(source: ApiKeySource, environment: string): EnvironmentApiKey {
    const wanted = source.environment ?? environment;
    const ref = new pulumi.StackReference("castai-api-key", { name: source.stack });
    const entry = ref.requireOutput("environments").apply((all: Record<string, { environment: string; apiKey: string }> | undefined) => {
        const found = all?.[wanted];
        if (!found) {
            throw new Error(`organization stack ${source.stack} has no key for environment "${wanted}": add it to that stack's fleet:environments and run it`);
        }
        return found;
    });
    const apiToken = pulumi.secret(entry.apply((e) => e.apiKey));
    const castai = new pulumi.Config("castai");
    // Explicit provider config replaces the stack's: carry over the other CAST AI settings.
    const provider = new CastAiKeyProvider("castai-api-key", {
        "castai:apiToken": apiToken,
        "castai:apiUrl": castai.get("apiUrl"),
        "castai:organizationId": castai.get("organizationId"),
        [KEY_ENVIRONMENT_CONFIG]: pulumi.unsecret(entry.apply((e) => e.environment)),
        [STACK_ENVIRONMENT_CONFIG]: environment,
    });
    return { apiToken, provider };
}

/**
 * The key named by stack config `fleet:apiTokenFrom` (an organization stack name, or `{stack, environment}`), or
 * undefined when it is not set and the key comes from `castai:apiToken` as before. Setting both is refused: one
 * stack has one key source.
 */
export function apiKeyFromConfig(environment: string): EnvironmentApiKey | undefined {
    const fleet = new pulumi.Config("fleet");
    const raw = fleet.get("apiTokenFrom");
    if (raw === undefined) {
        return undefined;
    }
    if (new pulumi.Config("castai").get("apiToken") !== undefined) {
        throw new pulumi.RunError("set either fleet:apiTokenFrom or castai:apiToken, not both: remove castai:apiToken to read the key from the organization stack");
    }
    const source = raw.trimStart().startsWith("{") ? fleet.requireObject<ApiKeySource>("apiTokenFrom") : { stack: raw };
    return apiKeyFromStack(source, environment);
}

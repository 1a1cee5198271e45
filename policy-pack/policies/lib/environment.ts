// Environment resolution (no guessing).
//
// A resource's environment is
//   1. its explicit `environment` prop, if set;
//   2. else the stack's environment: the single environment carried by the CAST AI resources of the stack that do
//      carry one;
//   3. else the stack name.
// Step 2 needs every resource of the stack, so only a stack validation can resolve it; a resource validation sees
// one resource and can only use step 1 (see `policy.ts` for how the two are combined).
//
// The stack name: @pulumi/policy 1.21.0 exposes no stack name (its `configureStack` RPC keeps only the stack tags,
// and the engine's stack tags do not include the name). The engine starts a Node policy pack with the same
// environment a Node program gets: `PULUMI_NODEJS_STACK` (and, on the older analyzer path, also `PULUMI_STACK`),
// which is what `pulumi.getStack()` reads. We read those two variables directly so the pack does not load
// `@pulumi/pulumi`'s runtime.
import { PolicyResource } from "@pulumi/policy";
import { isUnknown, Maybe, readString, UNKNOWN } from "./access";
import { normalizeEnvironment } from "./config";
import { isCastAiDynamic } from "./types";

/** The stack name the engine gave the policy pack process, without an `org/project/` prefix. */
export function getStackName(env: NodeJS.ProcessEnv = process.env): string | undefined {
    const raw = env.PULUMI_NODEJS_STACK || env.PULUMI_STACK;
    if (!raw || raw.trim() === "") {
        return undefined;
    }
    return raw.trim().split("/").pop();
}

/** The resource's own `environment` prop: a non-empty string, `undefined` when unset, `UNKNOWN` at preview. */
export function explicitEnvironment(props: unknown): Maybe<string> {
    const env = readString(props, "environment");
    if (isUnknown(env)) {
        return UNKNOWN;
    }
    return typeof env === "string" && env.trim() !== "" ? env.trim() : undefined;
}

export interface StackEnvironment {
    /**
     * The stack's environment; `UNKNOWN` when the only carriers' `environment` is not known yet (preview);
     * `undefined` when nothing resolves (no carrier and no stack name).
     */
    env: Maybe<string>;
    /** Where `env` came from. */
    source: "resources" | "stack-name" | "unknown" | "none";
    /** Distinct explicit environments (normalized) → URNs of the CAST AI resources carrying them. */
    carriers: Map<string, { env: string; urns: string[] }>;
    /** URNs of CAST AI resources whose `environment` is not known yet (preview). */
    unknownCarriers: string[];
    stackName: string | undefined;
}

/** Resolves the stack's environment from the CAST AI dynamic resources of the stack, then the stack name. */
export function resolveStackEnvironment(
    resources: readonly Pick<PolicyResource, "type" | "urn" | "props">[],
    stackName: string | undefined = getStackName(),
): StackEnvironment {
    const carriers = new Map<string, { env: string; urns: string[] }>();
    const unknownCarriers: string[] = [];
    for (const r of resources) {
        if (!isCastAiDynamic(r.type)) {
            continue;
        }
        const env = explicitEnvironment(r.props);
        if (isUnknown(env)) {
            unknownCarriers.push(r.urn);
        } else if (env !== undefined) {
            const key = normalizeEnvironment(env);
            const entry = carriers.get(key) ?? { env, urns: [] };
            entry.urns.push(r.urn);
            carriers.set(key, entry);
        }
    }
    if (carriers.size === 1) {
        const [only] = [...carriers.values()];
        return { env: only.env, source: "resources", carriers, unknownCarriers, stackName };
    }
    if (carriers.size === 0 && unknownCarriers.length > 0) {
        // The carriers' environment decides, and it is not known yet: do not fall back to the stack name.
        return { env: UNKNOWN, source: "unknown", carriers, unknownCarriers, stackName };
    }
    if (stackName !== undefined) {
        return { env: stackName, source: "stack-name", carriers, unknownCarriers, stackName };
    }
    return { env: undefined, source: "none", carriers, unknownCarriers, stackName };
}

/**
 * The environment of one resource of the stack: its explicit prop, else the stack's. `UNKNOWN` when the explicit
 * prop is not known yet; `undefined` when nothing resolves.
 */
export function resolveEnvironment(props: unknown, stack: StackEnvironment): Maybe<string> {
    const own = explicitEnvironment(props);
    if (own !== undefined) {
        return own;
    }
    return stack.env;
}

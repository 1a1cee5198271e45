// Vendored CrossGuard test helpers, after awsguard's src/tests/util.ts (pulumi.md §4.3; the published
// @pulumi/compliance-policies-unit-test-helpers is not on npm). They build the args the policy runtime builds -
// props wrapped in `unknownCheckingProxy`, as @pulumi/policy's server does - run a policy and collect its reports.
// A PolicyPack is never constructed here: its constructor starts a gRPC server.
import {
    PolicyResource,
    ResourceValidationArgs,
    ResourceValidationPolicy,
    StackValidationArgs,
    StackValidationPolicy,
    unknownCheckingProxy,
    UnknownValueError,
} from "@pulumi/policy";

/** What the engine sends for a value not known at preview (any type; `@pulumi/pulumi` rpc.ts). */
export const UNKNOWN_VALUE = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

export interface Fixture {
    type: string;
    name: string;
    props: Record<string, any>;
}

export interface Report {
    message: string;
    urn?: string;
    phase: "resource" | "stack";
}

export interface RunOptions {
    /** The stack name the engine would give the pack (`PULUMI_NODEJS_STACK`); unset: none. */
    stack?: string;
    /** The policy's config, as `getConfig()` returns it. */
    config?: Record<string, unknown>;
}

export function fixture(type: string, name: string, props: Record<string, any>): Fixture {
    return { type, name, props };
}

export const urnOf = (f: Fixture, stack = "test") => `urn:pulumi:${stack}::castai-fleet::${f.type}::${f.name}`;

const notApplicable = (reason?: string): never => {
    throw new Error(`notApplicable: ${reason ?? ""}`);
};

const options = { protect: false, ignoreChanges: [], aliases: [], additionalSecretOutputs: [],
    customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 } };

export function resourceArgs(f: Fixture, config: Record<string, unknown> = {}): ResourceValidationArgs {
    const props = unknownCheckingProxy(f.props);
    return {
        type: f.type, props, urn: urnOf(f), name: f.name, opts: options, stackTags: new Map(),
        isType: () => false, asType: () => undefined, getConfig: <T>() => config as T, notApplicable,
    };
}

export function stackArgs(fs: Fixture[], config: Record<string, unknown> = {}): StackValidationArgs {
    const resources: PolicyResource[] = fs.map((f) => ({
        type: f.type, props: unknownCheckingProxy(f.props), urn: urnOf(f), name: f.name, opts: options,
        dependencies: [], propertyDependencies: {}, isType: () => false, asType: () => undefined,
    }));
    return { resources, stackTags: new Map(), getConfig: <T>() => config as T, notApplicable };
}

async function withStack<T>(stack: string | undefined, fn: () => Promise<T>): Promise<T> {
    const saved = { a: process.env.PULUMI_NODEJS_STACK, b: process.env.PULUMI_STACK };
    delete process.env.PULUMI_STACK;
    if (stack === undefined) { delete process.env.PULUMI_NODEJS_STACK; } else { process.env.PULUMI_NODEJS_STACK = stack; }
    try {
        return await fn();
    } finally {
        for (const [k, v] of [["PULUMI_NODEJS_STACK", saved.a], ["PULUMI_STACK", saved.b]] as const) {
            if (v === undefined) { delete process.env[k]; } else { process.env[k] = v; }
        }
    }
}

type AnyPolicy = Partial<ResourceValidationPolicy & StackValidationPolicy>;

/**
 * Runs a policy the way the engine does over one update: `validateResource` on each resource, then
 * `validateStack` over all of them. Returns every report.
 */
export async function runPolicy(policy: AnyPolicy, fs: Fixture[], opts: RunOptions = {}): Promise<Report[]> {
    return withStack(opts.stack, async () => {
        const reports: Report[] = [];
        const validations = policy.validateResource === undefined ? []
            : Array.isArray(policy.validateResource) ? policy.validateResource : [policy.validateResource];
        for (const f of fs) {
            for (const v of validations) {
                await v(resourceArgs(f, opts.config), (message) => reports.push({ message, urn: urnOf(f), phase: "resource" }));
            }
        }
        if (policy.validateStack) {
            await policy.validateStack(stackArgs(fs, opts.config), (message, urn) => reports.push({ message, urn, phase: "stack" }));
        }
        return reports;
    });
}

/** The report messages only. */
export async function messages(policy: AnyPolicy, fs: Fixture[], opts: RunOptions = {}): Promise<string[]> {
    return (await runPolicy(policy, fs, opts)).map((r) => r.message);
}

/**
 * Runs a policy over props holding preview unknowns. The runtime turns an `UnknownValueError` into an advisory
 * ("can't run policy during preview"), so that is the only error a policy may throw; returns the reports, or
 * "unknown" when it threw one.
 */
export async function runAtPreview(policy: AnyPolicy, fs: Fixture[], opts: RunOptions = {}): Promise<Report[] | "unknown"> {
    try {
        return await runPolicy(policy, fs, opts);
    } catch (e) {
        if (e instanceof UnknownValueError) {
            return "unknown";
        }
        throw e;
    }
}

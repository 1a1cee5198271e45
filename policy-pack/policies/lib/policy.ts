// Building blocks for the pack's policies.
//
// Environment-scoped rules (most of the pack) are written once as a per-resource `check` and run in two places:
//   * `validateResource`, for resources that carry an explicit `environment`: the environment is known from the
//     resource alone, so the rule runs before the resource is created or updated (a mandatory violation stops
//     `pulumi up` before anything changes);
//   * `validateStack`, for the resources without one (and for Helm releases, which never carry one): the
//     environment is resolved from the whole stack (see environment.ts), so these run after the engine has seen
//     every resource - in `pulumi preview` that is still before anything changes.
// Each resource is checked in exactly one of the two places, so a violation is reported once. @pulumi/policy
// runs `validateResource` of every policy that has one and `validateStack` of every policy that has one
// (`isResourcePolicy`/`isStackPolicy` in policy.ts of the SDK), so one policy object can carry both.
//
// A value not known yet (preview) makes the affected check skip quietly: the helpers in access.ts return UNKNOWN,
// and an `UnknownValueError` escaping a check is caught per resource so the other resources are still checked.
import {
    EnforcementLevel,
    PolicyConfigSchema,
    ReportViolation,
    ResourceValidationArgs,
    ResourceValidationPolicy,
    Severity,
    StackValidationArgs,
    StackValidationPolicy,
} from "@pulumi/policy";
import { isUnknownValueError } from "./access";
import { isProduction, ProductionConfig, readConfig, schemaWithProduction } from "./config";
import { explicitEnvironment, resolveStackEnvironment, StackEnvironment } from "./environment";
import { displayName, kindOf } from "./types";

/** A policy of this pack: always has a config schema, an explicit level and remediation steps. */
export type CastAiPolicy = (ResourceValidationPolicy | StackValidationPolicy) & {
    enforcementLevel: EnforcementLevel;
    configSchema: PolicyConfigSchema;
    remediationSteps: string;
};

/** The resource under check, the same shape in both phases. */
export interface Subject {
    type: string;
    name: string;
    urn: string;
    props: Record<string, any>;
}

export interface CheckContext<C> {
    /** The resolved environment name, as written. */
    env: string;
    production: boolean;
    config: C;
    /** Reports one problem of this resource; the message is prefixed with the resource and its environment. */
    report(problem: string): void;
}

export type Scope = "production" | "non-production" | "all";

export interface EnvPolicySpec<C extends ProductionConfig> {
    name: string;
    description: string;
    enforcementLevel: EnforcementLevel;
    severity?: Severity;
    remediationSteps: string;
    /** The policy's own config properties; `productionEnvironments` is always added. */
    configProperties: PolicyConfigSchema["properties"];
    defaults: C;
    /** Resource types the rule looks at. */
    types: readonly string[];
    /** Further selection among those types (e.g. one Helm chart). */
    select?: (subject: Subject) => boolean;
    /** Which environments the rule applies to. */
    scope: Scope;
    check(subject: Subject, ctx: CheckContext<C>): void;
}

/** Runs `fn`; an `UnknownValueError` (a value not known at preview) ends it quietly, anything else propagates. */
export function skipUnknown(fn: () => void): void {
    try {
        fn();
    } catch (e) {
        if (!isUnknownValueError(e)) {
            throw e;
        }
    }
}

/** `NodeTemplate "spot-workers"` */
export function describe(subject: Subject): string {
    return `${kindOf(subject.type)} "${displayName(subject.props, subject.name)}"`;
}

function envNote(env: string, stack?: StackEnvironment): string {
    if (!stack) {
        return `environment "${env}"`;
    }
    if (stack.source === "resources") {
        return `environment "${env}", from the stack's CAST AI resources`;
    }
    return `environment "${env}", from the stack name`;
}

function inScope(scope: Scope, production: boolean): boolean {
    return scope === "all" || (scope === "production") === production;
}

/** Builds a policy whose rule depends on the environment of each resource (see the header comment). */
export function envScopedPolicy<C extends ProductionConfig>(spec: EnvPolicySpec<C>): CastAiPolicy {
    const run = (subject: Subject, env: string, config: C, note: string, report: (m: string) => void) => {
        const production = isProduction(env, config);
        if (!inScope(spec.scope, production)) {
            return;
        }
        const prefix = `${describe(subject)} (${note})`;
        skipUnknown(() =>
            spec.check(subject, { env, production, config, report: (problem) => report(`${prefix}: ${problem}`) }),
        );
    };
    const selected = (subject: Subject) =>
        spec.types.includes(subject.type) && (spec.select === undefined || spec.select(subject));

    const policy: ResourceValidationPolicy & StackValidationPolicy = {
        name: spec.name,
        description: spec.description,
        enforcementLevel: spec.enforcementLevel,
        severity: spec.severity,
        remediationSteps: spec.remediationSteps,
        configSchema: schemaWithProduction(spec.configProperties),
        validateResource: (args: ResourceValidationArgs, report: ReportViolation) => {
            const subject: Subject = { type: args.type, name: args.name, urn: args.urn, props: args.props };
            let env: unknown;
            skipUnknown(() => {
                env = selected(subject) ? explicitEnvironment(args.props) : undefined;
            });
            if (typeof env !== "string") {
                return; // no explicit environment: validateStack resolves it; not known yet: skip
            }
            run(subject, env, readConfig(args, spec.defaults), envNote(env), (m) => report(m));
        },
        validateStack: (args: StackValidationArgs, report: ReportViolation) => {
            const config = readConfig(args, spec.defaults);
            const stack = resolveStackEnvironment(args.resources);
            for (const r of args.resources) {
                const subject: Subject = { type: r.type, name: r.name, urn: r.urn, props: r.props };
                skipUnknown(() => {
                    if (!selected(subject) || explicitEnvironment(r.props) !== undefined) {
                        return; // explicit (checked by validateResource) or not known yet
                    }
                    if (typeof stack.env !== "string") {
                        return;
                    }
                    run(subject, stack.env, config, envNote(stack.env, stack), (m) => report(m, r.urn));
                });
            }
        },
    };
    return policy as CastAiPolicy;
}

import * as pulumi from "@pulumi/pulumi";

/**
 * The error for bad args: "invalid <what>:" and every problem on its own line, and no stack trace or SDK internals
 * after it, since the problems say all there is to fix.
 */
export function argsError(what: string, problems: readonly string[], resource?: pulumi.Resource): pulumi.ResourceError {
    return new pulumi.ResourceError(`invalid ${what}:\n  - ${problems.join("\n  - ")}`, resource, true);
}

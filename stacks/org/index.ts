// The organization program: one CastAiEnvironmentAccess per entry of `fleet:environments`, run with an
// organization admin key. The environment stacks read their key from this stack's `environments` output
// (`fleet:apiTokenFrom: organization/castai-fleet-org/<this stack>`), so no person copies a key.
import * as pulumi from "@pulumi/pulumi";
import { CastAiEnvironmentAccess, CastAiEnvironmentAccessArgs, argsError, planEnvironmentAccess } from "../../dist/components";

/** One entry of `fleet:environments`: the access args, named by the environment. */
type EnvironmentEntry = Omit<CastAiEnvironmentAccessArgs, "timeStamp">;

const fleet = new pulumi.Config("fleet");
const entries = fleet.requireObject<EnvironmentEntry[]>("environments");
// The time the run counts as; default now. Setting it previews a rotation ahead of time (`fleet:timeStamp`, RFC 3339).
const timeStamp = fleet.get("timeStamp");

const seen = new Set<string>();
const problems = entries.flatMap((entry, i) => {
    const duplicate = seen.has(entry.environment) ? [`fleet:environments[${i}]: environment "${entry.environment}" is listed twice`] : [];
    seen.add(entry.environment);
    const result = planEnvironmentAccess(entry.environment, { ...entry, timeStamp });
    return [...duplicate, ...("problems" in result ? result.problems.map((p) => `fleet:environments[${i}]: ${p}`) : [])];
});
if (problems.length > 0) {
    throw argsError("fleet:environments", problems, pulumi.runtime.getStackResource());
}

const access = entries.map((entry) => new CastAiEnvironmentAccess(entry.environment, { ...entry, timeStamp }));

/** Per environment: its key (secret) and the rotation dates. The environment stacks read their own entry. */
export const environments = Object.fromEntries(
    access.map((a) => [
        a.plan.environment,
        {
            environment: a.plan.environment,
            serviceAccountId: a.serviceAccountId,
            apiKey: a.apiKey,
            keyId: a.keyId,
            keyName: a.keyName,
            keyCreatedAt: a.keyCreatedAt,
            keyPeriodStart: a.keyPeriodStart,
            keyRetiresAt: a.keyRetiresAt,
            nextRotationAt: a.nextRotationAt,
            previousKeyId: a.previousKeyId,
        },
    ]),
);

import * as pulumi from "@pulumi/pulumi";
import { argsError } from "./argsError";
import { CastAiEnvironmentAccessArgs, EnvironmentAccessPlan, planEnvironmentAccess } from "./environmentAccessPlan";
import { OrganizationGroup } from "./resources/organizationGroup";
import { RoleBinding } from "./resources/roleBinding";
import { ServiceAccount } from "./resources/serviceAccount";
import { ServiceAccountKey } from "./resources/serviceAccountKey";

/**
 * One environment's access to CAST AI, made in the organization-level stack with an admin key: a service account
 * `castai-fleet-<environment>`, its rotating API key, and optionally groups with roles on the environment's
 * clusters. A new key is created every `rotationDays`; the previous one stays active for `overlapDays`, then it is
 * deleted, so a consumer that reads the key at least once per overlap never holds a dead key. Needs `@pulumi/random`.
 */
export class CastAiEnvironmentAccess extends pulumi.ComponentResource {
    /** The plan the children were made from (rotation dates, key names). */
    readonly plan: EnvironmentAccessPlan;
    readonly serviceAccountId: pulumi.Output<string>;
    /** The current API key (secret). */
    readonly apiKey: pulumi.Output<string>;
    /** CAST AI id of the current key. */
    readonly keyId: pulumi.Output<string>;
    /** The current key's name, `castai-fleet-<environment>-<period>-<random hex>`; CAST AI shows it with ServiceAccountKey's suffix. */
    readonly keyName: pulumi.Output<string>;
    /** When CAST AI created the current key (RFC 3339). */
    readonly keyCreatedAt: pulumi.Output<string | undefined>;
    /** When the current key's period started (RFC 3339): the key was created at the first run after it. */
    readonly keyPeriodStart: string;
    /** When the current key is deleted and expires (RFC 3339). */
    readonly keyRetiresAt: string;
    /** When the next key is created (RFC 3339). */
    readonly nextRotationAt: string;
    /** CAST AI id of the previous key while the overlap lasts, else undefined. */
    readonly previousKeyId: pulumi.Output<string | undefined>;

    constructor(name: string, args: CastAiEnvironmentAccessArgs, opts?: pulumi.ComponentResourceOptions) {
        super("castai-fleet:index:CastAiEnvironmentAccess", name, {}, opts);
        const result = planEnvironmentAccess(name, args);
        if ("problems" in result) {
            throw argsError(`CastAiEnvironmentAccess "${name}"`, result.problems, this);
        }
        const plan = (this.plan = result.plan);
        const random: typeof import("@pulumi/random") = require("@pulumi/random");
        const parent = { parent: this };
        const common = { environment: plan.environment, apiUrl: args.apiUrl, organizationId: args.organizationId };

        const account = new ServiceAccount(`${name}-account`, { ...common, name: plan.accountName, description: `CAST AI key of the ${plan.environment} environment stacks` }, parent);
        const keys = plan.keys.map((key) => {
            const suffix = new random.RandomId(key.suffixName, { byteLength: 4, keepers: key.keepers }, parent);
            return new ServiceAccountKey(
                key.resourceName,
                { ...common, serviceAccountId: account.serviceAccountId, name: pulumi.interpolate`${key.namePrefix}${suffix.hex}`, expiresAt: key.retiresAt },
                parent,
            );
        });
        const accountSubject = [{ kind: "service_account" as const, id: account.serviceAccountId }];
        if (plan.accountRoleId !== undefined) {
            const organization = args.organizationId ?? account.resolvedOrganizationId;
            new RoleBinding(
                `${name}-account-access`,
                { ...common, name: `${plan.accountName}-account`, roleId: plan.accountRoleId, scopes: [{ kind: "organization", resourceId: organization }], subjects: accountSubject },
                parent,
            );
        }
        const clusterScopes = pulumi.output(args.clusterIds ?? []).apply((ids) => ids.map((id) => ({ kind: "cluster" as const, resourceId: id })));
        for (const team of plan.teams) {
            const group = new OrganizationGroup(`${name}-${team.part}`, { ...common, name: team.groupName, members: team.members }, parent);
            new RoleBinding(
                `${name}-${team.part}-access`,
                { ...common, name: team.groupName, roleId: team.roleId, scopes: clusterScopes, subjects: [{ kind: "group", id: group.groupId }] },
                parent,
            );
        }

        const [current, previous] = keys;
        this.serviceAccountId = account.serviceAccountId;
        this.apiKey = pulumi.secret(current.token);
        this.keyId = current.keyId;
        this.keyName = current.name;
        this.keyCreatedAt = current.createdAt;
        this.keyPeriodStart = plan.keys[0].startsAt;
        this.keyRetiresAt = plan.keys[0].retiresAt;
        this.nextRotationAt = plan.rotation.nextRotationAt;
        this.previousKeyId = previous ? previous.keyId : pulumi.output(undefined);
        this.registerOutputs({
            serviceAccountId: this.serviceAccountId,
            apiKey: this.apiKey,
            keyId: this.keyId,
            keyName: this.keyName,
            keyCreatedAt: this.keyCreatedAt,
            keyPeriodStart: this.keyPeriodStart,
            keyRetiresAt: this.keyRetiresAt,
            nextRotationAt: this.nextRotationAt,
            previousKeyId: this.previousKeyId,
        });
    }
}

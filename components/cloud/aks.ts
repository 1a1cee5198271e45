// The Azure identity CAST AI uses for an AKS cluster, as `iam.tf` of castai/terraform-castai-aks v11.2.0
// creates it with `authentication_method = "workload_identity"` (reference/castai-install.md §9.3).
// @pulumi/azure-native is an optional peer: it is loaded in the constructor, only when a program
// creates the identity.
import * as pulumi from "@pulumi/pulumi";
import { argsError } from "../argsError";
import { azureSubscriptionIdProblem, azureTenantIdProblem } from "./accountIds";
import { fieldPath, formatProblems, isSet, requiredStrings, settledAfter } from "./common";
import {
    AKS_CASTAI_ROLE_ACTIONS,
    AKS_FEDERATION_AUDIENCE,
    AKS_FEDERATION_ISSUER,
    aksAssignableScopes,
    aksIamNames,
    resourceGroupScope,
    roleDefinitionResourceId,
    shortHash,
} from "./policies";
import { azureRegionProblem } from "./regions";

export interface AksCastAiIdentityArgs {
    /** Azure subscription id (GUID) of the cluster. Required. */
    readonly subscriptionId: pulumi.Input<string>;
    /** Entra tenant id (GUID). Default: the managed identity's tenant; required with `existingClientId`. */
    readonly tenantId?: pulumi.Input<string>;
    /** Resource group of the AKS cluster; the role, identity and first assignment live there. Required. */
    readonly resourceGroupName: pulumi.Input<string>;
    /** The cluster's node resource group (`MC_...`), where CAST AI manages VMs and disks. Required. */
    readonly nodeResourceGroup: pulumi.Input<string>;
    /** AKS cluster name; Azure names derive from it (`CastAKSRole-<name>-tf`). Required. */
    readonly clusterName: pulumi.Input<string>;
    /** Azure location of the cluster, e.g. `westeurope`; the managed identity is created there. Required. */
    readonly region: pulumi.Input<string>;
    /** Extra scopes (full resource-group ids) where CAST AI gets the role, e.g. a VNet's group (plain values: each is a child). Default: none. */
    readonly additionalResourceGroups?: string[];
    /** Authenticate CAST AI without a secret, by federation (plain value: it decides which resources exist). Default: true. */
    readonly useFederation?: boolean;
    /** CAST AI's impersonation service account id (API `.../impersonation-service-account`), the federation subject. Required to create. */
    readonly castaiImpersonationServiceAccountId?: pulumi.Input<string>;
    /** Client (application) id of an existing identity for CAST AI; then nothing is created. Default: none (create). */
    readonly existingClientId?: pulumi.Input<string>;
    /** Client secret of `existingClientId` (secret). Default: none. */
    readonly existingClientSecret?: pulumi.Input<string>;
    /** Federation id (principal object id) of `existingClientId`, for the secretless path. Default: none. */
    readonly existingFederationId?: pulumi.Input<string>;
    /** Tags for the managed identity. Default: none. */
    readonly tags?: pulumi.Input<Record<string, pulumi.Input<string>>>;
}

/** How CAST AI authenticates, and whether this component creates the identity. */
export type AksIdentityMode = "create-federation" | "existing-secret" | "existing-federation";

/** The mode the arguments ask for; call after `validateAksIdentityArgs` found nothing wrong. */
export function aksIdentityMode(args: AksCastAiIdentityArgs): AksIdentityMode {
    if (!isSet(args.existingClientId)) {
        return "create-federation";
    }
    return isSet(args.existingClientSecret) ? "existing-secret" : "existing-federation";
}

// Checks below report fields under `prefix` (`aks` inside CastAiCluster, none for this component on its own).

/** The AKS cluster itself: subscription, resource groups, name and region, all required; the tenant when given. */
export function validateAksClusterArgs(
    args: Pick<AksCastAiIdentityArgs, "subscriptionId" | "tenantId" | "resourceGroupName" | "nodeResourceGroup" | "clusterName" | "region">,
    prefix = "",
): string[] {
    return [
        ...requiredStrings(args, ["subscriptionId", "resourceGroupName", "nodeResourceGroup", "clusterName", "region"], prefix),
        ...formatProblems(args, { subscriptionId: azureSubscriptionIdProblem, tenantId: azureTenantIdProblem, region: azureRegionProblem }, prefix),
    ];
}

/** The identity to take instead of creating one: a client id with exactly one credential, and its tenant. */
export function validateAksCredentialArgs(
    args: Pick<AksCastAiIdentityArgs, "tenantId" | "useFederation" | "existingClientId" | "existingClientSecret" | "existingFederationId">,
    prefix = "",
): string[] {
    const field = (name: string) => fieldPath(prefix, name);
    const problems: string[] = [];
    const secret = isSet(args.existingClientSecret);
    const federation = isSet(args.existingFederationId);
    if (secret && federation) {
        problems.push(`${field("existingClientSecret")} and ${field("existingFederationId")} exclude each other: CAST AI takes one credential`);
    }
    if (!isSet(args.existingClientId)) {
        if (secret || federation) {
            problems.push(`${field("existingClientId")} is required with ${field(secret ? "existingClientSecret" : "existingFederationId")}`);
        } else if (args.useFederation === false) {
            problems.push(
                `${field("useFederation")}: false needs ${field("existingClientId")} and ${field("existingClientSecret")}: an app registration with a ` +
                    "secret lives in Entra ID, which azure-native cannot create (use the federation path, or bring the app)",
            );
        }
        return problems;
    }
    if (!secret && !federation) {
        problems.push(`${field("existingClientId")} needs ${field("existingClientSecret")} or ${field("existingFederationId")}`);
    }
    if (!isSet(args.tenantId)) {
        problems.push(`${field("tenantId")} is required with ${field("existingClientId")}`);
    }
    if (secret && args.useFederation === true) {
        problems.push(`${field("useFederation")}: true contradicts ${field("existingClientSecret")}; pass ${field("existingFederationId")} instead`);
    }
    if (federation && args.useFederation === false) {
        problems.push(`${field("useFederation")}: false contradicts ${field("existingFederationId")}; pass ${field("existingClientSecret")} instead`);
    }
    return problems;
}

/** Whether the federated identity this component would create has its subject: CAST AI's impersonation account. */
export function validateAksFederationArgs(
    args: Pick<AksCastAiIdentityArgs, "castaiImpersonationServiceAccountId" | "useFederation" | "existingClientId" | "existingClientSecret" | "existingFederationId">,
    prefix = "",
): string[] {
    const creates = !isSet(args.existingClientId) && !isSet(args.existingClientSecret) && !isSet(args.existingFederationId) && args.useFederation !== false;
    return creates && !isSet(args.castaiImpersonationServiceAccountId)
        ? [
              `${fieldPath(prefix, "castaiImpersonationServiceAccountId")} is required to create the federated identity ` +
                  `(or pass ${fieldPath(prefix, "existingClientId")})`,
          ]
        : [];
}

/** Everything wrong with the arguments, one message per problem, each naming the field under `prefix`; empty when valid. */
export function validateAksIdentityArgs(args: AksCastAiIdentityArgs, prefix = ""): string[] {
    return [...validateAksClusterArgs(args, prefix), ...validateAksCredentialArgs(args, prefix), ...validateAksFederationArgs(args, prefix)];
}

/**
 * The Azure identity CAST AI needs for one AKS cluster: a custom role with CAST AI's permissions,
 * assigned on the cluster and node resource groups to a user-assigned managed identity that CAST AI
 * signs in to by federation (no secret). Pass `existingClientId` with `existingClientSecret` or
 * `existingFederationId` to use an identity someone else manages.
 */
export class AksCastAiIdentity extends pulumi.ComponentResource {
    /** Client id CAST AI authenticates as. Resolves after the role and its assignments exist. */
    public readonly clientId: pulumi.Output<string>;
    /** Entra tenant id. */
    public readonly tenantId: pulumi.Output<string>;
    /** Subscription id, as given. */
    public readonly subscriptionId: pulumi.Output<string>;
    /** Client secret (secret); undefined on the federation path. */
    public readonly clientSecret: pulumi.Output<string | undefined>;
    /** Federation id (the identity's principal id); undefined on the secret path. */
    public readonly federationId: pulumi.Output<string | undefined>;

    constructor(name: string, args: AksCastAiIdentityArgs, opts?: pulumi.ComponentResourceOptions) {
        super("castai-fleet:index:AksCastAiIdentity", name, {}, opts);

        const problems = validateAksIdentityArgs(args);
        if (problems.length > 0) {
            throw argsError(`AksCastAiIdentity "${name}"`, problems, this);
        }
        const mode = aksIdentityMode(args);
        this.subscriptionId = pulumi.output(args.subscriptionId);

        if (mode === "create-federation") {
            const azure: typeof import("@pulumi/azure-native") = require("@pulumi/azure-native");
            const names = pulumi.all([args.clusterName, args.resourceGroupName]).apply(([c, rg]) => aksIamNames(c, rg));
            const clusterScope = pulumi
                .all([args.subscriptionId, args.resourceGroupName])
                .apply(([sub, rg]) => resourceGroupScope(sub, rg));
            const nodeScope = pulumi
                .all([args.subscriptionId, args.nodeResourceGroup])
                .apply(([sub, rg]) => resourceGroupScope(sub, rg));
            const additional = args.additionalResourceGroups ?? [];

            const role = new azure.authorization.RoleDefinition(
                `${name}-role`,
                {
                    roleName: names.roleName,
                    description: "Role used by CAST AI",
                    scope: clusterScope,
                    permissions: [{ actions: [...AKS_CASTAI_ROLE_ACTIONS], notActions: [] }],
                    assignableScopes: pulumi
                        .all([args.subscriptionId, args.resourceGroupName, args.nodeResourceGroup])
                        .apply(([sub, rg, nodeRg]) => aksAssignableScopes(sub, rg, nodeRg, additional)),
                },
                { parent: this },
            );
            const identity = new azure.managedidentity.UserAssignedIdentity(
                `${name}-identity`,
                {
                    resourceName: names.identityName,
                    resourceGroupName: args.resourceGroupName,
                    location: args.region,
                    tags: args.tags,
                },
                { parent: this },
            );
            const credential = new azure.managedidentity.FederatedIdentityCredential(
                `${name}-federated-credential`,
                {
                    federatedIdentityCredentialResourceName: names.federatedCredentialName,
                    resourceGroupName: args.resourceGroupName,
                    resourceName: identity.name,
                    audiences: [AKS_FEDERATION_AUDIENCE],
                    issuer: AKS_FEDERATION_ISSUER,
                    subject: args.castaiImpersonationServiceAccountId as pulumi.Input<string>,
                },
                { parent: this },
            );
            const roleId = pulumi
                .all([args.subscriptionId, role.name])
                .apply(([sub, guid]) => roleDefinitionResourceId(sub, guid));
            const assign = (part: string, scope: pulumi.Input<string>) =>
                new azure.authorization.RoleAssignment(
                    `${name}-${part}`,
                    {
                        principalId: identity.principalId,
                        // Skips the directory lookup that fails while a new identity is still replicating.
                        principalType: "ServicePrincipal",
                        roleDefinitionId: roleId,
                        scope,
                        description: pulumi.interpolate`castai role assignment for ${scope}`,
                    },
                    { parent: this },
                );
            const assignments = [
                assign("cluster-rg-assignment", clusterScope),
                assign("node-rg-assignment", nodeScope),
                ...additional.map((scope) => assign(`assignment-${shortHash(scope)}`, scope)),
            ];
            const created = [role, identity, credential, ...assignments];

            // As the module hands them to castai_aks_cluster: client_id = the identity's client id,
            // federation_id = its principal (object) id (reference/castai-install.md §9.3).
            this.clientId = settledAfter(identity.clientId, created);
            this.federationId = settledAfter(identity.principalId, created);
            this.tenantId = isSet(args.tenantId) ? pulumi.output(args.tenantId as pulumi.Input<string>) : identity.tenantId;
            this.clientSecret = pulumi.output(undefined);
        } else {
            this.clientId = pulumi.output(args.existingClientId as pulumi.Input<string>);
            this.tenantId = pulumi.output(args.tenantId as pulumi.Input<string>);
            this.clientSecret =
                mode === "existing-secret"
                    ? pulumi.secret(args.existingClientSecret as pulumi.Input<string>)
                    : pulumi.output(undefined);
            this.federationId = pulumi.output(args.existingFederationId);
        }

        this.registerOutputs({
            clientId: this.clientId,
            tenantId: this.tenantId,
            subscriptionId: this.subscriptionId,
            clientSecret: this.clientSecret,
            federationId: this.federationId,
        });
    }
}

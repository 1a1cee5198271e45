// The IAM documents, names and permission lists CAST AI's Terraform modules create, as plain data and
// pure functions (reference/castai-install.md §9). No cloud SDK is imported here: the identity
// components and the tests both call these.
import * as crypto from "crypto";

// Copies of terraform-provider-castai `castai/policies/{iam-policy,user-policy}.json` and
// `castai/policies/gke/iam-policy.json` (reference/data/iam). They ship with the package (tsc copies
// imported JSON to dist/), so upstream updates are a file copy, not a code edit.
import awsIamPolicyTemplate = require("./iam/aws-castai-iam-policy.json");
import awsUserPolicyTemplate = require("./iam/aws-castai-user-policy.json");
import gcpIamPolicy = require("./iam/gcp-castai-iam-policy.json");

/** A JSON value, as IAM policy documents are. */
export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

/** An AWS IAM policy document. */
export interface PolicyDocument {
    Version: string;
    Statement: { [key: string]: Json }[];
}

const placeholder = /\{\{ \.(\w+) \}\}/g;

/**
 * Fills the Go-template placeholders (`{{ .Name }}`) of a policy template, in keys as well as values
 * (condition keys such as `aws:RequestTag/kubernetes.io/cluster/{{ .ClusterName }}` carry them).
 * Throws on a placeholder without a value, so a renamed upstream field cannot ship half-rendered.
 */
export function renderTemplate<T extends Json>(template: T, values: Readonly<Record<string, string>>): T {
    const fill = (text: string): string =>
        text.replace(placeholder, (_match, key: string) => {
            const value = values[key];
            if (value === undefined) {
                throw new Error(`policy template placeholder {{ .${key} }} has no value`);
            }
            return value;
        });
    const walk = (node: Json): Json => {
        if (typeof node === "string") {
            return fill(node);
        }
        if (Array.isArray(node)) {
            return node.map(walk);
        }
        if (node !== null && typeof node === "object") {
            return Object.fromEntries(Object.entries(node).map(([k, v]) => [fill(k), walk(v)]));
        }
        return node;
    };
    return walk(template) as T;
}

// ---------------------------------------------------------------------------------------------------
// AWS (castai/terraform-castai-eks-role-iam v2.0.3 and data source castai_eks_settings)
// ---------------------------------------------------------------------------------------------------

/** The AWS partition of a region, as the CAST AI provider's `castai_eks_settings` derives it. */
export function awsPartition(region: string): "aws" | "aws-us-gov" | "aws-cn" {
    if (region.includes("us-gov")) {
        return "aws-us-gov";
    }
    if (region.startsWith("cn-")) {
        return "aws-cn";
    }
    return "aws";
}

/** The account-wide policy CAST AI needs (`iam_policy_json`: PassRole, RunInstances, key pairs). */
export function castAiIamPolicy(accountId: string, region: string): PolicyDocument {
    return renderTemplate(awsIamPolicyTemplate as unknown as Json, {
        AccountNumber: accountId,
        Partition: awsPartition(region),
    }) as unknown as PolicyDocument;
}

/** What scopes CAST AI's inline policy to one cluster (`iam_user_policy_json`). */
export interface CastAiUserPolicyParams {
    accountId: string;
    region: string;
    clusterName: string;
    vpcId: string;
    /** The account that owns the VPC when it is shared; defaults to `accountId`. */
    sharedVpcAccountId?: string;
}

/**
 * The cluster-scoped inline policy: instance, autoscaling-group, EKS and launch-template actions
 * limited to the cluster's tag and VPC. `ARN` is `<region>:<account>` and `VPCArn`
 * `<region>:<vpc owner account>`, as `castai_eks_settings` templates them.
 */
export function castAiUserPolicy(params: CastAiUserPolicyParams): PolicyDocument {
    return renderTemplate(awsUserPolicyTemplate as unknown as Json, {
        Partition: awsPartition(params.region),
        ClusterName: params.clusterName,
        ARN: `${params.region}:${params.accountId}`,
        VPC: params.vpcId,
        VPCArn: `${params.region}:${params.sharedVpcAccountId ?? params.accountId}`,
    }) as unknown as PolicyDocument;
}

/**
 * Trust policy of the role CAST AI assumes. The CAST AI cluster id is required as `sts:ExternalId`, which
 * ties the role to this one CAST AI cluster (AWS's guard against a confused deputy). The module makes the
 * condition optional (`castai_user_external_id`, default null "because of backwards compatibility").
 * ASSUMPTION: CAST AI passes the cluster id as external id when it assumes the role; the reference does
 * not say so, CAST AI's own custom-IAM example relies on it
 * (terraform-provider-castai `examples/eks/eks_cluster_custom_iam/iam.tf`).
 */
export function castAiTrustPolicy(castaiPrincipalArn: string, castaiClusterId: string): PolicyDocument {
    return {
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "",
                Effect: "Allow",
                Action: "sts:AssumeRole",
                Principal: { AWS: castaiPrincipalArn },
                Condition: { StringEquals: { "sts:ExternalId": castaiClusterId } },
            },
        ],
    };
}

/** Trust policy of the instance role of CAST AI-provisioned nodes. */
export function nodeRoleTrustPolicy(): PolicyDocument {
    return {
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "",
                Effect: "Allow",
                Principal: { Service: "ec2.amazonaws.com" },
                Action: ["sts:AssumeRole", "sts:TagSession"],
            },
        ],
    };
}

/** The module's IPv6 policy for the node role (`CastEC2AssignIPv6Policy-<cluster>`). */
export function assignIpv6Policy(): PolicyDocument {
    return {
        Version: "2012-10-17",
        Statement: [{ Effect: "Allow", Action: "ec2:AssignIpv6Addresses", Resource: "*" }],
    };
}

/** ARN of an AWS managed policy given its path (`AmazonEC2ReadOnlyAccess`, `service-role/...`), in the region's partition. */
export function managedPolicyArn(region: string, path: string): string {
    return `arn:${awsPartition(region)}:iam::aws:policy/${path}`;
}

/** AWS managed policies (paths) attached to the role CAST AI assumes. */
export function castAiRoleManagedPolicies(): string[] {
    return ["AmazonEC2ReadOnlyAccess", "IAMReadOnlyAccess"];
}

/** The module's switches for the node role's managed policies (all default to true there). */
export interface NodeRolePolicyOptions {
    attachWorkerCniPolicy?: boolean;
    attachEbsCsiDriverPolicy?: boolean;
    attachSsmManagedInstanceCore?: boolean;
}

/** AWS managed policies (paths) of the node instance role, as the module's `castai_instance_profile_policy_list`. */
export function nodeRoleManagedPolicies(options: NodeRolePolicyOptions = {}): string[] {
    return [
        "AmazonEKSWorkerNodePolicy",
        "AmazonEC2ContainerRegistryReadOnly",
        ...((options.attachWorkerCniPolicy ?? true) ? ["AmazonEKS_CNI_Policy"] : []),
        ...((options.attachEbsCsiDriverPolicy ?? true) ? ["service-role/AmazonEBSCSIDriverPolicy"] : []),
        ...((options.attachSsmManagedInstanceCore ?? true) ? ["AmazonSSMManagedInstanceCore"] : []),
    ];
}

/** Physical IAM names, as the module computes them (truncated to IAM's 64-character role-name limit). */
export interface EksIamNames {
    roleName: string;
    policyName: string;
    userPolicyName: string;
    nodeRoleName: string;
    ipv6PolicyName: string;
}

export function eksIamNames(clusterName: string): EksIamNames {
    return {
        roleName: `castai-eks-${clusterName.slice(0, 53)}`,
        policyName: `CastEKSPolicy-${clusterName}`,
        userPolicyName: `castai-user-policy-${clusterName.slice(0, 45)}`,
        nodeRoleName: `castai-eks-instance-${clusterName.slice(0, 44)}`,
        ipv6PolicyName: `CastEC2AssignIPv6Policy-${clusterName}`,
    };
}

// ---------------------------------------------------------------------------------------------------
// GCP (castai/terraform-castai-gke-iam v0.5.1)
// ---------------------------------------------------------------------------------------------------

/** The 39 permissions of CAST AI's custom GKE role (`castai_gke_user_policies`). */
export function gkeCastAiPermissions(): string[] {
    return [...gcpIamPolicy.Policies];
}

/** The first 8 hex digits of sha1(text): the modules' per-cluster suffix, and our stable child-name suffix. */
export function shortHash(text: string): string {
    return crypto.createHash("sha1").update(text).digest("hex").slice(0, 8);
}

/** Service account id and custom role id, keyed by the first 8 hex digits of sha1(cluster name). */
export interface GkeIamNames {
    serviceAccountId: string;
    customRoleId: string;
}

export function gkeIamNames(clusterName: string): GkeIamNames {
    const hash = shortHash(clusterName);
    return { serviceAccountId: `castai-gke-tf-${hash}`, customRoleId: `castai.gkeAccess.${hash}.tf` };
}

/** One project-level role binding of the CAST AI service account. */
export interface GkeRoleBinding {
    /** `custom` stands for the CAST AI custom role (its full name is known only once it exists). */
    role: "roles/iam.serviceAccountUser" | "custom";
    /** Set when the binding is limited to given service accounts; see `gkeServiceAccountScopeExpression`. */
    condition?: { title: string; description: string };
}

/**
 * The bindings the module grants. Unscoped: `roles/iam.serviceAccountUser` on the whole project plus
 * the custom role. Scoped (service-account unique ids given): the same, with `serviceAccountUser`
 * limited by a condition to the service accounts CAST AI may attach to nodes.
 */
export function gkeRoleBindings(scoped: boolean): GkeRoleBinding[] {
    if (!scoped) {
        return [{ role: "roles/iam.serviceAccountUser" }, { role: "custom" }];
    }
    return [
        { role: "custom" },
        {
            role: "roles/iam.serviceAccountUser",
            condition: { title: "iam_condition", description: "IAM condition with limited scope" },
        },
    ];
}

/** The CEL expression of the scoped `serviceAccountUser` binding. */
export function gkeServiceAccountScopeExpression(serviceAccountsUniqueIds: readonly string[]): string {
    return serviceAccountsUniqueIds
        .map((id) => `resource.name.startsWith("projects/-/serviceAccounts/${id}")`)
        .join("||");
}

/**
 * Checks a service-account key JSON, as CAST AI's `credentials` field wants it, and returns its
 * `client_email`. The message names the argument, never the key's content.
 */
export function parseServiceAccountKey(keyJson: string, field = "existingServiceAccountKeyJson"): string {
    let parsed: unknown;
    try {
        parsed = JSON.parse(keyJson);
    } catch {
        throw new Error(`${field} must be a service-account key JSON document (the file GCP downloads); it is not JSON`);
    }
    const key = parsed as { type?: unknown; client_email?: unknown; private_key?: unknown };
    if (key.type !== "service_account" || typeof key.client_email !== "string" || typeof key.private_key !== "string") {
        throw new Error(
            `${field} must be a service-account key JSON document with "type": "service_account", "client_email" and "private_key"`,
        );
    }
    return key.client_email;
}

/** `google_service_account_key.private_key` is base64 of the key JSON; CAST AI wants the JSON itself. */
export function decodeServiceAccountKey(privateKeyBase64: string): string {
    return Buffer.from(privateKeyBase64, "base64").toString("utf8");
}

// ---------------------------------------------------------------------------------------------------
// Azure (castai/terraform-castai-aks v11.2.0, iam.tf)
// ---------------------------------------------------------------------------------------------------

/** Actions of the custom role `CastAKSRole-<cluster>-tf` (`not_actions` is empty). */
export const AKS_CASTAI_ROLE_ACTIONS: readonly string[] = [
    "Microsoft.Compute/*/read",
    "Microsoft.Compute/virtualMachines/*",
    "Microsoft.Compute/virtualMachineScaleSets/*",
    "Microsoft.Compute/disks/write",
    "Microsoft.Compute/disks/delete",
    "Microsoft.Compute/disks/beginGetAccess/action",
    "Microsoft.Compute/galleries/write",
    "Microsoft.Compute/galleries/delete",
    "Microsoft.Compute/galleries/images/write",
    "Microsoft.Compute/galleries/images/delete",
    "Microsoft.Compute/galleries/images/versions/write",
    "Microsoft.Compute/galleries/images/versions/delete",
    "Microsoft.Compute/snapshots/write",
    "Microsoft.Compute/snapshots/delete",
    "Microsoft.Network/*/read",
    "Microsoft.Network/networkInterfaces/write",
    "Microsoft.Network/networkInterfaces/delete",
    "Microsoft.Network/networkInterfaces/join/action",
    "Microsoft.Network/networkSecurityGroups/join/action",
    "Microsoft.Network/virtualNetworks/subnets/join/action",
    "Microsoft.Network/applicationGateways/backendhealth/action",
    "Microsoft.Network/applicationGateways/backendAddressPools/join/action",
    "Microsoft.Network/applicationSecurityGroups/joinIpConfiguration/action",
    "Microsoft.Network/loadBalancers/backendAddressPools/write",
    "Microsoft.Network/loadBalancers/backendAddressPools/join/action",
    "Microsoft.ContainerService/*/read",
    "Microsoft.ContainerService/managedClusters/start/action",
    "Microsoft.ContainerService/managedClusters/stop/action",
    "Microsoft.ContainerService/managedClusters/runCommand/action",
    "Microsoft.ContainerService/managedClusters/agentPools/*",
    "Microsoft.Resources/*/read",
    "Microsoft.Resources/tags/write",
    "Microsoft.Authorization/locks/read",
    "Microsoft.Authorization/roleAssignments/read",
    "Microsoft.Authorization/roleDefinitions/read",
    "Microsoft.ManagedIdentity/userAssignedIdentities/assign/action",
];

/** Audience and issuer of the federated credential: CAST AI signs in with a Google identity. */
export const AKS_FEDERATION_AUDIENCE = "api://AzureADTokenExchange";
export const AKS_FEDERATION_ISSUER = "https://accounts.google.com";

export function resourceGroupScope(subscriptionId: string, resourceGroup: string): string {
    return `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroup}`;
}

/** Where the role may be assigned: cluster RG, node RG and any extra scopes, without duplicates. */
export function aksAssignableScopes(
    subscriptionId: string,
    resourceGroup: string,
    nodeResourceGroup: string,
    additionalScopes: readonly string[] = [],
): string[] {
    return [
        ...new Set([
            resourceGroupScope(subscriptionId, resourceGroup),
            resourceGroupScope(subscriptionId, nodeResourceGroup),
            ...additionalScopes,
        ]),
    ];
}

/**
 * The subscription-level id of a custom role definition (azurerm's `role_definition_resource_id`):
 * what a role assignment references, whatever scope the definition was created at.
 */
export function roleDefinitionResourceId(subscriptionId: string, roleDefinitionGuid: string): string {
    return `/subscriptions/${subscriptionId}/providers/Microsoft.Authorization/roleDefinitions/${roleDefinitionGuid}`;
}

/** Physical Azure names, as the module computes them. */
export interface AksIamNames {
    roleName: string;
    identityName: string;
    federatedCredentialName: string;
}

export function aksIamNames(clusterName: string, resourceGroup: string): AksIamNames {
    return {
        roleName: `CastAKSRole-${clusterName}-tf`,
        identityName: `${clusterName}-castai-identity`,
        federatedCredentialName: `castai-${clusterName}-${resourceGroup}`.slice(0, 64),
    };
}

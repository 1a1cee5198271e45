// Wire types of the CAST AI operations this package uses, by the names the package uses: the generated schema types
// of ./wire.ts (from the OpenAPI subset in ./castai-openapi.json), narrowed only where this package relies on more
// than the schema promises, each narrowing said where it is. Types only: closure serialization of the dynamic
// providers never sees them. `null` is how the API says "not set".
import type { ClusterAutoscaler, Main, PatchingEngine } from "./wire";

/**
 * `T` with the `K` fields always present (though maybe `null`, if the schema says so), where the schema leaves them
 * optional but this package relies on them; the emulator's stored objects use it too.
 */
export type Present<T, K extends keyof T> = T & Required<Pick<T, K>>;

/** The clouds this package onboards (the schema's `providerType` is any string). */
export type ProviderType = "eks" | "gke" | "aks";

export type EksClusterParams = Main.ExternalclusterV1EKSClusterParams;
export type GkeClusterParams = Main.ExternalclusterV1GKEClusterParams;
export type AksClusterParams = Main.ExternalclusterV1AKSClusterParams;
export type RegisterClusterRequest = Main.ExternalclusterV1RegisterClusterRequest;

/** castai-api.md §2.2; the schema's `status` is any string, so this union documents the values, not a guarantee. */
export type ClusterStatus =
    | "connecting"
    | "ready"
    | "warning"
    | "failed"
    | "deleting"
    | "deleted"
    | "archived"
    | "hibernating"
    | "hibernated"
    | "resuming";

/** A registered cluster: every answer carries its id and name. */
export type Cluster = Present<Main.ExternalclusterV1Cluster, "id" | "name">;

export type ClusterUpdate = Main.ExternalclusterV1ClusterUpdate;
export type DisconnectRequest = Main.ExternalclusterV1DisconnectConfig;
export type Headroom = Main.PoliciesV1Headroom;

/** `policies.v1.Policies`: a partial document means "only these fields". */
export type Policies = Main.PoliciesV1Policies;

export type TemplateConstraints = Main.NodetemplatesV1TemplateConstraints;
export type Taint = Main.NodetemplatesV1TaintWithOptionalEffect;

/** A node template as read: every template has its name. */
export type NodeTemplate = Present<Main.NodetemplatesV1NodeTemplate, "name">;

export interface NodeTemplateList {
    items?: (Omit<Main.NodetemplatesV1NodeTemplateListItem, "template"> & { template: NodeTemplate })[];
}

export type NodeConfiguration = Main.NodeconfigV1NodeConfiguration;
export type EvictionSettings = Main.CastaiEvictorV1EvictionSettings;
export type LabelSelector = Main.CastaiEvictorV1LabelSelector;
export type EvictionRule = Main.CastaiEvictorV1EvictionConfig;
export type EvictorAdvancedConfig = Main.CastaiEvictorV1AdvancedConfig;
export type HibernationSchedule = ClusterAutoscaler.HibernationSchedule;

/** The spot types a distribution group can ask for; the API's `SPOT_TYPE_UNSPECIFIED` is its zero value, never sent. */
export type SpotType = Exclude<PatchingEngine.DistributionGroupConfigSpotType, "SPOT_TYPE_UNSPECIFIED">;

/** A pod mutation's input names each group, its share and its config (which may be empty). */
export type DistributionGroup = Present<PatchingEngine.DistributionGroup, "name" | "percentage" | "config">;
export type PodMutation = PatchingEngine.PodMutation;

/** A service account as read: every answer carries its id and name. */
export type ServiceAccount = Present<Main.CastaiServiceaccountsV1beta1ServiceAccount, "id" | "name">;

/**
 * A key as read (`ServiceAccountKey`) or as created (`CreateServiceAccountKeyResponse`, the only answer with the
 * token): every answer carries its id and name.
 */
export type ServiceAccountKey = Present<
    Main.CastaiServiceaccountsV1beta1ServiceAccountKey & Partial<Main.CastaiServiceaccountsV1beta1CreateServiceAccountKeyResponse>,
    "id" | "name"
>;

export type GroupMember = Main.CastaiRbacV1beta1Member;

/** A group as read: every answer carries its id. */
export type OrganizationGroup = Present<Main.CastaiRbacV1beta1Group, "id">;

export type RoleBindingDefinition = Main.CastaiRbacV1beta1RoleBindingDefinition;

/** A role binding as read: every answer carries its id. */
export type RoleBinding = Present<Main.CastaiRbacV1beta1RoleBinding, "id">;

// The cost reports are not in the reconstructed specs (components/api/castai-openapi.json lists them outside), so
// their shape is written from castai-api.md.

export interface PriceFigures {
    priceBefore?: string;
    priceAfter?: string;
}

export interface SavingsScenario {
    monthly?: PriceFigures;
    hourly?: PriceFigures;
    savingsPercentage?: string;
}

export interface EstimatedSavings {
    recommendations?: Record<string, SavingsScenario>;
    currentConfiguration?: { totalPrice?: { hourly?: string; monthly?: string } };
    isRebalancingRecommended?: boolean;
    lastUpdatedAt?: string;
}

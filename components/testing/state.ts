// The emulator's live state: what CAST AI would hold for one organization. Objects are stored in their API
// shape (the generated wire types of components/api/wire.ts, with the fields the emulator always fills made
// required), minus the fields the server fills on read. Tests read it directly through `Emulator.state`;
// `GET /__emulator/state` serves it as JSON.

import type { ClusterStatus, Present, ProviderType } from "../api/types";
import type { ClusterAutoscaler, Main, PatchingEngine } from "../api/wire";
import { notFound } from "./errors";
import { newId } from "./ids";
import { own, type JsonObject } from "./merge";

export type { ClusterStatus, ProviderType };

/** The values castai-api.md lists for the schema's free-form `agentStatus`. */
export type AgentStatus = "waiting-connection" | "online" | "non-responding" | "disconnected" | "disconnecting";

export interface Organization extends Present<Main.CastaiUsersV1beta1Organization, "id" | "createdAt"> {
  type: "ORGANIZATION_TYPE_DEFAULT";
}

/** Who an API key belongs to; shown as `author` of what it creates. Emulator bookkeeping, not an API object. */
export interface Principal {
  id: string;
  email: string;
  kind: "user" | "service_account";
}

export interface Cluster
  extends Present<
    Omit<Main.ExternalclusterV1Cluster, "eks" | "gke" | "aks">,
    "id" | "name" | "organizationId" | "createdAt" | "deletedAt" | "providerNamespaceId" | "clusterNameId" | "isPhase2"
  > {
  /** "" until credentials are set; a new id after every successful credentials update. */
  credentialsId: string;
  region: Required<Main.ExternalclusterV1Region>;
  status: ClusterStatus;
  agentStatus: AgentStatus;
  providerType: ProviderType;
  /** The cloud block as registered, kept as sent (merge patches edit it). */
  eks?: JsonObject;
  gke?: JsonObject;
  aks?: JsonObject;
}

/** `policies.v1.Policies` as last written; volatile fields (statuses, template version) are filled on read. */
export interface Policies extends Main.PoliciesV1Policies {
  /** Merge patches edit it as a JSON object. */
  [field: string]: unknown;
}

export interface NodeTemplate
  extends Present<Main.NodetemplatesV1NodeTemplate, "name" | "isDefault" | "isEnabled" | "shouldTaint" | "configurationId" | "constraints"> {
  /** Decimal counter as a string, bumped on every write. */
  version: string;
  /** Fields of the request kept as validated. */
  [field: string]: unknown;
}

export interface NodeConfiguration extends Present<Main.NodeconfigV1NodeConfiguration, "createdAt" | "updatedAt"> {
  [field: string]: unknown;
}

export type EvictorAdvancedConfig = Main.CastaiEvictorV1AdvancedConfig;

export type HibernationSchedule = Present<ClusterAutoscaler.HibernationSchedule, "id" | "organizationId" | "createTime" | "updateTime">;

export interface PodMutation
  extends Present<PatchingEngine.PodMutation, "id" | "organizationId" | "clusterId" | "name" | "enabled" | "createTime" | "updateTime"> {
  /** Mutations made through the API; CUSTOM_RESOURCE ones come from the cluster, which the emulator does not run. */
  source: "API";
  [field: string]: unknown;
}

export interface ServiceAccount
  extends Present<Omit<Main.CastaiServiceaccountsV1beta1ServiceAccount, "author" | "keys" | "keysCount">, "id" | "organizationId" | "name" | "description" | "email" | "createdAt"> {
  author: Principal;
}

/** The key's token is never stored, only its SHA-256, as a real server would keep it. */
export interface ServiceAccountKey extends Present<Main.CastaiServiceaccountsV1beta1ServiceAccountKey, "id" | "name" | "active"> {
  /** First characters of the token, what the console shows to tell keys apart. */
  prefix: string;
  createdAt: string;
  tokenSha256: string;
}

/** `castai.rbac.v1beta1.Group` as stored; `definition.author` is who created it. */
export interface OrganizationGroup
  extends Present<Main.CastaiRbacV1beta1Group, "id" | "organizationId" | "name" | "description" | "managedBy" | "createdAt" | "updatedAt"> {
  definition: { author: Required<Main.CastaiRbacV1beta1Author>; members: GroupMember[] };
}

export type GroupMember = Present<Main.CastaiRbacV1beta1Member, "addedAt">;

/** `castai.rbac.v1beta1.RoleBinding` as stored. */
export interface RoleBinding
  extends Present<Main.CastaiRbacV1beta1RoleBinding, "id" | "organizationId" | "name" | "description" | "managedBy" | "createdAt" | "updatedAt"> {
  definition: RoleBindingDefinition;
  /** The emulator accepts every binding at once, so no status is ever UNKNOWN. */
  status: (Required<Omit<Main.CastaiRbacV1beta1RoleBindingStatus, "policies">> & { state: "ACCEPTED" | "CREATED" | "FAILED" })[];
}

export type RoleBindingDefinition = Present<Main.CastaiRbacV1beta1RoleBindingDefinition, "scopes" | "subjects">;

export interface EmulatorState {
  organization: Organization;
  /** The user the emulator's API key belongs to. */
  user: Principal;
  /** By cluster id, archived clusters included. */
  clusters: Record<string, Cluster>;
  /** Every cluster token issued, by cluster id, so tests can check that none of them leaked anywhere. */
  clusterTokens: Record<string, string[]>;
  /** AWS principal ARN created for a cluster, by cluster id. */
  assumeRolePrincipals: Record<string, string>;
  policies: Record<string, Policies>;
  /** By cluster id, then template name. */
  nodeTemplates: Record<string, Record<string, NodeTemplate>>;
  /** By cluster id, then configuration id. */
  nodeConfigurations: Record<string, Record<string, NodeConfiguration>>;
  evictorConfigs: Record<string, EvictorAdvancedConfig>;
  /** By schedule id (schedules belong to the organization). */
  hibernationSchedules: Record<string, HibernationSchedule>;
  /** By cluster id, then mutation id. */
  podMutations: Record<string, Record<string, PodMutation>>;
  serviceAccounts: Record<string, ServiceAccount>;
  /** By service account id, then key id. */
  serviceAccountKeys: Record<string, Record<string, ServiceAccountKey>>;
  /** By group id. */
  organizationGroups: Record<string, OrganizationGroup>;
  /** By role binding id. */
  roleBindings: Record<string, RoleBinding>;
}

export function createState(organizationName: string, now: Date): EmulatorState {
  return {
    organization: { id: newId(), name: organizationName, createdAt: now.toISOString(), type: "ORGANIZATION_TYPE_DEFAULT" },
    user: { id: newId(), email: "emulator-user@castai-fleet.local", kind: "user" },
    clusters: {},
    clusterTokens: {},
    assumeRolePrincipals: {},
    policies: {},
    nodeTemplates: {},
    nodeConfigurations: {},
    evictorConfigs: {},
    hibernationSchedules: {},
    podMutations: {},
    serviceAccounts: {},
    serviceAccountKeys: {},
    organizationGroups: {},
    roleBindings: {},
  };
}

/** Any registered cluster, archived ones included (they keep answering GET). */
export function requireCluster(state: EmulatorState, clusterId: string): Cluster {
  const cluster = own(state.clusters, clusterId);
  if (!cluster) throw notFound("cluster not found");
  return cluster;
}

/**
 * A cluster whose objects can still be used. ASSUMPTION: once archived, a cluster's per-cluster objects
 * (policies, templates, ...) answer 404, as the cluster is gone from the console.
 */
export function requireLiveCluster(state: EmulatorState, clusterId: string): Cluster {
  const cluster = requireCluster(state, clusterId);
  if (cluster.status === "archived") throw notFound("cluster not found");
  return cluster;
}

/** The organization in a path must be the emulator's one. */
export function requireOrganization(state: EmulatorState, organizationId: string): void {
  // ASSUMPTION: another organization's id answers 404 (the reference does not say 403 or 404).
  if (organizationId !== state.organization.id) throw notFound("organization not found");
}

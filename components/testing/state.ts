// The emulator's live state: what CAST AI would hold for one organization. Objects are stored in their API
// shape (field names from the OpenAPI), minus the fields the server fills on read. Tests read it directly
// through `Emulator.state`; `GET /__emulator/state` serves it as JSON.

import { notFound } from "./errors";
import { newId } from "./ids";
import { own, type JsonObject } from "./merge";

/** castai-api.md §2.2; `archived` is what a deleted cluster keeps answering with. */
export type ClusterStatus =
  | "connecting"
  | "ready"
  | "warning"
  | "failed"
  | "deleting"
  | "deleted"
  | "hibernating"
  | "hibernated"
  | "resuming"
  | "archived";

export type AgentStatus = "waiting-connection" | "online" | "non-responding" | "disconnected" | "disconnecting";

export type ProviderType = "eks" | "gke" | "aks";

export interface Organization {
  id: string;
  name: string;
  createdAt: string;
  type: "ORGANIZATION_TYPE_DEFAULT";
}

/** Who an API key belongs to; shown as `author` of what it creates. */
export interface Principal {
  id: string;
  email: string;
  kind: "user" | "service_account";
}

export interface Cluster {
  id: string;
  name: string;
  organizationId: string;
  /** "" until credentials are set; a new id after every successful credentials update. */
  credentialsId: string;
  createdAt: string;
  deletedAt: string | null;
  region: { name: string; displayName: string };
  status: ClusterStatus;
  agentStatus: AgentStatus;
  agentSnapshotReceivedAt?: string;
  providerType: ProviderType;
  /** AWS account, GCP project or Azure subscription. */
  providerNamespaceId: string;
  clusterNameId: string;
  isPhase2: boolean;
  eks?: JsonObject;
  gke?: JsonObject;
  aks?: JsonObject;
}

/** `policies.v1.Policies` as last written; volatile fields (statuses, template version) are filled on read. */
export interface Policies {
  enabled?: boolean;
  isScopedMode?: boolean;
  nodeTemplatesPartialMatchingEnabled?: boolean;
  unschedulablePods?: JsonObject;
  clusterLimits?: JsonObject;
  spotInstances?: JsonObject;
  nodeDownscaler?: JsonObject;
  [field: string]: unknown;
}

export interface NodeTemplate {
  name: string;
  isDefault: boolean;
  isEnabled: boolean;
  shouldTaint: boolean;
  configurationId: string;
  /** Decimal counter as a string, bumped on every write. */
  version: string;
  constraints: JsonObject;
  [field: string]: unknown;
}

export interface NodeConfiguration {
  id: string;
  name: string;
  default: boolean;
  version: number;
  createdAt: string;
  updatedAt: string;
  diskCpuRatio: number;
  minDiskSize: number;
  subnets: string[];
  tags: Record<string, string>;
  [field: string]: unknown;
}

export interface EvictorAdvancedConfig {
  evictionConfig: JsonObject[];
}

export interface HibernationSchedule {
  id: string;
  organizationId: string;
  name: string;
  enabled: boolean;
  pauseConfig: JsonObject;
  resumeConfig: JsonObject;
  clusterAssignments: { items: { clusterId: string }[] };
  createTime: string;
  updateTime: string;
}

export interface PodMutation {
  id: string;
  organizationId: string;
  clusterId: string;
  name: string;
  enabled: boolean;
  source: "API";
  createTime: string;
  updateTime: string;
  [field: string]: unknown;
}

export interface ServiceAccount {
  id: string;
  organizationId: string;
  name: string;
  description: string;
  email: string;
  createdAt: string;
  author: Principal;
}

/** The key's token is never stored, only its SHA-256, as a real server would keep it. */
export interface ServiceAccountKey {
  id: string;
  name: string;
  /** First characters of the token, what the console shows to tell keys apart. */
  prefix: string;
  active: boolean;
  createdAt: string;
  expiresAt?: string;
  lastUsedAt?: string;
  tokenSha256: string;
}

/** `castai.rbac.v1beta1.Group` as stored; `definition.author` is who created it. */
export interface OrganizationGroup {
  id: string;
  organizationId: string;
  name: string;
  description: string;
  definition: { author: { id: string; email: string }; members: GroupMember[] };
  labelSelector?: JsonObject;
  managedBy: string;
  createdAt: string;
  updatedAt: string;
}

export interface GroupMember {
  id: string;
  email: string;
  kind: "USER" | "SERVICE_ACCOUNT";
  addedAt: string;
}

/** `castai.rbac.v1beta1.RoleBinding` as stored. */
export interface RoleBinding {
  id: string;
  organizationId: string;
  name: string;
  description: string;
  definition: RoleBindingDefinition;
  managedBy: string;
  createdAt: string;
  updatedAt: string;
  status: { state: "ACCEPTED" | "CREATED" | "FAILED"; message: string; updatedAt: string }[];
}

export interface RoleBindingDefinition {
  roleId: string;
  scopes: { organization?: { id: string }; cluster?: { id: string }; resource?: { id: string } }[];
  subjects: { user?: { id: string }; group?: { id: string }; serviceAccount?: { id: string } }[];
}

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

// Wire types of the CAST AI operations this package uses, written by hand from shared/reference/castai-api.md and
// the reconstructed OpenAPI (field names exact). Hand-written rather than generated: the subset is small, and
// generated clients pull in dependencies that break closure serialization of dynamic providers.
// Every field the API may omit is optional; `null` is how the API says "not set".

export type ProviderType = "eks" | "gke" | "aks";

export interface EksClusterParams {
    accountId?: string;
    region?: string;
    clusterName?: string;
    assumeRoleArn?: string;
}

export interface GkeClusterParams {
    projectId?: string;
    region?: string;
    location?: string;
    clusterName?: string;
}

export interface AksClusterParams {
    region?: string;
    subscriptionId?: string;
    nodeResourceGroup?: string;
    clusterResourceGroup?: string;
    tenantId?: string;
}

export interface RegisterClusterRequest {
    name: string;
    eks?: EksClusterParams;
    gke?: GkeClusterParams;
    aks?: AksClusterParams;
    organizationId?: string;
}

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

export interface Cluster {
    id: string;
    name: string;
    organizationId?: string;
    credentialsId?: string;
    status?: ClusterStatus | string;
    agentStatus?: string;
    providerType?: string;
    providerNamespaceId?: string;
    region?: { name?: string; displayName?: string };
    eks?: EksClusterParams;
    gke?: GkeClusterParams;
    aks?: AksClusterParams;
    createdAt?: string;
    deletedAt?: string | null;
    isPhase2?: boolean;
}

export interface ClusterUpdate {
    credentials?: string;
    eks?: { assumeRoleArn?: string };
    aks?: { httpProxyConfig?: { httpProxy?: string; httpsProxy?: string; noProxy?: string[] } | null };
}

export interface DisconnectRequest {
    deleteProvisionedNodes?: boolean;
    keepKubernetesResources?: boolean;
}

export interface Headroom {
    enabled?: boolean | null;
    cpuPercentage?: number | null;
    memoryPercentage?: number | null;
}

/** `policies.v1.Policies`: every scalar is nullable; a partial document means "only these fields". */
export interface Policies {
    enabled?: boolean | null;
    isScopedMode?: boolean | null;
    nodeTemplatesPartialMatchingEnabled?: boolean | null;
    defaultNodeTemplateVersion?: string | null;
    unschedulablePods?: {
        enabled?: boolean | null;
        headroom?: Headroom | null;
        headroomSpot?: Headroom | null;
        podPinner?: { enabled?: boolean | null; status?: string | null } | null;
        [key: string]: unknown;
    } | null;
    clusterLimits?: { enabled?: boolean | null; cpu?: { minCores?: number | null; maxCores?: number | null } | null } | null;
    spotInstances?: Record<string, unknown> | null;
    nodeDownscaler?: {
        enabled?: boolean | null;
        emptyNodes?: { enabled?: boolean | null; delaySeconds?: number | null } | null;
        evictor?: {
            enabled?: boolean | null;
            dryRun?: boolean | null;
            aggressiveMode?: boolean | null;
            scopedMode?: boolean | null;
            cycleInterval?: string | null;
            nodeGracePeriodMinutes?: number | null;
            podEvictionFailureBackOffInterval?: string | null;
            ignorePodDisruptionBudgets?: boolean | null;
            status?: string | null;
            [key: string]: unknown;
        } | null;
    } | null;
}

export interface TemplateConstraints {
    spot?: boolean | null;
    onDemand?: boolean | null;
    useSpotFallbacks?: boolean | null;
    fallbackRestoreRateSeconds?: number | null;
    enableSpotDiversity?: boolean | null;
    spotDiversityPriceIncreaseLimitPercent?: number | null;
    minCpu?: number | null;
    maxCpu?: number | null;
    minMemory?: number | null;
    maxMemory?: number | null;
    architectures?: string[] | null;
    os?: string[] | null;
    azs?: string[] | null;
    instanceFamilies?: { include?: string[]; exclude?: string[] } | null;
    [key: string]: unknown;
}

export interface Taint {
    key: string;
    value?: string | null;
    effect?: "NoSchedule" | "NoExecute";
}

export interface NodeTemplate {
    name: string;
    isDefault?: boolean;
    isEnabled?: boolean | null;
    configurationId?: string;
    configurationName?: string;
    shouldTaint?: boolean | null;
    customLabels?: Record<string, string>;
    customTaints?: Taint[];
    customInstancesEnabled?: boolean | null;
    constraints?: TemplateConstraints;
    version?: string;
    [key: string]: unknown;
}

export interface NodeTemplateList {
    items?: { template: NodeTemplate; stats?: Record<string, number> }[];
}

export interface NodeConfiguration {
    id: string;
    name: string;
    default?: boolean;
    diskCpuRatio?: number;
    minDiskSize?: number;
    drainTimeoutSec?: number | null;
    subnets?: string[];
    tags?: Record<string, string>;
    image?: string | null;
    containerRuntime?: string;
    eks?: Record<string, unknown>;
    gke?: Record<string, unknown>;
    aks?: Record<string, unknown>;
    version?: number;
    [key: string]: unknown;
}

export interface EvictionSettings {
    removalDisabled?: { enabled: boolean };
    aggressive?: { enabled: boolean };
    disposable?: { enabled: boolean };
}

export interface LabelSelector {
    matchLabels?: Record<string, string>;
    matchExpressions?: { key: string; operator: string; values?: string[] }[];
}

export interface EvictionRule {
    podSelector?: { namespace?: string; kind?: string; replicasMin?: number | null; labelSelector?: LabelSelector };
    nodeSelector?: { labelSelector: LabelSelector };
    settings: EvictionSettings;
}

export interface EvictorAdvancedConfig {
    evictionConfig: EvictionRule[];
}

export interface HibernationSchedule {
    id?: string;
    organizationId?: string;
    name: string;
    enabled: boolean;
    pauseConfig: { enabled: boolean; schedule: { cronExpression: string } };
    resumeConfig: {
        enabled: boolean;
        schedule: { cronExpression: string };
        jobConfig: { nodeConfig: { instanceType: string; [key: string]: unknown } };
    };
    clusterAssignments: { items: { clusterId: string }[] };
    [key: string]: unknown;
}

export type SpotType = "OPTIONAL_SPOT" | "PREFERRED_SPOT" | "USE_ONLY_SPOT";

export interface DistributionGroup {
    name: string;
    percentage: number;
    config: { spotType?: SpotType; labels?: Record<string, string>; annotations?: Record<string, string>; [key: string]: unknown };
}

export interface PodMutation {
    id?: string;
    clusterId?: string;
    organizationId?: string;
    name: string;
    enabled?: boolean;
    spotType?: SpotType;
    distributionGroups?: DistributionGroup[];
    /** Deprecated by the API in favour of objectFilterV2. */
    objectFilter?: Record<string, unknown>;
    objectFilterV2?: Record<string, unknown>;
    [key: string]: unknown;
}

export interface ServiceAccount {
    id: string;
    name: string;
    description?: string;
    email?: string;
    organizationId?: string;
    createdAt?: string;
}

export interface ServiceAccountKey {
    id: string;
    name: string;
    active?: boolean;
    prefix?: string;
    expiresAt?: string | null;
    createdAt?: string;
    lastUsedAt?: string | null;
    /** Only in the create response. */
    token?: string;
}

/** `castai.rbac.v1beta1.Member`: `kind` is `USER` or `SERVICE_ACCOUNT`. */
export interface GroupMember {
    id: string;
    email: string;
    kind: "USER" | "SERVICE_ACCOUNT";
    addedAt?: string;
}

export interface OrganizationGroup {
    id: string;
    name?: string;
    description?: string;
    organizationId?: string;
    definition?: { members?: GroupMember[] };
}

/** One entry of a role binding's `scopes` or `subjects`: exactly one key set. */
export type RbacRef<K extends string> = Partial<Record<K, { id: string }>>;

export interface RoleBindingDefinition {
    roleId: string;
    scopes?: RbacRef<"organization" | "cluster" | "resource">[];
    subjects?: RbacRef<"user" | "group" | "serviceAccount">[];
}

export interface RoleBinding {
    id: string;
    name?: string;
    description?: string;
    organizationId?: string;
    definition?: RoleBindingDefinition;
    status?: { state?: "ACCEPTED" | "CREATED" | "FAILED"; message?: string }[];
}

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

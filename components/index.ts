// The public surface of @castai-fleet/pulumi: re-exports only. Cloud SDKs and @pulumi/kubernetes load only when
// the code that needs them runs (see the cloud/ and kubernetes/ modules).
export { CastAiCluster, CastAiIdentity } from "./cluster";
export { argsError } from "./argsError";
export { CastAiAksArgs, CastAiClusterArgs, CastAiEksArgs, CastAiGkeArgs, CastAiMonitoringOptions } from "./clusterArgs";
export { ClusterPlan, ClusterPlanResult, IdentityPlan, PlannedResource, planCluster } from "./clusterPlan";
export { autoscalerPolicies, resumeInstanceTypes, spotShareGroups, spotTemplateConstraints } from "./clusterObjects";
export * from "./environments";
export { CastAiEnvironmentAccess } from "./environmentAccess";
export {
    CastAiEnvironmentAccessArgs,
    CastAiRole,
    EnvironmentAccessPlan,
    EnvironmentAccessPlanResult,
    PlannedKey,
    PlannedTeam,
    PlatformTeamAccess,
    TeamAccess,
    planEnvironmentAccess,
} from "./environmentAccessPlan";
export { KeySlot, RotationSettings, RotationState, rotationAt, rotationKeepers } from "./keyRotation";
export { ApiKeySource, EnvironmentApiKey, KEY_ENVIRONMENT_CONFIG, STACK_ENVIRONMENT_CONFIG, apiKeyFromConfig, apiKeyFromStack } from "./environmentApiKey";
export * from "./savings";
export * from "./programApi";
export { CastAiClient, CastAiClientOptions, EU_API_URL, US_API_URL } from "./api/client";
export * from "./api/errors";
/** CAST AI wire types (request and response bodies), e.g. `api.Policies`. */
export type * as api from "./api/types";
// The CAST AI resources: each class with its args.
export { ClusterCredentials, ExternalCluster, ExternalClusterArgs } from "./resources/externalCluster";
export { AgentConnection, AgentConnectionArgs } from "./resources/agentConnection";
export { EksAssumeRolePrincipal, EksAssumeRolePrincipalArgs } from "./resources/eksAssumeRolePrincipal";
export { AutoscalerPolicy, AutoscalerPolicyArgs } from "./resources/autoscalerPolicy";
export { DEFAULT_NODE_TEMPLATE, NodeTemplate, NodeTemplateArgs } from "./resources/nodeTemplate";
export { NodeConfiguration, NodeConfigurationArgs } from "./resources/nodeConfiguration";
export { HibernationSchedule, HibernationScheduleArgs } from "./resources/hibernationSchedule";
export { EvictorConfig, EvictorConfigArgs } from "./resources/evictorConfig";
export { PodMutation, PodMutationArgs } from "./resources/podMutation";
export { ServiceAccount, ServiceAccountArgs } from "./resources/serviceAccount";
export { ServiceAccountKey, ServiceAccountKeyArgs } from "./resources/serviceAccountKey";
export { GroupMemberInput, GroupMemberKind, OrganizationGroup, OrganizationGroupArgs } from "./resources/organizationGroup";
export { CASTAI_ROLE_IDS, RoleBinding, RoleBindingArgs, RoleBindingScope, RoleBindingSubject } from "./resources/roleBinding";
export { CommonArgs } from "./resources/commonArgs";
export * from "./cloud";
export * from "./kubernetes";

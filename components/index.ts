// The public surface of @castai-fleet/pulumi: re-exports only. Cloud SDKs and @pulumi/kubernetes load only when
// the code that needs them runs (see the cloud/ and kubernetes/ modules).
export { CastAiCluster, CastAiIdentity } from "./cluster";
export { CastAiAksArgs, CastAiClusterArgs, CastAiEksArgs, CastAiGkeArgs, CastAiMonitoringOptions } from "./clusterArgs";
export { ClusterPlan, ClusterPlanResult, IdentityPlan, PlannedResource, planCluster } from "./clusterPlan";
export { autoscalerPolicies, resumeInstanceTypes, spotShareGroups, spotTemplateConstraints } from "./clusterObjects";
export * from "./environments";
export * from "./savings";
export * from "./programApi";
export { CastAiClient, CastAiClientOptions, EU_API_URL, US_API_URL } from "./api/client";
export * from "./api/errors";
/** CAST AI wire types (request and response bodies), e.g. `api.Policies`. */
export type * as api from "./api/types";
export * from "./resources/externalCluster";
export * from "./resources/eksAssumeRolePrincipal";
export * from "./resources/autoscalerPolicy";
export * from "./resources/nodeTemplate";
export * from "./resources/nodeConfiguration";
export * from "./resources/hibernationSchedule";
export * from "./resources/evictorConfig";
export * from "./resources/podMutation";
export * from "./resources/serviceAccount";
export * from "./resources/serviceAccountKey";
export { GroupMemberInput, GroupMemberKind, OrganizationGroup, OrganizationGroupArgs } from "./resources/organizationGroup";
export { CASTAI_ROLE_IDS, RoleBinding, RoleBindingArgs, RoleBindingScope, RoleBindingSubject } from "./resources/roleBinding";
export * from "./resources/commonArgs";
export * from "./cloud";
export * from "./kubernetes";

// The public surface of @castai-fleet/pulumi: re-exports only. Cloud SDKs load only when a cloud's code runs.
export * from "./api/client";
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
export * from "./savings";

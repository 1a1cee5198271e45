// `@castai-fleet/pulumi/testing`: the CAST AI emulator for offline tests and demos.
export { startEmulator } from "./emulator";
export type { Emulator, EmulatorConsole, EmulatorDelays, EmulatorOptions, FaultRule, RecordedRequest } from "./types";
export type {
  AgentStatus,
  Cluster,
  ClusterStatus,
  EmulatorState,
  EvictorAdvancedConfig,
  HibernationSchedule,
  NodeConfiguration,
  NodeTemplate,
  Organization,
  Policies,
  PodMutation,
  Principal,
  ProviderType,
  ServiceAccount,
  ServiceAccountKey,
} from "./state";
export type { JsonObject } from "./merge";

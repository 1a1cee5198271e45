// `@castai-fleet/pulumi/testing`: the CAST AI emulator for offline tests and demos.
//
//   const emu = await startEmulator({ strict: true });      // http://127.0.0.1:<random port>
//   // point the client at emu.url with X-API-Key: emu.apiKey, then:
//   emu.addFault({ method: "POST", path: "/v1/kubernetes/*", kind: "status", status: 429, retryAfterSeconds: 1, times: 2 });
//   emu.console.updateNodeTemplate(clusterId, "default-by-castai", { constraints: { spot: true } }); // drift
//   assert.ok(!JSON.stringify(emu.requests).includes(emu.apiKey));
//   await emu.stop();
export { startEmulator } from "./emulator";
export type { AgentConnects, Emulator, EmulatorConsole, EmulatorDelays, EmulatorOptions, FaultRule, RecordedRequest } from "./types";
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

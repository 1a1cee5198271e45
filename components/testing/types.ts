// Public API of the emulator: options, fault rules, the request log and the handle `startEmulator` returns.

import type { Clock } from "./clock";
import type { JsonObject } from "./merge";
import type {
  AgentStatus,
  Cluster,
  ClusterStatus,
  EmulatorState,
  EvictorAdvancedConfig,
  HibernationSchedule,
  NodeConfiguration,
  NodeTemplate,
  Policies,
  PodMutation,
  ServiceAccount,
} from "./state";

/**
 * When a cluster's agent reports. In the real service agentStatus stays "waiting-connection" and the cluster
 * "connecting" until the castai-agent in the cluster sends its first snapshot.
 * - "onReady": the emulator stands in for the agent, which reports as the cluster becomes ready
 *   (`delays.clusterReadyMs` after registration), for programs tested without a cluster to run it in.
 * - "onConsoleAction": as the real service; `console.connectAgent(clusterId)` is the agent's first report, and the
 *   cluster becomes ready `delays.clusterReadyMs` after it.
 */
export type AgentConnects = "onReady" | "onConsoleAction";

/** Lifecycle delays in ms (see `EmulatorOptions.delays`). */
export interface EmulatorDelays {
  /** From registration (or a credentials update) to status "ready". `Infinity` keeps it "connecting". */
  clusterReadyMs: number;
  /** From a disconnect request to status "deleted" / agent "disconnected". */
  disconnectMs: number;
  /** From registration to the `default-by-castai` node template appearing. */
  defaultTemplateMs: number;
}

export interface EmulatorOptions {
  /** Port on 127.0.0.1; 0 (default) picks a free one. */
  port?: number;
  /**
   * Reject unknown JSON keys with a 400 naming the field. Default false: unknown keys are silently dropped,
   * as the real API does (that is how a renamed key gets lost), so only strict mode catches them.
   */
  strict?: boolean;
  /** The key clients must send as `X-API-Key`. Default: a random `castai-emu-<40 hex>` per start. */
  apiKey?: string;
  /** Default "castai-fleet-emulator". */
  organizationName?: string;
  /** Default "onReady". */
  agentConnects?: AgentConnects;
  /** Lifecycle delays in ms; all default to 0, so tests are fast unless they ask for the slow path. */
  delays?: Partial<EmulatorDelays>;
  /** Faults active from the start. */
  faults?: FaultRule[];
  /**
   * Path of a JSON file shaped like the state (`GET /__emulator/state` of an earlier run, or a part of it) to start
   * from instead of an empty organization. Its top-level parts replace the empty ones; seeded clusters get the
   * server-side objects the file leaves out (policies, default node configuration and template, ...).
   */
  seed?: string;
}

export interface FaultRule {
  /** HTTP method, any case; undefined matches every method. */
  method?: string;
  /** URL path without query: exact string, prefix when it ends with "*", or a RegExp; undefined matches all. */
  path?: string | RegExp;
  kind: "latency" | "status" | "drop";
  /** For kind "status": 429, 500, 502, 503, ... */
  status?: number;
  /** Adds a `Retry-After` header (seconds) to a "status" reply. */
  retryAfterSeconds?: number;
  /** For kind "latency". */
  latencyMs?: number;
  /** Applies to the next N matching calls, then disappears; undefined = until cleared. */
  times?: number;
  /**
   * Process the request first (state changes!), then apply the fault: the client sees the error, the
   * latency or a dropped connection although the server did the work, like a POST whose response was lost.
   */
  afterHandling?: boolean;
}

export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string | string[]>;
  /** Status sent; 0 when the connection was dropped without a response. */
  status: number;
  /** Parsed JSON request body. Headers are never recorded, so the API key never reaches the log. */
  body?: unknown;
  /** Epoch ms when the request arrived. */
  at: number;
}

/** Edits made "behind the tool's back", as a user of the CAST AI console would. Each returns the new object. */
export interface EmulatorConsole {
  /** RFC 7386 merge patch of the stored cluster. */
  updateCluster(clusterId: string, patch: JsonObject): Cluster;
  /**
   * The cluster's agent sends its first snapshot: agentStatus "online". With `agentConnects: "onConsoleAction"` a
   * connecting cluster then becomes ready after `delays.clusterReadyMs`.
   */
  connectAgent(clusterId: string): Cluster;
  /** Sets the status now and cancels any pending transition (e.g. a cluster that fails or is archived). */
  setClusterStatus(clusterId: string, status: ClusterStatus, agentStatus?: AgentStatus): Cluster;
  /** A new credentialsId, as when someone re-runs the onboarding script: the stored credentials drift. */
  rotateCredentialsId(clusterId: string): Cluster;
  /** RFC 7386 merge patch of the policies, without the optimistic-concurrency check of the API. */
  updatePolicies(clusterId: string, mergePatch: JsonObject): Policies;
  /** Merge patch of a template; bumps its version (and so the policies' defaultNodeTemplateVersion). */
  updateNodeTemplate(clusterId: string, name: string, patch: JsonObject): NodeTemplate;
  /** Deletes any template, the default one included (which the API refuses). */
  deleteNodeTemplate(clusterId: string, name: string): void;
  updateNodeConfiguration(clusterId: string, configurationId: string, patch: JsonObject): NodeConfiguration;
  deleteNodeConfiguration(clusterId: string, configurationId: string): void;
  /** Replaces the evictor advanced config. */
  updateEvictorConfig(clusterId: string, config: EvictorAdvancedConfig): EvictorAdvancedConfig;
  updateHibernationSchedule(scheduleId: string, patch: JsonObject): HibernationSchedule;
  deleteHibernationSchedule(scheduleId: string): void;
  updatePodMutation(clusterId: string, mutationId: string, patch: JsonObject): PodMutation;
  deletePodMutation(clusterId: string, mutationId: string): void;
  updateServiceAccount(serviceAccountId: string, patch: JsonObject): ServiceAccount;
  deleteServiceAccount(serviceAccountId: string): void;
  deleteServiceAccountKey(serviceAccountId: string, keyId: string): void;
}

export interface Emulator {
  /** http://127.0.0.1:PORT */
  readonly url: string;
  readonly apiKey: string;
  readonly organizationId: string;
  /** The request log (live array; admin routes under /__emulator/ are not recorded). */
  readonly requests: RecordedRequest[];
  /** Recorded requests whose method is not GET or HEAD. */
  writes(): RecordedRequest[];
  clearLog(): void;
  /**
   * Back to the starting state (empty, or the seed's, same organization and API key): every object, pending
   * transition, fault, logged request and clock offset goes.
   */
  reset(): void;
  /** Live state, with due lifecycle transitions applied on each read. */
  readonly state: EmulatorState;
  addFault(rule: FaultRule): void;
  clearFaults(): void;
  readonly console: EmulatorConsole;
  /** The API's "now": `clock.advance(ms)` or `clock.set(date)` moves key expiry and timestamps, not lifecycle delays. */
  readonly clock: Clock;
  /** Closes the server and every open connection; resolves once closed. */
  stop(): Promise<void>;
}

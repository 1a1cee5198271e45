// The CAST AI emulator: a stateful HTTP server on 127.0.0.1 answering the REST contract of reference/
// castai-api.md. Each request goes: read body → faults (before) → authenticate → due lifecycle transitions →
// route → faults (after) → reply, and is recorded in the request log (without headers).

import { createServer, STATUS_CODES, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { authenticate } from "./auth";
import { Clock } from "./clock";
import { createConsole } from "./console";
import { ApiError, errorBody, notFound } from "./errors";
import { FaultBook, type FaultEffect } from "./faults";
import { randomHex } from "./ids";
import { clone } from "./merge";
import { Router, type Core, type Reply, type Route } from "./router";
import { adminRoutes } from "./routes/admin";
import { clusterRoutes } from "./routes/clusters";
import { evictorRoutes } from "./routes/evictor";
import { groupRoutes } from "./routes/groups";
import { hibernationRoutes } from "./routes/hibernation";
import { nodeConfigurationRoutes } from "./routes/nodeConfigurations";
import { nodeTemplateRoutes } from "./routes/nodeTemplates";
import { organizationRoutes } from "./routes/organization";
import { podMutationRoutes } from "./routes/podMutations";
import { policiesRoutes } from "./routes/policies";
import { roleBindingRoutes } from "./routes/roleBindings";
import { savingsRoutes } from "./routes/savings";
import { serviceAccountRoutes } from "./routes/serviceAccounts";
import { initialState, replaceState } from "./seed";
import { Timeline } from "./timeline";
import type { Emulator, EmulatorDelays, EmulatorOptions, RecordedRequest } from "./types";

/** Every CAST AI route the emulator answers (components/testing/README.md lists them for users). */
export const API_ROUTES: readonly Route[] = [
  ...organizationRoutes,
  ...clusterRoutes,
  ...policiesRoutes,
  ...nodeTemplateRoutes,
  ...nodeConfigurationRoutes,
  ...evictorRoutes,
  ...hibernationRoutes,
  ...podMutationRoutes,
  ...serviceAccountRoutes,
  ...groupRoutes,
  ...roleBindingRoutes,
  ...savingsRoutes,
];

const API = new Router(API_ROUTES);

const ADMIN_PREFIX = "/__emulator/";
const DEFAULT_DELAYS: EmulatorDelays = { clusterReadyMs: 0, disconnectMs: 0, defaultTemplateMs: 0 };
/** Request bodies above this answer 413; CAST AI bodies are a few kB. */
const MAX_BODY_BYTES = 1024 * 1024;
/** The log keeps the most recent requests only, so a long-running emulator does not grow without bound. */
const MAX_LOGGED_REQUESTS = 10_000;

/** A reply, or a connection closed without one. */
type Outcome = (Reply & { headers?: Record<string, string> }) | "drop";

export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const port = options.port ?? 0;
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`port must be an integer in 0-65535, got ${port}`);
  const delays = { ...DEFAULT_DELAYS, ...options.delays };
  for (const [name, ms] of Object.entries(delays)) {
    if (typeof ms !== "number" || Number.isNaN(ms) || ms < 0) throw new Error(`delays.${name} must be a non-negative number of ms`);
  }
  const agentConnects = options.agentConnects ?? "onReady";
  if (agentConnects !== "onReady" && agentConnects !== "onConsoleAction") {
    throw new Error(`agentConnects must be "onReady" or "onConsoleAction", got ${JSON.stringify(agentConnects)}`);
  }
  const apiKey = options.apiKey ?? `castai-emu-${randomHex(20)}`;
  if (apiKey === "") throw new Error("apiKey must not be empty");

  const core: Core = {
    state: initialState(options.organizationName ?? "castai-fleet-emulator", new Date(), options.seed),
    timeline: new Timeline(),
    clock: new Clock(),
    strict: options.strict ?? false,
    delays,
    agentConnects,
  };
  const initial = clone(core.state);
  const faults = new FaultBook(options.faults);
  const requests: RecordedRequest[] = [];
  const clearLog = () => void (requests.length = 0);
  const consoleEdits = createConsole(core);
  const reset = () => {
    replaceState(core.state, initial);
    core.timeline.clear();
    faults.clear();
    clearLog();
    core.clock.reset();
  };
  const admin = new Router(adminRoutes({ faults, requests, clearLog, reset, console: consoleEdits }));

  // Latency faults are the only timers; stop() clears them so nothing outlives the server.
  const timers = new Set<NodeJS.Timeout>();
  const sleep = (ms: number) =>
    ms <= 0
      ? Promise.resolve()
      : new Promise<void>((resolve) => {
          const timer = setTimeout(() => {
            timers.delete(timer);
            resolve();
          }, ms);
          timers.add(timer);
        });

  /** Authenticates and routes one request; every failure becomes the error body of the path's service. */
  function dispatch(req: IncomingMessage, method: string, url: URL, body: unknown): Reply {
    const now = core.clock.now();
    const principal = authenticate(core.state, apiKey, req.headers["x-api-key"], now);
    const isAdmin = url.pathname.startsWith(ADMIN_PREFIX);
    // Only the emulator's own key drives the admin routes; service-account keys are API users.
    if (!principal || (isAdmin && principal !== core.state.user)) throw new ApiError(401, "Unauthorized");
    core.timeline.settle();
    const match = (isAdmin ? admin : API).match(method, url.pathname);
    if (!match) throw notFound();
    return match.handle({ core, method, path: url.pathname, params: match.params, query: url.searchParams, body, principal, now });
  }

  /** The reply a fault imposes, if any, after its latency. */
  async function applyFault(effect: FaultEffect, path: string): Promise<Outcome | undefined> {
    await sleep(effect.latencyMs);
    if (!effect.outcome) return undefined;
    if (effect.outcome.kind === "drop") return "drop";
    const { status, retryAfterSeconds } = effect.outcome;
    return {
      status,
      body: errorBody(path, status, STATUS_CODES[status] ?? "Error", []),
      headers: retryAfterSeconds === undefined ? {} : { "Retry-After": String(retryAfterSeconds) },
    };
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = (req.method ?? "GET").toUpperCase();
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const path = url.pathname;
    const recorded = !path.startsWith(ADMIN_PREFIX);
    const entry: RecordedRequest = { method, path, query: queryRecord(url.searchParams), status: 0, at: Date.now() };
    if (recorded) {
      requests.push(entry);
      if (requests.length > MAX_LOGGED_REQUESTS) requests.splice(0, requests.length - MAX_LOGGED_REQUESTS);
    }

    let outcome: Outcome | undefined;
    let body: unknown;
    try {
      body = parseJson(await readBody(req));
      if (body !== undefined) entry.body = body;
    } catch (error) {
      outcome = errorReply(path, error);
    }
    if (recorded) outcome ??= await applyFault(faults.take(method, path, false), path);
    if (outcome === undefined) {
      try {
        outcome = dispatch(req, method, url, body);
      } catch (error) {
        outcome = errorReply(path, error);
      }
      // After-handling faults replace the reply of a request whose effects already happened.
      if (recorded) outcome = (await applyFault(faults.take(method, path, true), path)) ?? outcome;
    }

    if (outcome === "drop") {
      req.socket.destroy();
      return;
    }
    entry.status = outcome.status;
    const text = outcome.body === undefined || outcome.status === 204 ? "" : JSON.stringify(outcome.body);
    res.writeHead(outcome.status, {
      ...outcome.headers,
      "Content-Type": "application/json",
      "Content-Length": Buffer.byteLength(text),
    });
    res.end(text);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch(() => res.destroy());
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  let stopped: Promise<void> | undefined;
  const stop = () =>
    (stopped ??= new Promise<void>((resolve, reject) => {
      timers.forEach(clearTimeout);
      timers.clear();
      server.close((error) => (error ? reject(error) : resolve()));
      server.closeAllConnections();
    }));

  return {
    url,
    apiKey,
    organizationId: core.state.organization.id,
    requests,
    writes: () => requests.filter((r) => r.method !== "GET" && r.method !== "HEAD"),
    clearLog,
    reset,
    get state() {
      core.timeline.settle();
      return core.state;
    },
    addFault: (rule) => faults.add(rule),
    clearFaults: () => faults.clear(),
    console: consoleEdits,
    clock: core.clock,
    stop,
  };
}

function errorReply(path: string, error: unknown): Reply {
  if (error instanceof ApiError) {
    return { status: error.status, body: errorBody(path, error.status, error.message, error.fieldViolations) };
  }
  // A bug in the emulator: say so plainly rather than pretend the API failed.
  const message = `emulator internal error: ${error instanceof Error ? error.message : String(error)}`;
  return { status: 500, body: errorBody(path, 500, message, []) };
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size <= MAX_BODY_BYTES) chunks.push(chunk as Buffer);
  }
  if (size > MAX_BODY_BYTES) throw new ApiError(413, `request body larger than ${MAX_BODY_BYTES} bytes`);
  return Buffer.concat(chunks).toString("utf8");
}

function parseJson(text: string): unknown {
  if (text.trim() === "") return undefined;
  try {
    return JSON.parse(text);
  } catch {
    throw new ApiError(400, "request body is not valid JSON");
  }
}

function queryRecord(params: URLSearchParams): Record<string, string | string[]> {
  const record: Record<string, string | string[]> = {};
  for (const key of new Set(params.keys())) {
    const values = params.getAll(key);
    record[key] = values.length === 1 ? values[0] : values;
  }
  return record;
}

// Route table: the CAST AI paths the emulator answers, matched by method and path template.

import type { Clock } from "./clock";
import type { EmulatorState, Principal } from "./state";
import type { Timeline } from "./timeline";
import type { AgentConnects, EmulatorDelays } from "./types";

/** What every handler can reach besides its request. */
export interface Core {
  readonly state: EmulatorState;
  readonly timeline: Timeline;
  /** The API's "now" (`RequestContext.now`, key expiry). */
  readonly clock: Clock;
  readonly strict: boolean;
  readonly delays: Readonly<EmulatorDelays>;
  readonly agentConnects: AgentConnects;
}

export interface RequestContext {
  readonly core: Core;
  readonly method: string;
  readonly path: string;
  /** Path parameters, URL-decoded, named as in the OpenAPI templates (e.g. `clusterId`, `key.id`). */
  readonly params: Readonly<Record<string, string>>;
  readonly query: URLSearchParams;
  /** Parsed JSON body, `undefined` when the request had none. */
  readonly body: unknown;
  readonly principal: Principal;
  readonly now: Date;
}

export interface Reply {
  status: number;
  /** Omitted for 204. */
  body?: unknown;
}

export type Handler = (ctx: RequestContext) => Reply;

export interface Route {
  readonly method: string;
  readonly template: string;
  readonly handle: Handler;
}

export const route = (method: string, template: string, handle: Handler): Route => ({ method, template, handle });

export const ok = (body: unknown = {}): Reply => ({ status: 200, body });

export const noContent = (): Reply => ({ status: 204 });

interface Compiled {
  route: Route;
  regex: RegExp;
  names: string[];
}

export class Router {
  private readonly compiled: Compiled[];

  constructor(routes: readonly Route[]) {
    this.compiled = routes.map((r) => {
      const names: string[] = [];
      const source = r.template
        .split(/(\{[^}]+\})/)
        .map((part) => {
          const param = /^\{([^}]+)\}$/.exec(part);
          if (!param) return part.replace(/[.*+?^$()|[\]\\]/g, "\\$&");
          names.push(param[1]);
          return "([^/]+)";
        })
        .join("");
      return { route: r, regex: new RegExp(`^${source}$`), names };
    });
  }

  /**
   * `undefined` when no route has this method and path. ASSUMPTION: a known path with another method is a
   * 404 like an unknown URL (grpc-gateway may answer 405 or 501 there).
   */
  match(method: string, path: string): { handle: Handler; params: Record<string, string> } | undefined {
    for (const { route: r, regex, names } of this.compiled) {
      if (r.method !== method) continue;
      const m = regex.exec(path);
      if (!m) continue;
      const params: Record<string, string> = {};
      names.forEach((name, i) => (params[name] = decodeURIComponent(m[i + 1])));
      return { handle: r.handle, params };
    }
    return undefined;
  }
}

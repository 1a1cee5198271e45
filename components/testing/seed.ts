// The state an emulator starts from, and returns to on `reset()`: empty, or a seed file shaped like the state
// (`GET /__emulator/state` of an earlier run, or written by hand), so a test of a program starts from existing
// clusters and objects without creating them through the API first.

import { readFileSync } from "node:fs";
import { clone, isObject, own } from "./merge";
import { completeClusterObjects } from "./routes/clusters";
import { createDefaultNodeTemplate } from "./routes/nodeTemplates";
import { createState, type Cluster, type EmulatorState } from "./state";

const PROVIDERS = ["eks", "gke", "aks"];

/** Why a seed is unusable, naming the path of the first wrong part; undefined when it can be loaded. */
function seedProblem(seed: unknown, fresh: EmulatorState): string | undefined {
  if (!isObject(seed)) return "must be a JSON object shaped like the emulator's state";
  for (const [key, value] of Object.entries(seed)) {
    if (!own(fresh as unknown as Record<string, unknown>, key)) return `${key} is not part of the state; allowed: ${Object.keys(fresh).join(", ")}`;
    if (!isObject(value)) return `${key} must be an object`;
  }
  for (const [id, cluster] of Object.entries(seed.clusters ?? {})) {
    if (!isObject(cluster) || cluster.id !== id) return `clusters.${id}.id must be "${id}"`;
    if (!PROVIDERS.includes(String(cluster.providerType))) return `clusters.${id}.providerType must be one of ${PROVIDERS.join(", ")}`;
    const missing = ["name", "status", "agentStatus", "providerNamespaceId"].filter((f) => typeof cluster[f] !== "string");
    if (!isObject(cluster.region)) missing.push("region");
    if (missing.length) return `clusters.${id} needs ${missing.join(", ")}`;
  }
  return undefined;
}

/**
 * The starting state: a fresh one, with the seed file's top-level parts in place of the fresh ones (its organization
 * and user keep their ids, so a dump loads as it was saved). Seeded clusters get the server-side objects the seed
 * leaves out, as registration creates them, `default-by-castai` included. No lifecycle transition is pending.
 */
export function initialState(organizationName: string, now: Date, seedFile: string | undefined): EmulatorState {
  const state = createState(organizationName, now);
  if (seedFile === undefined) return state;
  let seed: unknown;
  try {
    seed = JSON.parse(readFileSync(seedFile, "utf8"));
  } catch (error) {
    throw new Error(`seed ${seedFile}: ${(error as Error).message}`);
  }
  const problem = seedProblem(seed, state);
  if (problem) throw new Error(`seed ${seedFile}: ${problem}`);
  Object.assign(state, clone(seed));
  // Fields with an evident value may be left out of a hand-written cluster.
  for (const [id, cluster] of Object.entries(state.clusters as Record<string, Partial<Cluster>>)) {
    state.clusters[id] = {
      organizationId: state.organization.id,
      credentialsId: "",
      createdAt: now.toISOString(),
      deletedAt: null,
      clusterNameId: `${cluster.name}-${id.slice(0, 8)}`,
      isPhase2: false,
      ...cluster,
    } as Cluster;
  }
  for (const cluster of Object.values(state.clusters)) {
    const templatesGiven = own(state.nodeTemplates, cluster.id) !== undefined;
    completeClusterObjects(state, cluster, now);
    if (!templatesGiven && cluster.status !== "archived") createDefaultNodeTemplate(state, cluster.id);
  }
  return state;
}

/** Puts `source` in place of `target`'s contents: the handlers and the console keep their reference to the state. */
export function replaceState(target: EmulatorState, source: EmulatorState): void {
  Object.assign(target, clone(source));
}

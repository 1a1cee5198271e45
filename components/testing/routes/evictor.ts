// Evictor advanced config (castai-api.md §5.1): one per cluster, always readable, replaced by each POST.

import { bodyAs } from "../contract/body";
import { ROOTS, SCHEMAS } from "../contract/openapi";
import { clone } from "../merge";
import { ok, route, type RequestContext, type Route } from "../router";
import { requireLiveCluster, type EvictorAdvancedConfig } from "../state";

const PATH = "/v1/kubernetes/clusters/{clusterId}/evictor-advanced-config";

export const emptyEvictorConfig = (): EvictorAdvancedConfig => ({ evictionConfig: [] });

/**
 * The schema marks `evictionConfig` required, but the Terraform provider deletes by POSTing `{}`.
 * ASSUMPTION: a body without it resets the config to an empty list.
 */
const UPSERT_SCHEMA = { ...SCHEMAS[ROOTS.CastaiEvictorV1AdvancedConfig], required: [] };

function upsert(ctx: RequestContext) {
  const body = bodyAs<Partial<EvictorAdvancedConfig>>(ctx, UPSERT_SCHEMA);
  const clusterId = requireLiveCluster(ctx.core.state, ctx.params.clusterId).id;
  ctx.core.state.evictorConfigs[clusterId] = { evictionConfig: body.evictionConfig ?? [] };
  return ok(clone(ctx.core.state.evictorConfigs[clusterId]));
}

export const evictorRoutes: Route[] = [
  route("GET", PATH, (ctx) => ok(clone(ctx.core.state.evictorConfigs[requireLiveCluster(ctx.core.state, ctx.params.clusterId).id]))),
  route("POST", PATH, upsert),
];

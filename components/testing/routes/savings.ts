// Cost reports (reference/NOTES.md): estimated savings per scenario and realised savings. Money and
// percentages are decimal strings, as the API sends them.

import { invalidFields, type FieldViolation } from "../errors";
import { unitFromSeed } from "../ids";
import { ok, route, type RequestContext, type Route } from "../router";
import { requireLiveCluster } from "../state";

const BASE = "/v1/cost-reports/clusters/{clusterId}";
const HOURS_PER_MONTH = 730;

const money = (usd: number): string => usd.toFixed(4);

function scenario(hourlyBefore: number, savingsPercent: number) {
  const hourlyAfter = hourlyBefore * (1 - savingsPercent / 100);
  return {
    hourly: { priceBefore: money(hourlyBefore), priceAfter: money(hourlyAfter) },
    monthly: { priceBefore: money(hourlyBefore * HOURS_PER_MONTH), priceAfter: money(hourlyAfter * HOURS_PER_MONTH) },
    savingsPercentage: savingsPercent.toFixed(2),
  };
}

/**
 * ASSUMPTION: the emulator runs no nodes, so the figures are synthetic: a cluster costing 1-20 USD/h, and
 * savings of 15-35 % (Layman), 40-60 % (SpotInstances), 60-75 % (SpotOnly), all derived from the cluster id
 * so that they are the same on every read and every run. Rebalancing is recommended from 25 % on.
 */
function estimatedSavings(ctx: RequestContext) {
  const cluster = requireLiveCluster(ctx.core.state, ctx.params.clusterId);
  const between = (low: number, high: number, salt: string) => low + (high - low) * unitFromSeed(cluster.id, salt);
  const hourly = between(1, 20, "hourly-price");
  const layman = between(15, 35, "layman");
  return ok({
    recommendations: {
      Layman: scenario(hourly, layman),
      SpotInstances: scenario(hourly, between(40, 60, "spot-instances")),
      SpotOnly: scenario(hourly, between(60, 75, "spot-only")),
    },
    currentConfiguration: { totalPrice: { hourly: money(hourly), monthly: money(hourly * HOURS_PER_MONTH) } },
    isRebalancingRecommended: layman >= 25,
    lastUpdatedAt: cluster.createdAt,
  });
}

/** Realised savings: nothing ran, so nothing was saved. The time range, when given, must be RFC 3339. */
function realisedSavings(ctx: RequestContext) {
  requireLiveCluster(ctx.core.state, ctx.params.clusterId);
  const violations: FieldViolation[] = ["startTime", "endTime"]
    .filter((name) => ctx.query.has(name) && Number.isNaN(Date.parse(ctx.query.get(name)!)))
    .map((field) => ({ field, description: "must be an RFC 3339 date-time" }));
  if (violations.length) throw invalidFields(violations);
  return ok({ items: [], summary: { totalCost: "0", totalSavings: "0" } });
}

export const savingsRoutes: Route[] = [
  route("GET", `${BASE}/estimated-savings`, estimatedSavings),
  route("GET", `${BASE}/savings`, realisedSavings),
];

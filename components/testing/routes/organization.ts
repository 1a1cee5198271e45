// Organization-level reads every client starts with (castai-api.md §1.2, §6.1) and the time-zone list.

import { notFound } from "../errors";
import { clone } from "../merge";
import { ok, route, type Route } from "../router";

/**
 * ASSUMPTION: a short list with standard-time offsets; the shape `{timeZones: [{name, offset}]}` is the
 * OpenAPI's (ListAvailableRebalancingTZResponse), the entries and the offset format are the emulator's.
 */
const TIME_ZONES = [
  { name: "UTC", offset: "+00:00" },
  { name: "Europe/London", offset: "+00:00" },
  { name: "Europe/Berlin", offset: "+01:00" },
  { name: "Europe/Vilnius", offset: "+02:00" },
  { name: "Asia/Kolkata", offset: "+05:30" },
  { name: "Asia/Tokyo", offset: "+09:00" },
  { name: "Australia/Sydney", offset: "+10:00" },
  { name: "America/Sao_Paulo", offset: "-03:00" },
  { name: "America/New_York", offset: "-05:00" },
  { name: "America/Chicago", offset: "-06:00" },
  { name: "America/Los_Angeles", offset: "-08:00" },
];

export const organizationRoutes: Route[] = [
  // The Terraform provider's start-up key check lists auth tokens and needs a 200.
  route("GET", "/v1/auth/tokens", () => ok({ items: [] })),
  route("GET", "/v1/organizations", (ctx) => ok({ organizations: [clone(ctx.core.state.organization)] })),
  route("GET", "/v1/organizations/{id}", (ctx) => {
    if (ctx.params.id !== ctx.core.state.organization.id) throw notFound("organization not found");
    return ok(clone(ctx.core.state.organization));
  }),
  route("GET", "/v1/time-zones", () => ok({ timeZones: clone(TIME_ZONES) })),
];

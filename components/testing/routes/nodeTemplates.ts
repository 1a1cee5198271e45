// Node templates (castai-api.md §4.1), addressed by name. `default-by-castai` is created by the server in the
// background after registration, can be updated (PUT) but neither created nor deleted by clients.

import { bodyAs } from "../contract/body";
import { badRequest, fieldError, notFound } from "../errors";
import { clone, own, type JsonObject } from "../merge";
import { ok, route, type RequestContext, type Route } from "../router";
import { requireLiveCluster, type EmulatorState, type NodeTemplate } from "../state";
import { defaultConfigurationId } from "./nodeConfigurations";

const BASE = "/v1/kubernetes/clusters/{clusterId}/node-templates";

export const DEFAULT_TEMPLATE_NAME = "default-by-castai";

type TemplateInput = Partial<NodeTemplate> & JsonObject;

/**
 * ASSUMPTION: template names must be valid Kubernetes label values, since CAST AI labels nodes with them
 * (`scheduling.cast.ai/node-template=<name>`).
 */
const NAME = /^[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;

/**
 * Constraint fields the server fills when they are not sent: the spot detail fields come back even when
 * never set (user-pain.md §3, CSU-5463). ASSUMPTION: these values; `onDemand` defaults to "not spot".
 */
function constraintsWithDefaults(given: NodeTemplate["constraints"] | undefined): NodeTemplate["constraints"] {
  const constraints = clone(given ?? {});
  constraints.spot ??= false;
  constraints.onDemand ??= constraints.spot !== true;
  constraints.spotDiversityPriceIncreaseLimitPercent ??= 20;
  constraints.spotReliabilityPriceIncreaseLimitPercent ??= 10;
  constraints.spotInterruptionPredictionsType ??= "interruption-predictions";
  constraints.architectures ??= ["amd64"];
  constraints.os ??= ["linux"];
  return constraints;
}

/**
 * A template as stored after a write. Writes replace the whole template (the provider sends full PUTs and
 * `{}` to clear a block); `isDefault` follows the name, whatever was sent ("the flag was silently ignored
 * unless the name matched", user-pain.md §1). ASSUMPTION: the other defaults below.
 */
function storedTemplate(state: EmulatorState, clusterId: string, name: string, input: TemplateInput, version: number): NodeTemplate {
  const isDefault = name === DEFAULT_TEMPLATE_NAME;
  return {
    ...clone(input),
    name,
    isDefault,
    isEnabled: input.isEnabled ?? true,
    shouldTaint: input.shouldTaint ?? !isDefault,
    customInstancesEnabled: input.customInstancesEnabled ?? false,
    configurationId: input.configurationId || defaultConfigurationId(state, clusterId),
    constraints: constraintsWithDefaults(input.constraints),
    version: String(version),
  };
}

/** `configurationName` is filled on read from the configuration the template points at. */
export function templateView(state: EmulatorState, clusterId: string, template: NodeTemplate): NodeTemplate {
  const configuration = own(state.nodeConfigurations[clusterId], template.configurationId);
  return { ...clone(template), ...(configuration ? { configurationName: configuration.name } : {}) };
}

/** The message the provider retries on while the default template does not exist yet. */
export function requireTemplate(state: EmulatorState, clusterId: string, name: string): NodeTemplate {
  const template = own(state.nodeTemplates[requireLiveCluster(state, clusterId).id], name);
  if (!template) throw notFound("node template not found");
  return template;
}

export function createDefaultNodeTemplate(state: EmulatorState, clusterId: string): void {
  if (!own(state.nodeTemplates[clusterId], DEFAULT_TEMPLATE_NAME)) writeTemplate(state, clusterId, DEFAULT_TEMPLATE_NAME, {});
}

/** Stores a new revision of a template: the console's edits and PUT both bump the version. */
export function writeTemplate(state: EmulatorState, clusterId: string, name: string, input: TemplateInput): NodeTemplate {
  const previous = own(state.nodeTemplates[clusterId], name);
  const template = storedTemplate(state, clusterId, name, input, previous ? Number(previous.version) + 1 : 1);
  state.nodeTemplates[clusterId][name] = template;
  return templateView(state, clusterId, template);
}

/**
 * An empty `configurationId` means the default configuration, like an absent one: the Terraform provider sends
 * `configurationId: ""` for every template without a configuration (`lo.ToPtr(d.Get(...).(string))`).
 */
function checkConfiguration(state: EmulatorState, clusterId: string, input: TemplateInput): void {
  if (input.configurationId && !own(state.nodeConfigurations[clusterId], input.configurationId)) {
    throw fieldError("configurationId", "no such node configuration in this cluster");
  }
}

function list(ctx: RequestContext) {
  const { state } = ctx.core;
  const clusterId = requireLiveCluster(state, ctx.params.clusterId).id;
  // ASSUMPTION: like any proto3 bool, `includeDefault` is false unless sent, which leaves the default out.
  const includeDefault = ctx.query.get("includeDefault") === "true";
  const items = Object.values(state.nodeTemplates[clusterId])
    .filter((t) => includeDefault || !t.isDefault)
    .sort((a, b) => a.name.localeCompare(b.name))
    // The emulator runs no nodes; stats are always present (a non-pointer struct in the Go client).
    .map((t) => ({ template: templateView(state, clusterId, t), stats: { countOnDemand: 0, countSpot: 0, countFallback: 0, countSoleTenant: 0 } }));
  return ok({ items });
}

function create(ctx: RequestContext) {
  const input = bodyAs<TemplateInput>(ctx, "NodetemplatesV1NewNodeTemplate");
  const { state } = ctx.core;
  const clusterId = requireLiveCluster(state, ctx.params.clusterId).id;
  const name = input.name ?? "";
  // ASSUMPTION: a name is required although the schema marks nothing required; templates are keyed by it.
  if (!NAME.test(name)) {
    throw fieldError("name", "must be a Kubernetes label value (alphanumerics, '-', '_', '.'; at most 63)");
  }
  // The reserved name is refused like a custom default (ASSUMPTION: same message for both).
  if (input.isDefault === true || name === DEFAULT_TEMPLATE_NAME) {
    throw badRequest("cannot create custom default node template - use provided default template");
  }
  // ASSUMPTION: a duplicate name is a 400 (the status is not established).
  if (own(state.nodeTemplates[clusterId], name)) throw badRequest(`node template "${name}" already exists`);
  checkConfiguration(state, clusterId, input);
  return ok(writeTemplate(state, clusterId, name, input));
}

function update(ctx: RequestContext) {
  const input = bodyAs<TemplateInput>(ctx, "NodetemplatesV1UpdateNodeTemplate");
  const { state } = ctx.core;
  const { clusterId, nodeTemplateName: name } = ctx.params;
  requireTemplate(state, clusterId, name);
  checkConfiguration(state, clusterId, input);
  return ok(writeTemplate(state, clusterId, name, input));
}

function remove(ctx: RequestContext) {
  const { state } = ctx.core;
  const { clusterId, nodeTemplateName: name } = ctx.params;
  const template = requireTemplate(state, clusterId, name);
  // ASSUMPTION: the message; the default template cannot be deleted (castai-api.md §4.1, user-pain.md §1).
  if (template.isDefault) throw badRequest("default node template cannot be deleted");
  delete state.nodeTemplates[clusterId][name];
  return ok({});
}

export const nodeTemplateRoutes: Route[] = [
  route("GET", BASE, list),
  route("POST", BASE, create),
  route("PUT", `${BASE}/{nodeTemplateName}`, update),
  route("DELETE", `${BASE}/{nodeTemplateName}`, remove),
];

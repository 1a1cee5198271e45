import type * as pulumi from "@pulumi/pulumi";
import { type CastAiClient, MISSING_API_KEY, apiBaseUrlProblem } from "../api/client";
import { containsUnknown, deepEqual, isUnknown, pruneUndefined } from "./compare";
import { Connection, apiKeyOf, clientFor, connectionFromConfig } from "./connection";
import { Validator } from "./validation";

// Everything here runs in Pulumi's dynamic-provider host after closure serialization: types only from
// @pulumi/pulumi, local modules by value, no captured secrets (the key arrives through `configure` or the env).

/** What every CAST AI resource method receives. */
export interface ProviderContext {
    readonly client: CastAiClient;
}

/** Inputs every CAST AI resource has; neither is sent to CAST AI, and changing one makes no API call. */
export interface CommonInputs {
    /** The environment it belongs to, for the policy pack. */
    environment?: string;
    /** CAST AI API URL for this resource; default: stack config `castai:apiUrl`, CASTAI_API_URL, the US API. */
    apiUrl?: string;
}

/**
 * How a change of one input reaches CAST AI: `update` in place, `replace` the object (the API cannot change it), or
 * `local`: it only steers the provider (a timeout, a choice made on delete), so a change updates state without a call.
 */
export type FieldChange = "update" | "replace" | "local";

/** Every input of a resource but the common ones, each with how its change applies; all required, none extra. */
export type Fields<I> = { readonly [K in Exclude<keyof I, keyof CommonInputs> & string]-?: FieldChange };

/** What a CAST AI object type implements; `defineProvider` turns it into a dynamic provider. */
export interface ResourceSpec<I extends CommonInputs, O extends I> {
    /** The one declaration of the inputs: diff compares exactly these, update and replace follow from it. */
    readonly fields: Fields<I>;
    /** Objects addressed by name must go before their replacement is created. */
    readonly deleteBeforeReplace?: boolean;
    /** Fills defaults in `check`, so that stored and new inputs compare equal and a default never shows as a diff. */
    normalize?(inputs: I): I;
    /** Adds failures for invalid inputs; runs before any API call, also at preview. */
    validate(inputs: I, v: Validator): void;
    /** Extra input keys to report as changed, e.g. credentials changed behind Pulumi's back. */
    drifted?(olds: O): (keyof I & string)[];
    create(ctx: ProviderContext, inputs: I): Promise<{ id: string; outs: O }>;
    /** The remote truth in the shape of the outputs, or undefined when the object is gone. */
    read(ctx: ProviderContext, id: string, props: O): Promise<O | undefined>;
    update(ctx: ProviderContext, id: string, olds: O, news: I): Promise<O>;
    /** Must succeed when the object is already gone. */
    delete(ctx: ProviderContext, id: string, props: O): Promise<void>;
}

interface Configured {
    connection?: Connection;
    clients?: Record<string, CastAiClient>;
}

const localKeys = ["environment", "apiUrl"] as const;

/** Builds the dynamic provider for one CAST AI object type. */
export function defineProvider<I extends CommonInputs, O extends I>(spec: ResourceSpec<I, O>): pulumi.dynamic.ResourceProvider<I, O> & { readonly fields: Fields<I> } {
    // One client per API URL for the life of the provider process, so what it learns once (the organization id) is
    // not fetched again for every resource. Named so it cannot collide with a global of the serializing process
    // (mocha defines `context`): the serializer resolves free names against globals first.
    const connect = (self: Configured, props: CommonInputs): ProviderContext => {
        const apiUrl = props.apiUrl ?? self.connection?.apiUrl;
        self.clients ??= {};
        self.clients[apiUrl ?? ""] ??= clientFor({ ...self.connection, apiUrl });
        return { client: self.clients[apiUrl ?? ""] };
    };
    // Local keys are compared for the diff but never sent: a change of only those updates state without a call.
    const declared = Object.entries(spec.fields as Record<string, FieldChange>);
    const apiKeys = declared.filter(([, change]) => change !== "local").map(([k]) => k);
    const replaceKeys = declared.filter(([, change]) => change === "replace").map(([k]) => k);
    const allKeys = [...declared.map(([k]) => k), ...localKeys];
    const changedKeys = (olds: Record<string, unknown>, news: Record<string, unknown>, keys: readonly string[]) =>
        keys.filter((k) => !deepEqual(olds[k], news[k]));

    return {
        fields: spec.fields,

        async configure(this: Configured, req: pulumi.dynamic.ConfigureRequest) {
            this.connection = connectionFromConfig(req.config);
            this.clients = {};
        },

        async check(this: Configured, _olds: I, news: I) {
            const inputs = { ...news } as I & { __provider?: unknown };
            delete inputs.__provider;
            const v = new Validator();
            v.knownKeys("", inputs, allKeys);
            v.optionalString("environment", inputs.environment);
            const urlProblem = inputs.apiUrl === undefined || isUnknown(inputs.apiUrl) ? undefined : apiBaseUrlProblem(String(inputs.apiUrl));
            if (urlProblem) {
                v.fail("apiUrl", `apiUrl ${urlProblem}`);
            }
            spec.validate(inputs, v);
            // Without a key every call would fail: say so at preview, before anything is created.
            if (!apiKeyOf(this.connection)) {
                v.fail("castai:apiToken", MISSING_API_KEY);
            }
            // Reported without a property: the engine then prints the reason alone, which names the field and shows the
            // value as given (with one, it adds its own rendering of the top-level value, e.g. `value {<nil>}`).
            const failures = v.failures.map((f) => ({ property: "", reason: f.reason }));
            return { inputs: failures.length === 0 && spec.normalize ? spec.normalize(inputs) : inputs, failures };
        },

        async diff(_id: string, olds: O, news: I) {
            const o = olds as unknown as Record<string, unknown>;
            const n = news as unknown as Record<string, unknown>;
            const changed = new Set([...changedKeys(o, n, allKeys), ...(spec.drifted?.(olds) ?? [])]);
            const replaces = [...changed].filter((k) => replaceKeys.includes(k));
            const unknown = allKeys.some((k) => containsUnknown(n[k]));
            return {
                changes: changed.size > 0 || unknown,
                replaces,
                deleteBeforeReplace: replaces.length > 0 && spec.deleteBeforeReplace === true,
            };
        },

        async create(this: Configured, inputs: I) {
            const { id, outs } = await spec.create(connect(this, inputs), inputs);
            return { id, outs: withLocal(outs, inputs) };
        },

        async read(this: Configured, id: string, props?: O) {
            if (!props) {
                return { id, props };
            }
            const outs = await spec.read(connect(this, props), id, props);
            // An empty id tells the engine the object is gone, so the next `up` creates it again.
            return outs === undefined ? { id: "", props: {} as O } : { id, props: withLocal(outs, props) };
        },

        async update(this: Configured, id: string, olds: O, news: I) {
            const o = olds as unknown as Record<string, unknown>;
            const n = news as unknown as Record<string, unknown>;
            const needsApi = changedKeys(o, n, apiKeys).length > 0 || (spec.drifted?.(olds).length ?? 0) > 0;
            const outs = needsApi ? await spec.update(connect(this, news), id, olds, news) : ({ ...olds, ...news } as O);
            return { outs: withLocal(outs, news) };
        },

        async delete(this: Configured, id: string, props: O) {
            await spec.delete(connect(this, props), id, props);
        },
    };
}

/** Outputs as the engine stores them, with the local inputs, `undefined` members dropped (the wire has none). */
function withLocal<O>(outs: O, from: CommonInputs): O {
    return pruneUndefined({ ...outs, environment: from.environment, apiUrl: from.apiUrl });
}

/** Fails a write whose read-back differs from what was sent, naming each field, instead of diffing forever. */
export function assertApplied(what: string, paths: string[]): void {
    if (paths.length > 0) {
        throw new Error(
            `CAST AI did not keep ${paths.map((p) => `\`${p}\``).join(", ")} of ${what} as sent: the API dropped or ` +
                `changed ${paths.length === 1 ? "it" : "them"}. Check the value against the CAST AI documentation ` +
                `(a renamed or unsupported field is silently ignored by the API).`,
        );
    }
}

/** Polls `fn` until it returns a value, with a deadline and a message saying what was awaited. */
export async function waitFor<T>(
    what: string,
    timeoutMs: number,
    fn: () => Promise<T | undefined>,
    intervalMs = 250,
): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    let delay = intervalMs;
    for (;;) {
        const value = await fn();
        if (value !== undefined) {
            return value;
        }
        if (Date.now() + delay > deadline) {
            throw new Error(`timed out after ${Math.round(timeoutMs / 1000)} s waiting for ${what}`);
        }
        await new Promise((resolve) => globalThis.setTimeout(resolve, delay));
        delay = Math.min(delay * 2, 10_000);
    }
}

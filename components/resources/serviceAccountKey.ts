import { createHash } from "node:crypto";
import * as pulumi from "@pulumi/pulumi";
import type { CommonArgs } from "./commonArgs";
import type { ServiceAccountKey as ApiKey } from "../api/types";
import { isUnknown } from "./compare";
import { deleteIfPresent, unlessNotFound } from "./gone";
import { CastAiResource } from "./dynamicResource";
import { CommonInputs, ProviderContext, defineProvider } from "./provider";
import { serviceAccountsPath } from "./serviceAccount";
import { Validator } from "./validation";

export interface ServiceAccountKeyInputs extends CommonInputs {
    serviceAccountId: string;
    name: string;
    active?: boolean;
    expiresAt?: string;
    organizationId?: string;
    /** Set by the class: the resource's project, stack and name, from which the key's name in CAST AI is made. */
    keySeed?: string;
}

export interface ServiceAccountKeyOutputs extends ServiceAccountKeyInputs {
    keyId: string;
    prefix: string;
    token: string;
    /** When CAST AI created the key (RFC 3339), from the create answer: a read does not show it. */
    createdAt?: string;
}

export interface ServiceAccountKeyArgs extends CommonArgs {
    /** The service account that owns the key. Changing it replaces the key. */
    readonly serviceAccountId: pulumi.Input<string>;
    /**
     * Key name; in CAST AI it carries a suffix unique to this resource and its inputs (`<name>-<8 hex digits>`), by
     * which a key left behind by an interrupted create is found and deleted. Changing it replaces (rotates) the key.
     */
    readonly name: pulumi.Input<string>;
    /** Whether the key works; default true. Can be switched in place. */
    readonly active?: pulumi.Input<boolean>;
    /** Expiry as an RFC 3339 time; default never. Changing it replaces (rotates) the key. */
    readonly expiresAt?: pulumi.Input<string>;
    /** Organization id; default: the API key's organization. Changing it replaces. */
    readonly organizationId?: pulumi.Input<string>;
}

export function validateServiceAccountKey(inputs: ServiceAccountKeyInputs, v: Validator): void {
    v.requiredUuid("serviceAccountId", inputs.serviceAccountId);
    v.requiredString("name", inputs.name);
    v.optionalBoolean("active", inputs.active);
    v.optionalUuid("organizationId", inputs.organizationId);
    const exp = inputs.expiresAt;
    if (exp !== undefined && !isUnknown(exp)) {
        const when = typeof exp === "string" && /^\d{4}-\d{2}-\d{2}T/.test(exp) ? Date.parse(exp) : NaN;
        if (Number.isNaN(when)) {
            v.fail("expiresAt", `expiresAt must be an RFC 3339 time such as 2027-01-31T00:00:00Z, got "${exp}"`);
        }
    }
}

async function keysPath(ctx: ProviderContext, inputs: ServiceAccountKeyInputs): Promise<string> {
    return `${await serviceAccountsPath(ctx, inputs.organizationId)}/${inputs.serviceAccountId}/keys`;
}

/**
 * The key's name in CAST AI: the given name and a suffix from the resource (project, stack, name) and every input
 * that replaces it, so that only this resource's own earlier attempt has it, never another stack's key or the key
 * it replaces. Without a seed (state from before the suffix) the name is used as given.
 */
export function keyName(inputs: ServiceAccountKeyInputs): string {
    if (inputs.keySeed === undefined) {
        return inputs.name;
    }
    const parts = [inputs.keySeed, inputs.serviceAccountId, inputs.name, inputs.expiresAt ?? "", inputs.organizationId ?? ""];
    return `${inputs.name}-${createHash("sha256").update(parts.join("\n")).digest("hex").slice(0, 8)}`;
}

export const provider = defineProvider<ServiceAccountKeyInputs, ServiceAccountKeyOutputs>({
    fields: { serviceAccountId: "replace", name: "replace", active: "update", expiresAt: "replace", organizationId: "replace", keySeed: "local" },
    validate: validateServiceAccountKey,
    normalize: (inputs) => ({ ...inputs, active: inputs.active ?? true }),

    async create(ctx, inputs) {
        const base = await keysPath(ctx, inputs);
        const name = keyName(inputs);
        const body = { key: { name, active: inputs.active, expiresAt: inputs.expiresAt ?? null } };
        // A key's token is shown only in the create response, so a key left by an interrupted create (a lost
        // response, or `pulumi up` killed before it saved the state) cannot be adopted: it is deleted before the
        // POST, which keeps exactly one key. Its name is this resource's own, so no other key is touched.
        // Without the suffix (state from before it), only a key that appeared since this create began is its own.
        const before = inputs.keySeed === undefined ? new Set((await ctx.client.listAll<ApiKey>(base, "keys")).map((k) => k.id)) : undefined;
        const deleteOrphans = async () => {
            for (const orphan of (await ctx.client.listAll<ApiKey>(base, "keys")).filter((k) => k.name === name && !before?.has(k.id))) {
                await deleteIfPresent(() => ctx.client.delete(`${base}/${orphan.id}`));
            }
        };
        if (before === undefined) {
            await deleteOrphans();
        }
        const created = await ctx.client.create<ApiKey>(base, body, async () => {
            await deleteOrphans();
            return undefined;
        });
        if (!created.token) {
            throw new Error(`CAST AI created key "${name}" but returned no token; delete it in the console and run again`);
        }
        // The create response has the token but not the prefix (castai-api.md §6.2), so it is read back. A failed
        // read must not fail the create: the key exists and its token would be lost; the prefix then comes on refresh.
        const prefix = await ctx.client.get<{ key: ApiKey }>(`${base}/${created.id}`).then(
            ({ key }) => key.prefix ?? "",
            () => "",
        );
        return { id: created.id, outs: { ...inputs, keyId: created.id, prefix, token: created.token, createdAt: created.createdAt } };
    },

    async read(ctx, id, props) {
        const remote = await unlessNotFound(async () => (await ctx.client.get<{ key: ApiKey }>(`${await keysPath(ctx, props)}/${id}`)).key);
        return remote === undefined ? undefined : { ...props, active: remote.active ?? props.active, prefix: remote.prefix ?? props.prefix };
    },

    async update(ctx, id, olds, news) {
        await ctx.client.patch(`${await keysPath(ctx, news)}/${id}`, { active: news.active });
        return { ...olds, ...news };
    },

    async delete(ctx, id, props) {
        await deleteIfPresent(async () => ctx.client.delete(`${await keysPath(ctx, props)}/${id}`));
    },
});

/**
 * An API key of a CAST AI service account. The token is a secret output, available once at creation; rotating the
 * key means replacing it (change `name` or `expiresAt`).
 */
export class ServiceAccountKey extends CastAiResource {
    static readonly __pulumiType = "pulumi-nodejs:dynamic/castai:ServiceAccountKey";

    declare readonly serviceAccountId: pulumi.Output<string>;
    declare readonly name: pulumi.Output<string>;
    declare readonly environment: pulumi.Output<string | undefined>;
    declare readonly keyId: pulumi.Output<string>;
    declare readonly prefix: pulumi.Output<string>;
    /** The API key (secret). */
    declare readonly token: pulumi.Output<string>;
    /** When CAST AI created the key (RFC 3339). */
    declare readonly createdAt: pulumi.Output<string | undefined>;

    constructor(name: string, args: ServiceAccountKeyArgs, opts?: pulumi.CustomResourceOptions) {
        const keySeed = `${pulumi.getProject()}/${pulumi.getStack()}/${name}`;
        super("ServiceAccountKey", name, { ...args, keySeed, keyId: undefined, prefix: undefined, token: undefined, createdAt: undefined }, pulumi.mergeOptions(opts, { additionalSecretOutputs: ["token"] }));
    }
}

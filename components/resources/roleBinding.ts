import * as pulumi from "@pulumi/pulumi";
import type { CommonArgs } from "./commonArgs";
import type { RoleBinding as ApiRoleBinding } from "../api/types";
import { deleteIfPresent, unlessNotFound } from "./gone";
import { CastAiResource } from "./dynamicResource";
import { CommonInputs, ProviderContext, assertApplied, defineProvider } from "./provider";
import { Validator } from "./validation";
import { deepEqual } from "./compare";

/** CAST AI's built-in organization roles (the ids CAST AI's Terraform provider uses). */
export const CASTAI_ROLE_IDS = {
    owner: "3e1050c7-6593-4298-94bb-154637911d78",
    member: "8c60bd8e-21de-402a-969f-add07fd22c1b",
    viewer: "6fc95bd7-6049-4735-80b0-ce5ccde71cb1",
} as const;

export type RoleBindingScopeKind = "organization" | "cluster";
export type RoleBindingSubjectKind = "user" | "group" | "service_account";

export interface RoleBindingScope {
    kind: RoleBindingScopeKind;
    /** Organization or cluster id. */
    resourceId: string;
}

export interface RoleBindingSubject {
    kind: RoleBindingSubjectKind;
    /** User, group or service account id. */
    id: string;
}

/** An object whose every field may be a `pulumi.Input`. */
export type InputsOf<T> = { readonly [K in keyof T]: pulumi.Input<T[K]> };

export interface RoleBindingInputs extends CommonInputs {
    name: string;
    description?: string;
    roleId: string;
    scopes: RoleBindingScope[];
    subjects: RoleBindingSubject[];
    organizationId?: string;
}

export interface RoleBindingOutputs extends RoleBindingInputs {
    roleBindingId: string;
    resolvedOrganizationId: string;
}

export interface RoleBindingArgs extends CommonArgs {
    /** Binding name, unique in the organization: creation adopts a binding of the same name. */
    readonly name: pulumi.Input<string>;
    /** What the binding is for; default empty. */
    readonly description?: pulumi.Input<string>;
    /** The role granted, e.g. `CASTAI_ROLE_IDS.viewer`. */
    readonly roleId: pulumi.Input<string>;
    /** Where the role applies: `{kind: "organization" | "cluster", resourceId}`; at least one. */
    readonly scopes: pulumi.Input<pulumi.Input<InputsOf<RoleBindingScope>>[]>;
    /** Who gets the role: `{kind: "user" | "group" | "service_account", id}`; at least one. */
    readonly subjects: pulumi.Input<pulumi.Input<InputsOf<RoleBindingSubject>>[]>;
    /** Organization id; default: the API key's organization. Changing it replaces. */
    readonly organizationId?: pulumi.Input<string>;
}

const SCOPE_KINDS: readonly RoleBindingScopeKind[] = ["organization", "cluster"];
const SUBJECT_KINDS: readonly RoleBindingSubjectKind[] = ["user", "group", "service_account"];
const API_SUBJECT = { user: "user", group: "group", service_account: "serviceAccount" } as const;

async function bindingsPath(ctx: ProviderContext, organizationId: string | undefined): Promise<string> {
    return `/v1/organizations/${organizationId ?? (await ctx.client.organizationId())}/role-bindings`;
}

function body(inputs: RoleBindingInputs) {
    return {
        name: inputs.name,
        description: inputs.description ?? "",
        definition: {
            roleId: inputs.roleId,
            scopes: inputs.scopes.map((s) => ({ [s.kind]: { id: s.resourceId } })),
            subjects: inputs.subjects.map((s) => ({ [API_SUBJECT[s.kind]]: { id: s.id } })),
        },
    };
}

/** The remote scopes and subjects in input form; entries of kinds this resource does not manage are kept as "". */
function definitionOf(remote: ApiRoleBinding): Pick<RoleBindingInputs, "roleId" | "scopes" | "subjects"> {
    const def = remote.definition ?? { roleId: "" };
    const scopes = (def.scopes ?? []).map((s) => {
        const kind = SCOPE_KINDS.find((k) => s[k] !== undefined);
        return { kind: kind ?? ("" as RoleBindingScopeKind), resourceId: kind ? s[kind]!.id : "" };
    });
    const subjects = (def.subjects ?? []).map((s) => {
        const kind = SUBJECT_KINDS.find((k) => s[API_SUBJECT[k]] !== undefined);
        return { kind: kind ?? ("" as RoleBindingSubjectKind), id: kind ? s[API_SUBJECT[kind]]!.id : "" };
    });
    return { roleId: def.roleId, scopes, subjects };
}

async function findByName(ctx: ProviderContext, base: string, name: string): Promise<ApiRoleBinding | undefined> {
    return (await ctx.client.listAll<ApiRoleBinding>(base, "roleBindings")).find((b) => b.name === name);
}

async function verify(ctx: ProviderContext, base: string, id: string, inputs: RoleBindingInputs): Promise<RoleBindingOutputs> {
    const remote = await ctx.client.get<ApiRoleBinding>(`${base}/${id}`);
    const def = definitionOf(remote);
    const mismatches = [
        remote.name !== inputs.name ? "name" : "",
        (remote.description ?? "") !== (inputs.description ?? "") ? "description" : "",
        def.roleId !== inputs.roleId ? "roleId" : "",
        deepEqual(def.scopes, inputs.scopes) ? "" : "scopes",
        deepEqual(def.subjects, inputs.subjects) ? "" : "subjects",
    ].filter(Boolean);
    assertApplied(`role binding "${inputs.name}"`, mismatches);
    const failed = (remote.status ?? []).find((s) => s.state === "FAILED");
    if (failed) {
        throw new Error(`CAST AI could not apply role binding "${inputs.name}": ${failed.message || "no reason given"}`);
    }
    return { ...inputs, roleBindingId: id, resolvedOrganizationId: base.split("/")[3] };
}

function validateList<T>(v: Validator, property: string, value: unknown, check: (entry: T, at: string) => void): void {
    if (!Array.isArray(value)) {
        v.fail(property, `${property} must be a list with at least one entry`);
        return;
    }
    if (value.length === 0) {
        v.fail(property, `${property} must have at least one entry`);
    }
    value.forEach((entry: T, i) => check(entry, `${property}[${i}]`));
}

export const provider = defineProvider<RoleBindingInputs, RoleBindingOutputs>({
    fields: { name: "update", description: "update", roleId: "update", scopes: "update", subjects: "update", organizationId: "replace" },
    // Create adopts a binding of the same name, so the old one must be gone before its replacement is created.
    deleteBeforeReplace: true,
    validate(inputs: RoleBindingInputs, v: Validator) {
        v.requiredString("name", inputs.name);
        v.optionalString("description", inputs.description);
        v.requiredString("roleId", inputs.roleId);
        v.optionalUuid("organizationId", inputs.organizationId);
        validateList<RoleBindingScope>(v, "scopes", inputs.scopes, (s, at) => {
            v.knownKeys(at, s, ["kind", "resourceId"]);
            v.requiredString(`${at}.kind`, s.kind);
            v.optionalEnum(`${at}.kind`, s.kind, SCOPE_KINDS);
            v.requiredString(`${at}.resourceId`, s.resourceId);
        });
        validateList<RoleBindingSubject>(v, "subjects", inputs.subjects, (s, at) => {
            v.knownKeys(at, s, ["kind", "id"]);
            v.requiredString(`${at}.kind`, s.kind);
            v.optionalEnum(`${at}.kind`, s.kind, SUBJECT_KINDS);
            v.requiredString(`${at}.id`, s.id);
        });
    },

    async create(ctx, inputs) {
        const base = await bindingsPath(ctx, inputs.organizationId);
        const existing = await findByName(ctx, base, inputs.name);
        let id: string;
        if (existing) {
            await ctx.client.patch(`${base}/${existing.id}`, body(inputs));
            id = existing.id;
        } else {
            // The API takes and answers an array; this resource is one binding.
            const created = await ctx.client.create<ApiRoleBinding[]>(base, [body(inputs)], async () => {
                const found = await findByName(ctx, base, inputs.name);
                return found ? [found] : undefined;
            });
            id = created[0].id;
        }
        return { id, outs: await verify(ctx, base, id, inputs) };
    },

    async read(ctx, id, props) {
        const base = await bindingsPath(ctx, props.organizationId);
        const remote = await unlessNotFound(() => ctx.client.get<ApiRoleBinding>(`${base}/${id}`));
        if (!remote) {
            return undefined;
        }
        const description = remote.description || (props.description === undefined ? undefined : "");
        return { ...props, ...definitionOf(remote), name: remote.name ?? "", description };
    },

    async update(ctx, id, _olds, news) {
        const base = await bindingsPath(ctx, news.organizationId);
        await ctx.client.patch(`${base}/${id}`, body(news));
        return verify(ctx, base, id, news);
    },

    async delete(ctx, id, props) {
        const base = await bindingsPath(ctx, props.organizationId);
        await deleteIfPresent(() => ctx.client.delete(`${base}/${id}`));
    },
});

/** A CAST AI role binding: one role for users, groups or service accounts on the organization or on clusters. */
export class RoleBinding extends CastAiResource {
    static readonly __pulumiType = "pulumi-nodejs:dynamic/castai:RoleBinding";

    declare readonly name: pulumi.Output<string>;
    declare readonly environment: pulumi.Output<string | undefined>;
    declare readonly roleBindingId: pulumi.Output<string>;
    declare readonly resolvedOrganizationId: pulumi.Output<string>;

    constructor(name: string, args: RoleBindingArgs, opts?: pulumi.CustomResourceOptions) {
        super("RoleBinding", name, { ...args, roleBindingId: undefined, resolvedOrganizationId: undefined }, opts);
    }
}

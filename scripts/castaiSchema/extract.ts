// Cuts the repository's OpenAPI subset out of the reconstructed CAST AI specs: the given operations, verbatim,
// and every schema they reference, transitively, each kept in its own service's group.
import { readFileSync, readdirSync } from "fs";
import * as path from "path";
import { refsIn, type ApiGroup, type Operation, type RawSchema, type Subset } from "./subset";

interface Spec {
    readonly paths: Readonly<Record<string, Readonly<Record<string, Operation>>>>;
    readonly components: { readonly schemas: Readonly<Record<string, RawSchema>> };
}

export interface OperationRef {
    readonly method: string;
    readonly template: string;
}

/** "castai-patching-engine.reconstructed.json" is group "patching-engine". */
const groupOf = (file: string): string => file.replace(/^castai-/, "").replace(/\.reconstructed\.json$/, "");

const sorted = <T>(record: Record<string, T>): Record<string, T> =>
    Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));

export function extractSubset(specDir: string, operations: readonly OperationRef[]): Subset {
    const files = readdirSync(specDir).filter((f) => f.endsWith(".reconstructed.json")).sort();
    const specs = files.map((file) => ({ group: groupOf(file), spec: JSON.parse(readFileSync(path.join(specDir, file), "utf8")) as Spec }));
    const groups: Record<string, { paths: Record<string, Record<string, Operation>>; schemas: Record<string, RawSchema> }> = {};
    const outsideSpec: string[] = [];
    for (const { method, template } of operations) {
        const verb = method.toLowerCase();
        const found = specs.find(({ spec }) => spec.paths[template]?.[verb]);
        if (!found) {
            outsideSpec.push(`${method} ${template}`);
            continue;
        }
        const group = (groups[found.group] ??= { paths: {}, schemas: {} });
        const operation = found.spec.paths[template][verb];
        (group.paths[template] ??= {})[verb] = operation;
        const visit = (name: string) => {
            if (group.schemas[name] !== undefined) return;
            const schema = found.spec.components.schemas[name];
            if (schema === undefined) throw new Error(`${found.group}: ${method} ${template} refers to a missing schema ${name}`);
            group.schemas[name] = schema;
            refsIn(schema).forEach(visit);
        };
        refsIn(operation).forEach(visit);
    }
    const ordered: Record<string, ApiGroup> = {};
    for (const [name, group] of Object.entries(sorted(groups))) {
        ordered[name] = { paths: sorted(Object.fromEntries(Object.entries(group.paths).map(([t, ops]) => [t, sorted(ops)]))), schemas: sorted(group.schemas) };
    }
    return {
        source: "castai/terraform-provider-castai's generated clients, as reconstructed in shared/reference/data/castai-openapi",
        groups: ordered,
        outsideSpec: outsideSpec.sort(),
    };
}

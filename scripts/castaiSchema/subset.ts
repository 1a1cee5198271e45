// The CAST AI OpenAPI subset kept in the repository (components/api/castai-openapi.json): per API group, the
// operations the package and the emulator use and every schema they reference, verbatim from the reconstructed
// specs. The wire types and the emulator's validator schemas are generated from it, so the build never needs the
// full specs.
import { readFileSync } from "fs";
import * as path from "path";

/** The repository root, from dist/scripts/castaiSchema/. */
export const REPO_ROOT = path.resolve(__dirname, "../../..");

export const SUBSET_FILE = "components/api/castai-openapi.json";

export type RawSchema = { readonly [key: string]: unknown };

interface Content {
    readonly content?: Readonly<Record<string, { readonly schema: RawSchema }>>;
}

export interface Operation {
    readonly requestBody?: Content;
    readonly responses: Readonly<Record<string, Content>>;
    readonly [key: string]: unknown;
}

/** One service's part: its schema names are its own (two services may both have a `NodeAffinity`). */
export interface ApiGroup {
    /** By path template, then lower-case method. */
    readonly paths: Readonly<Record<string, Readonly<Record<string, Operation>>>>;
    readonly schemas: Readonly<Record<string, RawSchema>>;
}

export interface Subset {
    readonly source: string;
    /** By API group, e.g. "main", "cluster-autoscaler", "patching-engine". */
    readonly groups: Readonly<Record<string, ApiGroup>>;
    /** Operations the emulator answers that no reconstructed spec documents, as "METHOD /template". */
    readonly outsideSpec: readonly string[];
}

export const refName = (ref: unknown): string => String(ref).replace("#/components/schemas/", "");

/** The bare names of every `$ref` in `value`, nested ones included, in order of appearance. */
export function refsIn(value: unknown): string[] {
    const refs: string[] = [];
    JSON.stringify(value, (key, v) => (key === "$ref" && refs.push(refName(v)), v));
    return refs;
}

/** The JSON schema of an operation's request body, if it has one. */
export const requestSchema = (operation: Operation): RawSchema | undefined => operation.requestBody?.content?.["application/json"]?.schema;

export const readSubset = (root = REPO_ROOT): Subset => JSON.parse(readFileSync(path.join(root, SUBSET_FILE), "utf8")) as Subset;

/** The file's text: stable key order comes from the extractor, so the same specs give the same bytes. */
export const renderSubset = (subset: Subset): string => JSON.stringify(subset, null, 1) + "\n";

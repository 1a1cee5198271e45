// scripts/castaiSchema.ts writes each OpenAPI schema as the TypeScript type it says: required or optional fields,
// enums as string unions, `nullable` as `| null`, additionalProperties as records or index signatures, one
// namespace per API group so same-named schemas of two services stay apart.
import * as assert from "assert/strict";
import type { Subset } from "../../scripts/castaiSchema/subset";
import { renderWireTypes } from "../../scripts/castaiSchema/wireTypes";

const group = (schemas: Subset["groups"][string]["schemas"]) => ({ paths: {}, schemas });

/** The rendered types without the header and doc comments. */
function rendered(subset: Subset): string {
    return renderWireTypes(subset)
        .split("\n")
        .filter((line) => line.startsWith("    ") && !/^\s*(\/\*\*|\*)/.test(line))
        .join("\n");
}

describe("wire types rendered from OpenAPI schemas", () => {
    it("say what each schema says, field by field", () => {
        const subset: Subset = {
            source: "test",
            outsideSpec: [],
            groups: {
                main: group({
                    Color: { type: "string", enum: ["BLUE", "RED"] },
                    Pod: {
                        type: "object",
                        required: ["name"],
                        properties: {
                            name: { type: "string" },
                            replicas: { type: "integer", format: "int32", nullable: true },
                            color: { allOf: [{ $ref: "#/components/schemas/Color" }], description: "Its color." },
                            labels: { type: "object", additionalProperties: { type: "string" } },
                            ports: { type: "array", items: { type: "integer", nullable: true } },
                            spec: { type: "object" },
                            "x-dash": { type: "boolean" },
                            anything: {},
                        },
                    },
                    Open: { type: "object", properties: { id: { type: "string" } }, additionalProperties: true },
                }),
            },
        };
        assert.equal(
            rendered(subset),
            [
                '    export type Color = "BLUE" | "RED";',
                "    export interface Pod {",
                "        name: string;",
                "        replicas?: number | null;",
                "        color?: Color;",
                "        labels?: {",
                "            [key: string]: string;",
                "        };",
                "        ports?: (number | null)[];",
                "        spec?: Record<string, unknown>;",
                '        "x-dash"?: boolean;',
                "        anything?: unknown;",
                "    }",
                "    export interface Open {",
                "        id?: string;",
                "        [key: string]: unknown;",
                "    }",
            ].join("\n"),
        );
    });

    it("keep same-named schemas of two API groups in their own namespaces", () => {
        const affinity = (type: string) => group({ NodeAffinity: { type: "object", properties: { rule: { type } } } });
        const out = renderWireTypes({ source: "test", outsideSpec: [], groups: { "cluster-autoscaler": affinity("string"), "patching-engine": affinity("boolean") } });
        assert.match(out, /export namespace ClusterAutoscaler \{\n    export interface NodeAffinity \{\n        rule\?: string;/);
        assert.match(out, /export namespace PatchingEngine \{\n    export interface NodeAffinity \{\n        rule\?: boolean;/);
    });
});

import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";

// Runs from dist/tests/policy; sources live at the repo root.
const root = path.resolve(__dirname, "../../..");
const packDir = path.join(root, "policy-pack");
const policiesDir = path.join(packDir, "policies");
const indexSource = fs.readFileSync(path.join(packDir, "index.ts"), "utf8");
const policyFiles = fs.readdirSync(policiesDir).filter((f) => f.endsWith(".ts")).map((f) => f.slice(0, -3)).sort();

/** Module specifiers of the import statements (and `import type`) of a source file. */
const IMPORTS = /^import\b[^;]*?\bfrom "([^"]+)";/gm;

interface LoadedPolicy {
    exportName: string;
    policy: Record<string, any>;
}

/** The compiled policy module (tsc compiles every policy a test imports into dist/policy-pack/policies). */
function load(file: string): LoadedPolicy {
    const compiled = path.join(root, "dist", "policy-pack", "policies", `${file}.js`);
    assert.ok(fs.existsSync(compiled), `${file}.ts is not compiled: no test under tests/policy imports it`);
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const mod = require(compiled) as Record<string, unknown>;
    const found = Object.entries(mod).filter(([, v]) => typeof v === "object" && v !== null && "enforcementLevel" in (v as object));
    assert.equal(found.length, 1, `${file}.ts must export exactly one policy`);
    return { exportName: found[0][0], policy: found[0][1] as Record<string, any> };
}

describe("policy pack assembly", () => {
    it("has policy files", () => assert.ok(policyFiles.length >= 10, policyFiles.join(", ")));

    for (const file of policyFiles) {
        describe(file, () => {
            it("is imported and listed in policy-pack/index.ts", () => {
                const { exportName } = load(file);
                assert.match(indexSource, new RegExp(`import \\{ ${exportName} \\} from "\\./policies/${file}";`));
                const list = /policies:\s*\[([\s\S]*?)\]/.exec(indexSource)?.[1] ?? "";
                assert.match(list, new RegExp(`\\b${exportName},`), `${exportName} missing from the policies array`);
            });

            it("is named after its file and fully described", () => {
                const { policy } = load(file);
                assert.equal(policy.name, file);
                assert.match(policy.description, /^[A-Z][^]*[^.]\.$/, "a full sentence");
                assert.ok(policy.description.split(/\s+/).length >= 6, "a full sentence");
                assert.ok(["advisory", "mandatory"].includes(policy.enforcementLevel));
                assert.equal(typeof policy.remediationSteps, "string");
                assert.ok(policy.remediationSteps.length > 40);
                assert.equal(typeof policy.configSchema?.properties, "object");
                assert.ok(!("enforcementLevel" in policy.configSchema.properties), "configSchema must not define enforcementLevel");
                assert.ok(typeof policy.validateResource === "function" || typeof policy.validateStack === "function");
            });

            it("imports only @pulumi/policy, type-only @pulumi/pulumi and its own lib", () => {
                const src = fs.readFileSync(path.join(policiesDir, `${file}.ts`), "utf8");
                for (const [, spec] of src.matchAll(IMPORTS)) {
                    assert.ok(spec === "@pulumi/policy" || spec.startsWith("./lib/"), `${file}.ts imports ${spec}`);
                }
            });
        });
    }

    it("lists nothing that is not a policy file, and no name twice", () => {
        const imported = [...indexSource.matchAll(/from "\.\/policies\/([^"]+)"/g)].map((m) => m[1]).sort();
        assert.deepEqual(imported, policyFiles);
        const names = policyFiles.map((f) => load(f).policy.name);
        assert.equal(new Set(names).size, names.length);
    });

    it("keeps lib helpers free of the component package and of runtime @pulumi/pulumi", () => {
        for (const f of fs.readdirSync(path.join(policiesDir, "lib"))) {
            const src = fs.readFileSync(path.join(policiesDir, "lib", f), "utf8");
            for (const [, spec] of src.matchAll(IMPORTS)) {
                assert.ok(spec === "@pulumi/policy" || spec.startsWith("./"), `lib/${f} imports ${spec}`);
            }
        }
    });

    it("is a runnable pack: PulumiPolicy.yaml, a versioned package.json with exact pins and a compiled main", () => {
        assert.match(fs.readFileSync(path.join(packDir, "PulumiPolicy.yaml"), "utf8"), /^runtime: nodejs$/m);
        const pkg = JSON.parse(fs.readFileSync(path.join(packDir, "package.json"), "utf8"));
        assert.equal(pkg.name, "castai-fleet-policy-pack");
        assert.match(pkg.version, /^\d+\.\d+\.\d+$/);
        assert.equal(pkg.main, "dist/index.js");
        assert.equal(pkg.scripts.build, "tsc -p tsconfig.json");
        assert.deepEqual(pkg.dependencies, { "@pulumi/policy": "1.21.0", "@pulumi/pulumi": "3.246.0" });
        assert.match(indexSource, /new PolicyPack\("castai-fleet", \{/);
    });
});

// Bundles each dynamic provider into the code the engine stores in `__provider` and the dynamic-provider host runs,
// once at build time (`npm run build`), into dist/components/providerCode.json. Closure serialization at every
// program run cost ~2 s per `pulumi up` (it loads a TypeScript parser and walks every closure), and a package
// installed under node_modules was stored as a `require` of an absolute path, which breaks on another machine.
//
// A provider module is a .ts file under components/ that has `export const provider`; its kind is the file name,
// capitalised (serviceAccount.ts → ServiceAccount). Only node built-ins and @pulumi/pulumi (which the host has
// loaded already) stay outside the bundle.
import * as fs from "node:fs";
import * as path from "node:path";
import { buildSync } from "esbuild";
import { repoRoot } from "./engine";

const PROVIDER_EXPORT = /^export const provider\b/m;

/** The provider modules under components/, by kind. */
export function providerModules(root = path.join(repoRoot, "components")): Record<string, string> {
    const out: Record<string, string> = {};
    for (const entry of fs.readdirSync(root, { recursive: true, withFileTypes: true })) {
        const file = path.join(entry.parentPath ?? entry.path, entry.name);
        if (entry.isFile() && entry.name.endsWith(".ts") && !entry.name.endsWith(".d.ts") && PROVIDER_EXPORT.test(fs.readFileSync(file, "utf8"))) {
            const base = entry.name.slice(0, -3);
            out[base[0].toUpperCase() + base.slice(1)] = file;
        }
    }
    return out;
}

/** One provider's code: a CommonJS module whose `handler()` returns the provider, as the host expects. */
export function bundleProvider(file: string): string {
    const result = buildSync({
        stdin: {
            contents: `import { provider } from ${JSON.stringify(`./${path.basename(file, ".ts")}`)};\nexport const handler = () => provider;\n`,
            resolveDir: path.dirname(file),
            sourcefile: "provider-entry.ts",
            loader: "ts",
        },
        bundle: true,
        write: false,
        platform: "node",
        format: "cjs",
        target: "node20",
        external: ["@pulumi/pulumi"],
        minifyWhitespace: true,
        minifySyntax: true,
        legalComments: "none",
        absWorkingDir: repoRoot,
        logLevel: "silent",
    });
    return result.outputFiles[0].text;
}

function main(): void {
    const code = Object.fromEntries(Object.entries(providerModules()).map(([kind, file]) => [kind, bundleProvider(file)]));
    const out = path.join(repoRoot, "dist", "components", "providerCode.json");
    fs.mkdirSync(path.dirname(out), { recursive: true });
    fs.writeFileSync(out, `${JSON.stringify(code)}\n`);
}

if (require.main === module) {
    main();
}

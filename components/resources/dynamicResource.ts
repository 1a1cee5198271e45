import * as fs from "node:fs";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";

let bundled: Record<string, string> | undefined;

/**
 * The provider code of one kind, bundled at build time (scripts/bundleProviders.ts): the engine stores it in
 * `__provider` and the dynamic-provider host runs it, as for any dynamic resource, but no program serializes it.
 */
export function providerCode(kind: string): string {
    bundled ??= JSON.parse(fs.readFileSync(path.join(__dirname, "..", "providerCode.json"), "utf8")) as Record<string, string>;
    const code = bundled[kind];
    if (code === undefined) {
        throw new Error(`no bundled provider code for ${kind}: the package build is incomplete (run \`npm run build\`)`);
    }
    return code;
}

/** A dynamic resource whose provider is the bundled code of `kind`, typed `pulumi-nodejs:dynamic/castai:<kind>`. */
export abstract class CastAiResource extends pulumi.CustomResource {
    protected constructor(kind: string, name: string, props: pulumi.Inputs, opts?: pulumi.CustomResourceOptions) {
        super(`pulumi-nodejs:dynamic/castai:${kind}`, name, { ...props, __provider: providerCode(kind) }, opts);
    }
}

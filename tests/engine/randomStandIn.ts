// A stand-in for `pulumi-resource-random` in engine tests: the Go module proxy refuses
// github.com/pulumi/pulumi-random/provider/v4 (403), so the real plugin cannot be built here. It serves RandomId
// over Pulumi's provider protocol with the real provider's outputs (hex, b64Std, b64Url, dec) and its rule that a
// change of byteLength, prefix or keepers replaces the id. `installRandomStandIn` puts it on a PATH directory.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { randomBytes } from "node:crypto";

const REPLACING = ["byteLength", "prefix", "keepers"];

/** Writes an executable `pulumi-resource-random` that runs this file; returns its directory (put it first on PATH). */
export function installRandomStandIn(): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "castai-fleet-random-"));
    const script = path.join(dir, "pulumi-resource-random");
    fs.writeFileSync(script, `#!/bin/sh\nexec node ${JSON.stringify(__filename)} "$@"\n`, { mode: 0o755 });
    return dir;
}

async function serve(): Promise<void> {
    const pulumi = await import("@pulumi/pulumi");
    const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
    const provider: import("@pulumi/pulumi/provider").Provider = {
        version: "4.21.2",
        async check(_urn, _olds, news) {
            const n = news.byteLength;
            return Number.isInteger(n) && n >= 1 ? { inputs: news } : { inputs: news, failures: [{ property: "byteLength", reason: "byteLength must be a positive integer" }] };
        },
        async diff(_id, _urn, olds, news) {
            const replaces = REPLACING.filter((k) => !same(olds[k], news[k]));
            return { changes: replaces.length > 0, replaces, deleteBeforeReplace: false };
        },
        async create(_urn, inputs) {
            const bytes = randomBytes(inputs.byteLength);
            const prefix = inputs.prefix ?? "";
            const b64Url = prefix + bytes.toString("base64url");
            const outs = {
                ...inputs,
                hex: prefix + bytes.toString("hex"),
                b64Std: prefix + bytes.toString("base64"),
                b64Url,
                dec: prefix + BigInt(`0x${bytes.toString("hex")}`).toString(10),
            };
            return { id: b64Url, outs };
        },
        async read(id, _urn, props) {
            return { id, props };
        },
        async delete() {},
    };
    await pulumi.provider.main(provider, process.argv.slice(2));
}

if (require.main === module) {
    serve().catch((err) => {
        console.error(err);
        process.exit(1);
    });
}

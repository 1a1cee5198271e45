import * as assert from "assert/strict";
import { execFileSync } from "child_process";
import * as path from "path";

describe("in-cluster module loading", () => {
    it("importing components/kubernetes does not load @pulumi/kubernetes (an optional peer)", () => {
        const entry = path.resolve(__dirname, "../../components/kubernetes/index.js");
        const script = `
            const k = require(${JSON.stringify(entry)});
            k.planReleases; k.castaiAlertRules();
            const loaded = Object.keys(require.cache).filter((f) => f.includes("@pulumi/kubernetes"));
            process.stdout.write(JSON.stringify(loaded));
        `;
        const loaded = JSON.parse(execFileSync(process.execPath, ["-e", script], { encoding: "utf8" }));
        assert.deepEqual(loaded, []);
    });
});

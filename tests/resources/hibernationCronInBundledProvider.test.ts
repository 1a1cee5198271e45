// The HibernationSchedule provider as the dynamic-provider host runs it (the bundled code, with only node built-ins
// and @pulumi/pulumi to require) applies the service's cron dialect: croner travels inside the bundle.

import { strict as assert } from "node:assert";
import { builtinModules } from "node:module";
import type * as pulumi from "@pulumi/pulumi";
import { cronMessage } from "../../components/resources/cron";
import { providerCode } from "../../components/resources/dynamicResource";

type Provider = Required<pulumi.dynamic.ResourceProvider>;

/** Loads provider code the way the host does, refusing any module the host would not have. */
function loadHostSide(code: string): Provider {
    const hostRequire = (name: string) => {
        if (!builtinModules.includes(name.replace(/^node:/, "")) && name !== "@pulumi/pulumi") {
            throw new Error(`the host has no module ${name}`);
        }
        return require(name);
    };
    const mod = { exports: {} as Record<string, () => Provider> };
    new Function("module", "exports", "require", code)(mod, mod.exports, hostRequire);
    return mod.exports.handler();
}

const inputs = (pauseCron: string) => ({ name: "h", clusterIds: ["00000000-0000-4000-8000-000000000001"], pauseCron, resumeCron: "0 7 * * 1-5", resumeInstanceType: "m5.large" });

describe("HibernationSchedule check in the bundled provider: the service's cron dialect", () => {
    // check refuses any input without an API key.
    const saved = process.env.CASTAI_API_TOKEN;
    before(() => (process.env.CASTAI_API_TOKEN = "castai-test-KEY-0123456789abcdef0123456789abcdef"));
    after(() => (saved === undefined ? delete process.env.CASTAI_API_TOKEN : (process.env.CASTAI_API_TOKEN = saved)));

    it("accepts ? and descriptors, refuses a zero step with the one-line message", async () => {
        const schedule = loadHostSide(providerCode("HibernationSchedule"));
        for (const accepted of ["0 12 * * ?", "@daily", "CRON_TZ=Europe/Vilnius 0 7 * * 1-5"]) {
            assert.deepEqual((await schedule.check({}, inputs(accepted))).failures, [], accepted);
        }
        const refused = await schedule.check({}, inputs("*/0 19 * * *"));
        assert.deepEqual(refused.failures?.map((f) => f.reason), [cronMessage("pauseCron", "*/0 19 * * *")]);
    });
});

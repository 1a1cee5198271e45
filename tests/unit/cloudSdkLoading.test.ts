// Cloud SDKs are optional peers: importing the identity components loads none, and using one loads only
// its own cloud's SDK. Checked in fresh Node processes, whose module cache starts empty.
import { strict as assert } from "assert";
import { execFileSync } from "child_process";
import * as path from "path";

const CLOUD_DIR = path.resolve(__dirname, "../../components/cloud");
const SDKS = ["aws", "gcp", "azure-native"];

/** Runs `body` in a fresh Node process and returns the cloud SDKs loaded when it has finished. */
function sdksLoadedBy(body: string): string[] {
    const script = `
        const report = () => {
            const keys = Object.keys(require.cache);
            const loaded = ${JSON.stringify(SDKS)}.filter((sdk) =>
                keys.some((k) => k.split(require("path").sep).join("/").includes("node_modules/@pulumi/" + sdk + "/")));
            process.stdout.write(JSON.stringify(loaded));
        };
        (async () => { ${body}; report(); })().catch((err) => { console.error(err); process.exit(1); });
    `;
    const out = execFileSync(process.execPath, ["-e", script], { cwd: path.resolve(__dirname, "../../.."), encoding: "utf8" });
    return JSON.parse(out);
}

/** A program that creates one identity under mocks and waits for `output`. */
function programCreating(file: string, className: string, args: object, output: string): string {
    return `
        const pulumi = require("@pulumi/pulumi");
        await pulumi.runtime.setMocks({
            newResource: (a) => ({ id: a.name + "_id", state: { ...a.inputs, arn: "arn:aws:iam::123456789012:role/x",
                email: "sa@p.iam.gserviceaccount.com", name: "n", privateKey: "e30=", clientId: "c", principalId: "p", tenantId: "t" } }),
            call: (a) => a.inputs,
        }, "project", "stack", false);
        const { ${className} } = require(${JSON.stringify(path.join(CLOUD_DIR, file))});
        const identity = new ${className}("x", ${JSON.stringify(args)});
        await new Promise((resolve) => identity.${output}.apply(resolve));
    `;
}

describe("cloud SDK loading", () => {
    for (const file of ["eks.js", "gke.js", "aks.js", "index.js"]) {
        it(`requiring components/cloud/${file} loads no cloud SDK`, () => {
            assert.deepEqual(sdksLoadedBy(`require(${JSON.stringify(path.join(CLOUD_DIR, file))})`), []);
        });
    }

    it("an EKS program loads @pulumi/aws only, never @pulumi/gcp or @pulumi/azure-native", () => {
        const args = {
            accountId: "123456789012",
            region: "eu-central-1",
            clusterName: "c",
            vpcId: "vpc-1",
            castaiPrincipalArn: "arn:aws:iam::999999999999:user/castai",
            clusterId: "3f2c8a91-5b7e-4d0a-9c6f-1e8b2d4a7c35",
        };
        assert.deepEqual(sdksLoadedBy(programCreating("eks.js", "EksCastAiIdentity", args, "roleArn")), ["aws"]);
    });

    it("a GKE program loads @pulumi/gcp only", () => {
        const args = { projectId: "shop-1", clusterName: "c" };
        assert.deepEqual(sdksLoadedBy(programCreating("gke.js", "GkeCastAiIdentity", args, "credentialsJson")), ["gcp"]);
    });

    it("an AKS program loads @pulumi/azure-native only", () => {
        const args = {
            subscriptionId: "8f3c2a1e-5b6d-4e7f-9a0b-1c2d3e4f5a6b",
            resourceGroupName: "rg",
            nodeResourceGroup: "mc",
            clusterName: "c",
            region: "westeurope",
            castaiImpersonationServiceAccountId: "id",
        };
        assert.deepEqual(sdksLoadedBy(programCreating("aks.js", "AksCastAiIdentity", args, "clientId")), ["azure-native"]);
    });

    it("a program bringing its own identity loads no cloud SDK", () => {
        const args = {
            accountId: "123456789012",
            region: "eu-central-1",
            clusterName: "c",
            existingRoleArn: "arn:aws:iam::123456789012:role/r",
            existingInstanceProfileArn: "arn:aws:iam::123456789012:instance-profile/p",
        };
        assert.deepEqual(sdksLoadedBy(programCreating("eks.js", "EksCastAiIdentity", args, "roleArn")), []);
    });
});

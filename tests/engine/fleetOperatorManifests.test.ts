import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import { parseAllDocuments } from "yaml";
import { installTestdataCrds } from "./kube/cluster";
import { ControlPlane, startControlPlane } from "./kube/controlPlane";
import { FleetProject, fleetStackFile } from "./fleet/fleetProject";

const NAMESPACE = "castai-fleet";

/** The collection an object is created in, from its apiVersion and kind (the kinds these manifests use). */
function collection(o: { apiVersion: string; kind: string; metadata: { namespace?: string } }): string {
    const plural = ({ ServiceAccount: "serviceaccounts", ClusterRoleBinding: "clusterrolebindings", Stack: "stacks" } as Record<string, string>)[o.kind];
    const group = o.apiVersion.includes("/") ? `/apis/${o.apiVersion}` : `/api/${o.apiVersion}`;
    return `${group}${o.metadata.namespace ? `/namespaces/${o.metadata.namespace}` : ""}/${plural}`;
}

describe("engine: castai-fleet operator-manifests, checked against the Pulumi Kubernetes Operator's CRDs on a real API server", function () {
    this.timeout(600_000);
    let plane: ControlPlane;
    let fleet: FleetProject;

    /** A server-side dry run of creating the object, unknown fields refused: the API server's whole validation, nothing stored. */
    const dryRun = (o: any) => plane.request("POST", `${collection(o)}?dryRun=All&fieldValidation=Strict`, o);

    before(async () => {
        // The stacks exist in a backend; the manifests need no update of them and no CAST AI.
        [plane, fleet] = await Promise.all([
            startControlPlane("operator"),
            FleetProject.create({ apiKey: "unused", url: "http://127.0.0.1:9" }, {
                dev: fleetStackFile("dev", ["shop-dev"]),
                staging: fleetStackFile("staging", ["shop-staging"]),
                prod: fleetStackFile("prod", ["shop-prod"]),
            }),
        ]);
        await installTestdataCrds(plane, ["pulumi.com_stacks.yaml", "pulumi.com_programs.yaml", "auto.pulumi.com_workspaces.yaml"]);
        const ns = await plane.request("POST", "/api/v1/namespaces", { apiVersion: "v1", kind: "Namespace", metadata: { name: NAMESPACE } });
        assert.equal(ns.status, 201);
    });
    after(async () => {
        await fleet?.remove();
        await plane?.stop();
    });

    it("writes a Stack per environment stack, resync and refresh on, the secret references given, that the API server accepts", async () => {
        const out = path.join(fleet.dir, "operator.yaml");
        const run = await fleet.run([
            "operator-manifests",
            "--repo", "https://github.com/acme/castai-fleet.git",
            "--branch", "release",
            "--backend", "s3://acme-pulumi-state",
            "--passphrase-secret", "castai-fleet-passphrase",
            "--resync", "900",
            "--out", out,
        ]);
        assert.equal(run.code, 0, run.stdout + run.stderr);
        const objects = parseAllDocuments(fs.readFileSync(out, "utf8")).map((d) => d.toJS());
        assert.deepEqual(objects.map((o) => `${o.kind}/${o.metadata.name}`), [
            "ServiceAccount/castai-fleet-workspace",
            "ClusterRoleBinding/castai-fleet:castai-fleet-workspace:system:auth-delegator",
            "Stack/castai-fleet-dev",
            "Stack/castai-fleet-prod",
            "Stack/castai-fleet-staging",
        ]);
        const prod = objects.find((o) => o.metadata.name === "castai-fleet-prod");
        assert.equal(prod.metadata.labels["castai-fleet/environment"], "prod");
        assert.deepEqual(prod.spec, {
            serviceAccountName: "castai-fleet-workspace",
            stack: "organization/castai-fleet/prod",
            projectRepo: "https://github.com/acme/castai-fleet.git",
            branch: "release",
            backend: "s3://acme-pulumi-state",
            refresh: true,
            continueResyncOnCommitMatch: true,
            resyncFrequencySeconds: 900,
            useLocalStackOnly: true,
            destroyOnFinalize: false,
            envRefs: { PULUMI_CONFIG_PASSPHRASE: { type: "Secret", secret: { name: "castai-fleet-passphrase", key: "passphrase" } } },
        });
        for (const o of objects) {
            const res = await dryRun(o);
            assert.equal(res.status, 201, `${o.kind}/${o.metadata.name}: ${JSON.stringify(res.body).slice(0, 500)}`);
        }
        assert.deepEqual((await plane.get(`/apis/pulumi.com/v1/namespaces/${NAMESPACE}/stacks`)).items, [], "a dry run stores nothing");
    });

    it("the check is real: the API server refuses a misspelt field and a wrongly typed one in a Stack", async () => {
        const base = { apiVersion: "pulumi.com/v1", kind: "Stack", metadata: { name: "probe", namespace: NAMESPACE } };
        const misspelt = await dryRun({ ...base, spec: { stack: "o/p/s", projectRepo: "https://x", resyncFrequencySecond: 60 } });
        assert.equal(misspelt.status, 400);
        assert.match(JSON.stringify(misspelt.body), /unknown field \\"spec.resyncFrequencySecond\\"/);
        const typed = await dryRun({ ...base, spec: { stack: "o/p/s", projectRepo: "https://x", resyncFrequencySeconds: "hourly" } });
        assert.equal(typed.status, 422);
    });

    it("refuses a local file backend, which no cluster can read, naming the fix", async () => {
        const run = await fleet.run(["operator-manifests", "--repo", "https://github.com/acme/castai-fleet.git"]);
        assert.equal(run.code, 2);
        assert.match(run.stderr, /the stacks' backend is a local directory \(file:\/\/.+\) no cluster can read; pass --backend <url> of a shared state store/);
    });
});

import * as assert from "assert/strict";
import * as pulumi from "@pulumi/pulumi";
import type * as k8s from "@pulumi/kubernetes";
import { planReleases, ReleasePlan } from "../../components/kubernetes/plan";
import { installReleases, RELEASE_TIMEOUT_SECONDS } from "../../components/kubernetes/releases";
import { API_KEY, CLUSTER_TOKEN, resolved, settings } from "../unit/installSettingsFixture";
import { recordRegistrations, Registration, unwrapSecret, valueOf } from "./kubernetesRecordingMocks";

const RELEASE_TYPE = "kubernetes:helm.sh/v3:Release";

/** Stands for the CAST AI cluster registration the first release must wait for. */
class ClusterRegistration extends pulumi.CustomResource {
    constructor(name: string) {
        super("test:index:ClusterRegistration", name, {});
    }
}

describe("Helm releases of the in-cluster install", () => {
    let registrations: Registration[];

    beforeEach(async () => {
        registrations = await recordRegistrations();
    });

    /** Installs `plan` under a test component, waits for every release, and returns the release registrations. */
    async function install(plan: ReleasePlan[], opts: { provider?: k8s.Provider; dependsOn?: pulumi.Resource } = {}) {
        const parent = new pulumi.ComponentResource("test:index:Cluster", "prod", {});
        const releases = installReleases("prod", plan, { parent, ...opts });
        await Promise.all(Object.values(releases).map((r) => valueOf(r.urn)));
        const urns = Object.fromEntries(
            await Promise.all(Object.entries(releases).map(async ([n, r]) => [n, await valueOf(r.urn)] as const)),
        );
        const registered = registrations.filter((r) => r.type === RELEASE_TYPE);
        // Registration runs asynchronously, so its order is not the creation order; look releases up by name.
        const byRelease = (releaseName: string) => {
            const found = registered.find((r) => r.inputs.name === releaseName);
            assert.ok(found, `${releaseName} is registered`);
            return found;
        };
        return { releases, urns, parentUrn: await valueOf(parent.urn), registered, byRelease };
    }

    it("creates one kubernetes:helm.sh/v3:Release per planned release, named <component>-<release>", async () => {
        const plan = planReleases(settings());
        const { releases, registered, byRelease } = await install(plan);
        assert.equal(registered.length, plan.length);
        for (const release of plan) {
            assert.equal(byRelease(release.name).name, `prod-${release.name}`);
        }
        assert.deepEqual(Object.keys(releases), plan.map((r) => r.name));
    });

    it("makes every release a child of the component", async () => {
        const { registered, parentUrn } = await install(planReleases(settings()));
        assert.equal(registered.length, 6);
        for (const release of registered) {
            assert.equal(release.parent, parentUrn, release.name);
        }
    });

    it("sets release name, namespace, chart, exact version and the CAST AI repository from the plan", async () => {
        const plan = planReleases(settings());
        const { byRelease } = await install(plan);
        plan.forEach((release) => {
            const inputs = byRelease(release.name).inputs;
            assert.equal(inputs.name, release.name);
            assert.equal(inputs.namespace, "castai-agent");
            assert.equal(inputs.chart, release.chart);
            assert.equal(inputs.version, release.version);
            assert.deepEqual(inputs.repositoryOpts, { repo: "https://castai.github.io/helm-charts" });
        });
    });

    it("pulls every chart from the settings' chartRepository (a mirror for air-gapped clusters)", async () => {
        const { registered } = await install(planReleases(settings({ chartRepository: "http://127.0.0.1:8879" })));
        assert.equal(registered.length, 6);
        for (const release of registered) {
            assert.deepEqual(release.inputs.repositoryOpts, { repo: "http://127.0.0.1:8879" }, release.name);
        }
    });

    it("creates the namespace with the first release only", async () => {
        const plan = planReleases(settings());
        const { byRelease } = await install(plan);
        assert.deepEqual(
            plan.map((r) => byRelease(r.name).inputs.createNamespace),
            [true, false, false, false, false, false],
        );
        assert.equal(plan[0].name, "castware-operator");
    });

    it("waits for hook jobs and rolls back failed installs", async () => {
        const { registered } = await install(planReleases(settings()));
        assert.equal(registered.length, 6);
        for (const release of registered) {
            assert.equal(release.inputs.atomic, true);
            assert.equal(release.inputs.cleanupOnFail, true);
            assert.equal(release.inputs.waitForJobs, true);
            assert.equal(release.inputs.timeout, RELEASE_TIMEOUT_SECONDS);
        }
    });

    it("wires dependsOn from the plan, and the caller's dependsOn to the first release", async () => {
        const registration = new ClusterRegistration("registration");
        const registrationUrn = await valueOf(registration.urn);
        const { registered, urns } = await install(planReleases(settings()), { dependsOn: registration });
        const deps = Object.fromEntries(registered.map((r) => [r.inputs.name, r.dependencies]));
        assert.deepEqual(deps, {
            "castware-operator": [registrationUrn],
            "castware-components": [urns["castware-operator"]],
            "castai-evictor": [urns["castware-components"]],
            "castai-pod-pinner": [urns["castware-components"]],
            "castai-pod-mutator": [urns["castware-components"]],
            "castai-kvisor": [urns["castware-components"]],
        });
    });

    it("passes the plan's values, secret exactly where they hold the API key or the cluster token", async () => {
        const plan = planReleases(settings());
        const { byRelease } = await install(plan);
        const secretReleases: string[] = [];
        for (const release of plan) {
            const { secret, value } = unwrapSecret(byRelease(release.name).inputs.values);
            if (secret) {
                secretReleases.push(release.name);
            }
            assert.deepEqual(value, await resolved(release.values), release.name);
        }
        assert.deepEqual(secretReleases, ["castware-operator", "castai-pod-pinner", "castai-pod-mutator", "castai-kvisor"]);
        const operator = unwrapSecret(byRelease("castware-operator").inputs.values).value;
        assert.equal(operator.apiKeySecret.apiKey, API_KEY);
        const kvisor = unwrapSecret(byRelease("castai-kvisor").inputs.values).value;
        assert.equal(kvisor.castai.apiKey, CLUSTER_TOKEN);
    });

    it("uses the given Kubernetes provider for every release", async () => {
        const kubernetes = require("@pulumi/kubernetes") as typeof import("@pulumi/kubernetes");
        const provider = new kubernetes.Provider("target", { kubeconfig: "{}" });
        const providerUrn = await valueOf(provider.urn);
        const { registered } = await install(planReleases(settings()), { provider });
        assert.equal(registered.length, 6);
        for (const release of registered) {
            assert.ok(release.provider.startsWith(`${providerUrn}::`), `${release.name}: ${release.provider}`);
        }
    });

    it("installs only the operator and components in phase 1", async () => {
        const { registered } = await install(planReleases(settings({ phase: 1, security: false })));
        assert.deepEqual(registered.map((r) => r.inputs.name).sort(), ["castware-components", "castware-operator"]);
    });

    it("refuses a plan whose release depends on one not planned before it", () => {
        const [operator, components] = planReleases(settings());
        const parent = new pulumi.ComponentResource("test:index:Cluster", "broken", {});
        assert.throws(
            () => installReleases("broken", [components, operator], { parent }),
            (err: unknown) => err instanceof pulumi.ResourceError && /depends on castware-operator/.test(String(err)),
        );
    });
});

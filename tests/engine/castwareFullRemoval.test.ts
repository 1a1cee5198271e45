import { strict as assert } from "node:assert";
import { stringify } from "yaml";
import { CASTAI_NAMESPACE } from "../../components/kubernetes/versions";
import { Emulator, startEmulator } from "../../components/testing";
import { assertNoSecretInRun, liveClusters } from "./emulatorSetup";
import { ChartRepository, startChartRepository } from "./kube/chartRepository";
import { exists, names } from "./kube/cluster";
import { ControlPlane, startControlPlane } from "./kube/controlPlane";
import { InClusterStack, createInClusterStack } from "./kube/engineStack";

const NS = CASTAI_NAMESPACE;

describe("engine: fullRemovalOnDestroy also deletes what Helm leaves, on a real kube-apiserver", function () {
    this.timeout(900_000);
    let emu: Emulator;
    let charts: ChartRepository;
    let plane: ControlPlane;
    let engine: InClusterStack;
    const output: string[] = [];
    const collect = { onOutput: (s: string) => output.push(s), color: "never" as const };

    before(async () => {
        emu = await startEmulator({ strict: true });
        charts = await startChartRepository();
        plane = await startControlPlane("removal");
        engine = await createInClusterStack("removal", emu, {
            removal: stringify({
                config: {
                    "fleet:environment": "dev",
                    "fleet:clusters": [
                        {
                            key: "shop-c",
                            provider: "gke",
                            phase: 1,
                            kubeconfigSecret: "shopCKubeconfig",
                            chartRepository: charts.url,
                            fullRemovalOnDestroy: true,
                            gke: { projectId: "shop-demo-4821", location: "europe-west1-b", clusterName: "shop-c" },
                        },
                    ],
                },
            }),
        });
        await engine.stack.setConfig("fleet:shopCKubeconfig", { value: plane.kubeconfig, secret: true });
    });
    after(async () => {
        await engine?.remove();
        await plane?.stop();
        await charts?.stop();
        await emu?.stop();
    });

    it("removes the CRDs, the Cluster CR and the namespace after the releases, and leaves other workloads", async () => {
        await engine.stack.up(collect);
        assert.ok(await exists(plane, `/apis/castware.cast.ai/v1alpha1/namespaces/${NS}/clusters/castai`), "installed");
        await plane.request("POST", "/api/v1/namespaces", { metadata: { name: "shop" } });
        await plane.request("POST", "/api/v1/namespaces/shop/configmaps", { metadata: { name: "settings" }, data: { a: "b" } });

        await engine.stack.destroy(collect);
        for (const crd of ["clusters.castware.cast.ai", "components.castware.cast.ai"]) {
            assert.equal(await exists(plane, `/apis/apiextensions.k8s.io/v1/customresourcedefinitions/${crd}`), false, `${crd} is deleted`);
        }
        assert.equal(await exists(plane, `/api/v1/namespaces/${NS}`), false, "the castai-agent namespace is deleted");
        assert.ok((await names(plane, "/api/v1/namespaces")).includes("shop"));
        assert.ok(await exists(plane, "/api/v1/namespaces/shop/configmaps/settings"), "other workloads stay");
        assert.equal(liveClusters(emu).length, 0, "and the cluster is disconnected");
        assertNoSecretInRun(engine, output, emu, [plane.token]);
    });
});

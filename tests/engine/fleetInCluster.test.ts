import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import type { EngineEvent } from "@pulumi/pulumi/automation";
import { stringify } from "yaml";
import { CASTAI_NAMESPACE, DEFAULT_CHART_VERSIONS } from "../../components/kubernetes/versions";
import { Emulator, startEmulator } from "../../components/testing";
import { assertNoSecretInRun, liveClusters } from "./emulatorSetup";
import { ChartRepository, startChartRepository } from "./kube/chartRepository";
import { containerEnv, exists, installTestdataCrds, names } from "./kube/cluster";
import { ControlPlane, startControlPlane } from "./kube/controlPlane";
import { InClusterStack, createInClusterStack } from "./kube/engineStack";
import { changes } from "./resourceStack";

const NS = CASTAI_NAMESPACE;
const CASTWARE = `/apis/castware.cast.ai/v1alpha1/namespaces/${NS}`;
const MONITORING_CRDS = ["monitoring.coreos.com_prometheusrules.yaml", "monitoring.coreos.com_podmonitors.yaml"];

/** The fleet stack file: two in-cluster EKS clusters, each with its own kubeconfig secret; A in phase 1, B in phase 2. */
function fleetStackFile(charts: ChartRepository, overrides: { agentVersion?: string } = {}): string {
    const eks = (name: string, account: string) => ({
        accountId: account,
        region: "eu-central-1",
        clusterName: name,
        existingRoleArn: `arn:aws:iam::${account}:role/castai-${name}`,
        existingInstanceProfileArn: `arn:aws:iam::${account}:instance-profile/castai-${name}-nodes`,
    });
    const chartVersions = overrides.agentVersion ? { "castai-agent": overrides.agentVersion } : undefined;
    return stringify({
        config: {
            "fleet:environment": "staging",
            "fleet:clusters": [
                { key: "shop-a", provider: "eks", phase: 1, kubeconfigSecret: "shopAKubeconfig", chartRepository: charts.url, monitoring: true, eks: eks("shop-a", "111111111111"), chartVersions },
                { key: "shop-b", provider: "eks", phase: 2, kubeconfigSecret: "shopBKubeconfig", chartRepository: charts.url, eks: eks("shop-b", "222222222222") },
            ],
        },
    });
}

describe("engine: two in-cluster clusters in one stack, each on its own real kube-apiserver", function () {
    this.timeout(1_200_000);
    let emu: Emulator;
    let charts: ChartRepository;
    let a: ControlPlane;
    let b: ControlPlane;
    let engine: InClusterStack;
    const output: string[] = [];
    const collect = { onOutput: (s: string) => output.push(s), color: "never" as const };
    let summary: Record<string, { clusterId: string }>;
    /** Writes the stack file, then each cluster's kubeconfig as a secret into it. */
    const writeStack = async (overrides: { agentVersion?: string } = {}) => {
        fs.writeFileSync(path.join(engine.project, "stacks", "Pulumi.fleet.yaml"), fleetStackFile(charts, overrides));
        await engine.stack.setAllConfig({
            "fleet:shopAKubeconfig": { value: a.kubeconfig, secret: true },
            "fleet:shopBKubeconfig": { value: b.kubeconfig, secret: true },
        });
    };

    before(async () => {
        emu = await startEmulator({ strict: true });
        charts = await startChartRepository();
        [a, b] = await Promise.all([startControlPlane("shop-a"), startControlPlane("shop-b")]);
        await Promise.all([installTestdataCrds(a, MONITORING_CRDS), installTestdataCrds(b, MONITORING_CRDS)]);
        engine = await createInClusterStack("fleet", emu);
        await writeStack();
    });
    after(async () => {
        await engine?.remove();
        await Promise.all([a?.stop(), b?.stop()]);
        await charts?.stop();
        await emu?.stop();
    });

    it("installs the operator and the components on each API server, for that cluster's registration", async () => {
        const up = await engine.stack.up(collect);
        summary = up.outputs.summary.value;
        const live = liveClusters(emu);
        assert.deepEqual(live.map((c) => c.name).sort(), ["shop-a", "shop-b"]);
        assert.ok(charts.requests.includes("castware-operator-0.10.1.tgz"), "Helm pulled the real operator chart from the local repository");

        for (const [plane, key, phase] of [[a, "shop-a", 1], [b, "shop-b", 2]] as const) {
            const clusterId = summary[key].clusterId;
            assert.ok((await names(plane, "/api/v1/namespaces")).includes(NS), `${key}: namespace`);
            for (const crd of ["clusters.castware.cast.ai", "components.castware.cast.ai"]) {
                assert.ok(await exists(plane, `/apis/apiextensions.k8s.io/v1/customresourcedefinitions/${crd}`), `${key}: CRD ${crd}`);
            }
            const cr = await plane.get(`${CASTWARE}/clusters/castai`);
            assert.equal(cr.spec.provider, "eks");
            assert.equal(cr.spec.api.apiUrl, emu.url, `${key}: the Cluster CR talks to this stack's CAST AI API`);
            assert.equal(cr.spec.cluster.clusterID, clusterId, `${key}: the Cluster CR adopts this cluster's own registration`);
            assert.equal(cr.spec.terraform, true);
            assert.equal(cr.spec.helmRepoURL, charts.url, `${key}: the operator installs components from the same (mirrored) repository`);

            const components = await plane.get(`${CASTWARE}/components`);
            const versions = Object.fromEntries((components.items as any[]).map((c) => [c.metadata.name, c.spec.version]));
            const expected: Record<string, string> = { "castai-agent": DEFAULT_CHART_VERSIONS["castai-agent"], "spot-handler": DEFAULT_CHART_VERSIONS["castai-spot-handler"] };
            if (phase === 2) {
                expected["cluster-controller"] = DEFAULT_CHART_VERSIONS["castai-cluster-controller"];
            }
            assert.deepEqual(versions, expected, `${key}: pinned Component CRs, cluster-controller only in phase 2`);

            const secret = await plane.get(`/api/v1/namespaces/${NS}/secrets/castware-api-key`);
            assert.equal(Buffer.from(secret.data.API_KEY, "base64").toString(), emu.apiKey, `${key}: the operator's API-key Secret holds the key`);

            const ext = await names(plane, "/apis/rbac.authorization.k8s.io/v1/clusterroles?labelSelector=castware.cast.ai%2Fextended-permissions%3Dtrue");
            assert.deepEqual(ext, phase === 2 ? ["castware-operator-manager-role-ext"] : [], `${key}: extended-permission RBAC only in phase 2`);

            const operator = await plane.get(`/apis/apps/v1/namespaces/${NS}/deployments/castware-operator`);
            const env = containerEnv(operator);
            assert.equal(env.EKS_ACCOUNT_ID, key === "shop-a" ? "111111111111" : "222222222222", `${key}: IMDS-less account id reaches the operator container`);
            assert.equal(env.EKS_REGION, "eu-central-1");
            assert.equal(env.EKS_CLUSTER_NAME, key);
            assert.equal(operator.status.readyReplicas, 1, `${key}: the operator pod is Ready (kwok plays the kubelet)`);
        }

        // Phase 2 only: the automation releases, with the values Helm received.
        const evictor = await b.get(`/apis/apps/v1/namespaces/${NS}/deployments/castai-evictor`);
        assert.equal(evictor.metadata.annotations["castai-fleet.test/managed-by-castai"], "false");
        assert.equal(evictor.metadata.annotations["castai-fleet.test/aggressive-mode"], "false", "staging evictor is not aggressive");
        const pinner = await b.get(`/apis/apps/v1/namespaces/${NS}/deployments/castai-pod-pinner`);
        assert.equal(pinner.metadata.annotations["castai-fleet.test/cluster-id"], summary["shop-b"].clusterId);
        assert.ok(await exists(b, `/apis/apps/v1/namespaces/${NS}/deployments/castai-pod-mutator`), "staging's 80% spot share needs the pod mutator");
        assert.equal(await exists(a, `/apis/apps/v1/namespaces/${NS}/deployments/castai-evictor`), false, "no automation in phase 1");

        // Monitoring on A, accepted by the real Prometheus Operator CRDs.
        const rule = await a.get(`/apis/monitoring.coreos.com/v1/namespaces/${NS}/prometheusrules/castai-alerts`);
        assert.ok(rule.spec.groups.length > 0);
        assert.ok(await exists(a, `/apis/monitoring.coreos.com/v1/namespaces/${NS}/podmonitors/castai-components`));
        assert.equal(await exists(b, `/apis/monitoring.coreos.com/v1/namespaces/${NS}/prometheusrules/castai-alerts`), false);

        // The key sits in each cluster's Secret, but the stack's state and output hold it only encrypted.
        assertNoSecretInRun(engine, output, emu, [a.token, b.token]);
    });

    it("changes nothing on a second up", async () => {
        const again = await engine.stack.up(collect);
        assert.deepEqual(changes(again), {});
    });

    it("updates only the components release when one component version changes", async () => {
        await writeStack({ agentVersion: "0.161.2" });
        const events: EngineEvent[] = [];
        const up = await engine.stack.up({ ...collect, onEvent: (e) => events.push(e) });
        assert.deepEqual(changes(up), { update: 1 });
        // Providers aside: the dynamic providers' default provider takes the whole stack config, which changed.
        const updated = events.flatMap((e) => {
            const m = e.resOutputsEvent?.metadata;
            return m?.op === "update" && !m.type.startsWith("pulumi:providers:") ? [`${m.type} ${m.urn.split("::").pop()}`] : [];
        });
        assert.deepEqual(updated, ["kubernetes:helm.sh/v3:Release shop-a-castware-components"]);
        const agent = await a.get(`${CASTWARE}/components/castai-agent`);
        assert.equal(agent.spec.version, "0.161.2");
        assert.equal((await b.get(`${CASTWARE}/components/castai-agent`)).spec.version, DEFAULT_CHART_VERSIONS["castai-agent"], "the other cluster is untouched");
    });

    it("destroy uninstalls the releases before disconnecting, leaves workloads alone, and leaves what Helm keeps by design", async () => {
        // A workload of the cluster's own, which removing CAST AI must not touch.
        for (const plane of [a, b]) {
            await plane.request("POST", "/api/v1/namespaces", { metadata: { name: "shop" } });
            const res = await plane.request("POST", "/apis/apps/v1/namespaces/shop/deployments", {
                metadata: { name: "web" },
                spec: { replicas: 1, selector: { matchLabels: { app: "web" } }, template: { metadata: { labels: { app: "web" } }, spec: { containers: [{ name: "web", image: "nginx" }] } } },
            });
            assert.equal(res.status, 201);
        }
        const events: EngineEvent[] = [];
        await engine.stack.destroy({ ...collect, onEvent: (e) => events.push(e) });
        const deleted = events.flatMap((e) => (e.resOutputsEvent?.metadata.op === "delete" ? [e.resOutputsEvent.metadata] : []));
        const at = (match: (m: { urn: string; type: string }) => boolean) => deleted.findIndex(match);
        for (const key of ["shop-a", "shop-b"]) {
            const registration = at((m) => m.urn.endsWith(`::${key}-registration`));
            const releases = deleted.filter((m) => m.type === "kubernetes:helm.sh/v3:Release" && m.urn.includes(`::${key}-`));
            assert.ok(releases.length >= 2, `${key}: its releases were deleted`);
            for (const r of releases) {
                assert.ok(deleted.indexOf(r) < registration, `${key}: ${r.urn} was uninstalled before the registration was disconnected`);
            }
        }
        assert.equal(liveClusters(emu).length, 0);

        for (const plane of [a, b]) {
            assert.equal((await plane.get("/apis/apps/v1/namespaces/shop/deployments/web")).metadata.name, "web", "the cluster's own workload stays");
            assert.deepEqual(await names(plane, `/api/v1/namespaces/${NS}/secrets`), [], "the API-key Secret is gone with the release");
            assert.equal(await exists(plane, `/apis/apps/v1/namespaces/${NS}/deployments/castware-operator`), false, "the operator is gone");
            // What Helm leaves by design: the CRDs (crds/), the namespace, and the Cluster CR the post-install hook made.
            assert.ok(await exists(plane, "/apis/apiextensions.k8s.io/v1/customresourcedefinitions/clusters.castware.cast.ai"));
            assert.ok(await exists(plane, `/api/v1/namespaces/${NS}`));
            assert.ok(await exists(plane, `${CASTWARE}/clusters/castai`));
        }
        assertNoSecretInRun(engine, output, emu, [a.token, b.token]);
    });
});

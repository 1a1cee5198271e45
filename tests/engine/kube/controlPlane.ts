// A real, local Kubernetes control plane for the in-cluster tests: etcd, kube-apiserver, kube-controller-manager,
// kube-scheduler and kwok (which plays the kubelet: pods on its node turn Ready, Job pods complete), each on free
// 127.0.0.1 ports, with an admin token. Binaries come from scripts/local-kube.sh (via scripts/setup.js).
import { ChildProcess, spawn } from "node:child_process";
import * as crypto from "node:crypto";
import * as fs from "node:fs";
import * as https from "node:https";
import * as net from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import { repoRoot } from "../../../scripts/engine";
import { waitFor } from "./waitFor";

/** Paths of the local Kubernetes binaries (dist/kube.json, written by scripts/setup.js). */
export interface KubeBinaries {
    readonly etcd: string;
    readonly kubeApiserver: string;
    readonly kubeControllerManager: string;
    readonly kubeScheduler: string;
    readonly kwok: string;
    /** Directory holding pulumi-resource-kubernetes, for the engine's PATH. */
    readonly providerBin: string;
    readonly kubeVersion: string;
}

export function kubeBinaries(): KubeBinaries {
    const file = path.join(repoRoot, "dist", "kube.json");
    if (!fs.existsSync(file)) {
        throw new Error("the local Kubernetes is not set up: run `node scripts/setup.js` (npm test runs it) first");
    }
    return JSON.parse(fs.readFileSync(file, "utf8")) as KubeBinaries;
}

/** One running control plane. */
export interface ControlPlane {
    /** https://127.0.0.1:<port> */
    readonly server: string;
    /** A kubeconfig (JSON, which is YAML) with the admin token: what a user would store as a secret. */
    readonly kubeconfig: string;
    /** The admin bearer token inside the kubeconfig, for secret scans. */
    readonly token: string;
    /** Seconds from start until the API server answered /readyz. */
    readonly readySeconds: number;
    /** GET/POST/DELETE on the API server as admin; resolves to the status code and the parsed body. */
    request(method: string, apiPath: string, body?: unknown): Promise<{ status: number; body: any }>;
    /** GET that fails on any status but 200. */
    get(apiPath: string): Promise<any>;
    /** Stops every process (by PID) and removes the data directory. */
    stop(): Promise<void>;
}

/** A port the kernel picks on 127.0.0.1, released for the process that will bind it. */
async function freePort(): Promise<number> {
    return new Promise((resolve, reject) => {
        const server = net.createServer();
        server.unref();
        server.on("error", reject);
        server.listen(0, "127.0.0.1", () => {
            const { port } = server.address() as net.AddressInfo;
            server.close(() => resolve(port));
        });
    });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Starts a control plane; bounded: fails after `timeoutMs` (default 90 s) with the API server's last log lines. */
export async function startControlPlane(name: string, opts: { timeoutMs?: number } = {}): Promise<ControlPlane> {
    const bins = kubeBinaries();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), `castai-fleet-kube-${name}-`));
    const token = crypto.randomBytes(24).toString("hex");
    const [etcdClient, etcdPeer, apiPort] = [await freePort(), await freePort(), await freePort()];
    const server = `https://127.0.0.1:${apiPort}`;

    fs.writeFileSync(path.join(dir, "tokens.csv"), `${token},admin,admin,system:masters\n`, { mode: 0o600 });
    const keys = crypto.generateKeyPairSync("rsa", { modulusLength: 2048 });
    fs.writeFileSync(path.join(dir, "sa.key"), keys.privateKey.export({ type: "pkcs8", format: "pem" }), { mode: 0o600 });
    fs.writeFileSync(path.join(dir, "sa.pub"), keys.publicKey.export({ type: "spki", format: "pem" }));

    const processes: ChildProcess[] = [];
    const logs: Record<string, string> = {};
    const launch = (label: string, bin: string, args: string[]) => {
        const log = path.join(dir, `${label}.log`);
        logs[label] = log;
        const out = fs.openSync(log, "a");
        const child = spawn(bin, args, { stdio: ["ignore", out, out], cwd: dir });
        fs.closeSync(out);
        processes.push(child);
        return child;
    };
    // If the test process dies without stopping the plane, its servers die with it.
    const killAll = () => processes.forEach((child) => child.kill("SIGKILL"));
    process.once("exit", killAll);
    const stop = async () => {
        process.removeListener("exit", killAll);
        for (const child of [...processes].reverse()) {
            if (child.exitCode === null && child.signalCode === null) {
                const exited = new Promise((resolve) => child.once("exit", resolve));
                child.kill("SIGTERM");
                await Promise.race([exited, sleep(5000)]);
                if (child.exitCode === null && child.signalCode === null) {
                    child.kill("SIGKILL");
                }
            }
        }
        fs.rmSync(dir, { recursive: true, force: true });
    };

    try {
        launch("etcd", bins.etcd, [
            "--name=default",
            `--data-dir=${path.join(dir, "etcd")}`,
            `--listen-client-urls=http://127.0.0.1:${etcdClient}`,
            `--advertise-client-urls=http://127.0.0.1:${etcdClient}`,
            `--listen-peer-urls=http://127.0.0.1:${etcdPeer}`,
            `--initial-advertise-peer-urls=http://127.0.0.1:${etcdPeer}`,
            `--initial-cluster=default=http://127.0.0.1:${etcdPeer}`,
            "--quota-backend-bytes=1073741824",
            "--log-level=warn",
        ]);
        const started = Date.now();
        launch("kube-apiserver", bins.kubeApiserver, [
            `--etcd-servers=http://127.0.0.1:${etcdClient}`,
            "--bind-address=127.0.0.1",
            "--advertise-address=127.0.0.1",
            `--secure-port=${apiPort}`,
            `--cert-dir=${path.join(dir, "certs")}`,
            `--token-auth-file=${path.join(dir, "tokens.csv")}`,
            "--authorization-mode=RBAC",
            "--service-account-issuer=https://kubernetes.default.svc.cluster.local",
            `--service-account-key-file=${path.join(dir, "sa.pub")}`,
            `--service-account-signing-key-file=${path.join(dir, "sa.key")}`,
            "--service-cluster-ip-range=10.96.0.0/16",
            // Nothing runs behind a ClusterIP here: no endpoint reconciling, and no admission webhooks to call (the
            // operator registers some); the CRD schemas still validate every object.
            "--endpoint-reconciler-type=none",
            "--disable-admission-plugins=MutatingAdmissionWebhook,ValidatingAdmissionWebhook",
            "--enable-priority-and-fairness=false",
            "--profiling=false",
        ]);
        const kubeconfig = JSON.stringify({
            apiVersion: "v1",
            kind: "Config",
            clusters: [{ name, cluster: { server, "insecure-skip-tls-verify": true } }],
            users: [{ name: "admin", user: { token } }],
            contexts: [{ name, context: { cluster: name, user: "admin" } }],
            "current-context": name,
        });
        const kubeconfigFile = path.join(dir, "admin.kubeconfig");
        fs.writeFileSync(kubeconfigFile, kubeconfig, { mode: 0o600 });

        const request = (method: string, apiPath: string, body?: unknown) =>
            new Promise<{ status: number; body: any }>((resolve, reject) => {
                const payload = body === undefined ? undefined : JSON.stringify(body);
                const req = https.request(
                    `${server}${apiPath}`,
                    {
                        method,
                        rejectUnauthorized: false,
                        timeout: 10_000,
                        headers: {
                            Authorization: `Bearer ${token}`,
                            Accept: "application/json",
                            ...(payload === undefined ? {} : { "Content-Type": "application/json" }),
                        },
                    },
                    (res) => {
                        let text = "";
                        res.on("data", (chunk) => (text += chunk));
                        res.on("end", () => {
                            let parsed: unknown = text;
                            try {
                                parsed = JSON.parse(text);
                            } catch {
                                // /readyz answers plain text
                            }
                            resolve({ status: res.statusCode ?? 0, body: parsed });
                        });
                    },
                );
                req.on("timeout", () => req.destroy(new Error(`${method} ${apiPath} timed out`)));
                req.on("error", reject);
                req.end(payload);
            });

        const timeoutMs = opts.timeoutMs ?? 90_000;
        try {
            await waitFor(`kube-apiserver for ${name} to be ready`, timeoutMs, async () => {
                if (processes.some((p) => p.exitCode !== null)) {
                    throw new Error("a control-plane process exited");
                }
                return (await request("GET", "/readyz").catch(() => undefined))?.status === 200;
            });
        } catch (err) {
            const tail = fs.readFileSync(logs["kube-apiserver"], "utf8").split("\n").slice(-15).join("\n");
            throw new Error(`kube-apiserver for ${name} did not become ready (${(err as Error).message}):\n${tail}`);
        }
        const readySeconds = (Date.now() - started) / 1000;

        launch("kube-controller-manager", bins.kubeControllerManager, [
            `--kubeconfig=${kubeconfigFile}`,
            "--bind-address=127.0.0.1",
            "--secure-port=0",
            "--leader-elect=false",
            `--service-account-private-key-file=${path.join(dir, "sa.key")}`,
            "--use-service-account-credentials=false",
            // No node needs pod CIDRs here. kwok heartbeats every 20-45 s; on a busy machine one can come late, and
            // the default 50 s grace would mark the node unreachable for good (kwok only heartbeats Ready nodes).
            "--controllers=*,-node-ipam-controller",
            "--node-monitor-grace-period=10m",
        ]);
        launch("kube-scheduler", bins.kubeScheduler, [
            `--kubeconfig=${kubeconfigFile}`,
            "--bind-address=127.0.0.1",
            "--secure-port=0",
            "--leader-elect=false",
        ]);
        launch("kwok", bins.kwok, [
            `--kubeconfig=${kubeconfigFile}`,
            "--manage-all-nodes=false",
            "--manage-nodes-with-annotation-selector=kwok.x-k8s.io/node=fake",
            "--node-port=0",
            "--server-address=",
        ]);

        const plane: ControlPlane = {
            server,
            kubeconfig,
            token,
            readySeconds,
            request,
            async get(apiPath: string) {
                const res = await request("GET", apiPath);
                if (res.status !== 200) {
                    throw new Error(`GET ${apiPath}: ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`);
                }
                return res.body;
            },
            stop,
        };
        // One worker node that kwok plays, large enough for every chart's requests.
        const node = await request("POST", "/api/v1/nodes", {
            apiVersion: "v1",
            kind: "Node",
            metadata: {
                name: `${name}-worker`,
                annotations: { "kwok.x-k8s.io/node": "fake", "node.alpha.kubernetes.io/ttl": "0" },
                labels: { "kubernetes.io/hostname": `${name}-worker`, "kubernetes.io/os": "linux", "kubernetes.io/arch": "amd64", type: "kwok" },
            },
            status: { capacity: { cpu: "32", memory: "128Gi", pods: "110" }, allocatable: { cpu: "32", memory: "128Gi", pods: "110" } },
        });
        if (node.status !== 201) {
            throw new Error(`creating the kwok node failed: ${node.status} ${JSON.stringify(node.body).slice(0, 300)}`);
        }
        // Pods are scheduled only once kwok reports the node Ready and the default service account exists.
        await waitFor(`the kwok node of ${name} to be Ready, and the default service account`, started + timeoutMs - Date.now(), async () => {
            const [n, sa] = await Promise.all([request("GET", `/api/v1/nodes/${name}-worker`), request("GET", "/api/v1/namespaces/default/serviceaccounts/default")]);
            const ready = (n.body?.status?.conditions ?? []).some((c: { type: string; status: string }) => c.type === "Ready" && c.status === "True");
            return ready && sa.status === 200;
        });
        return plane;
    } catch (err) {
        await stop();
        throw err;
    }
}

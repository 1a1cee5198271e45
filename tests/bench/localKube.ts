// Benchmark d: the local Kubernetes of the in-cluster tests (cold build time as recorded by scripts/local-kube.sh,
// warm set-up, control plane start), and `pulumi up` of one cluster's releases against an empty program's `up` on
// the same engine in the same run.
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { stringify } from "yaml";
import { repoRoot } from "../../scripts/engine";
import { startEmulator } from "../../components/testing";
import { startChartRepository } from "../engine/kube/chartRepository";
import { kubeBinaries, startControlPlane } from "../engine/kube/controlPlane";
import { createInClusterStack } from "../engine/kube/engineStack";
import { changes } from "../engine/resourceStack";
import { emptyProgram } from "./engineFloor";
import { heading, median, ms, table } from "./table";

export interface LocalKubeResult {
    /** Seconds each cached binary took to build on its first run (from the cache's build-seconds files). */
    coldBuildSeconds: Record<string, number | null>;
    /** scripts/local-kube.sh with everything cached. */
    warmSetupMs: number;
    /** Start to API server ready, and to the kwok node Ready, per run. */
    apiserverReadyMs: number[];
    nodeReadyMs: number[];
    emptyUpMs: number[];
    releasesCreateMs: number;
    releasesNoopUpMs: number[];
    releasesDestroyMs: number;
}

function coldBuildSeconds(): Record<string, number | null> {
    const bins = kubeBinaries();
    const recorded = (bin: string) => {
        const file = path.join(path.dirname(path.dirname(bin)), "build-seconds");
        return fs.existsSync(file) ? Number(fs.readFileSync(file, "utf8").trim()) : null;
    };
    return {
        etcd: recorded(bins.etcd),
        "kube-apiserver + controller-manager + scheduler": recorded(bins.kubeApiserver),
        kwok: recorded(bins.kwok),
        "pulumi-resource-kubernetes": recorded(path.join(bins.providerBin, "pulumi-resource-kubernetes")),
    };
}

async function timed<T>(fn: () => Promise<T>): Promise<[T, number]> {
    const started = Date.now();
    const value = await fn();
    return [value, Date.now() - started];
}

export async function runLocalKube(progress: (line: string) => void, runs = 3): Promise<LocalKubeResult> {
    const warmStarted = Date.now();
    execFileSync("bash", [path.join(repoRoot, "scripts", "local-kube.sh")], { stdio: ["ignore", "ignore", "inherit"] });
    const warmSetupMs = Date.now() - warmStarted;

    const apiserverReadyMs: number[] = [];
    const nodeReadyMs: number[] = [];
    for (let i = 0; i < runs; i++) {
        progress(`[bench] d. control plane start ${i + 1}/${runs}`);
        const [plane, total] = await timed(() => startControlPlane(`bench${i}`));
        apiserverReadyMs.push(plane.readySeconds * 1000);
        nodeReadyMs.push(total);
        await plane.stop();
    }

    // The baseline: a program with no resources, on the same engine.
    const baseline = await emptyProgram();
    const emptyUpMs: number[] = [];
    try {
        for (let i = 0; i < runs; i++) {
            progress(`[bench] d. empty program up ${i + 1}/${runs}`);
            emptyUpMs.push(await baseline.up());
        }
    } finally {
        await baseline.remove();
    }

    const emu = await startEmulator({ strict: true });
    const charts = await startChartRepository();
    const plane = await startControlPlane("bench-releases");
    const engine = await createInClusterStack("bench", emu, {
        bench: stringify({
            config: {
                "fleet:environment": "staging",
                "fleet:clusters": [
                    {
                        key: "bench",
                        provider: "eks",
                        phase: 1,
                        kubeconfigSecret: "benchKubeconfig",
                        chartRepository: charts.url,
                        eks: { accountId: "333333333333", region: "eu-central-1", clusterName: "bench" },
                    },
                ],
            },
        }),
    });
    try {
        await engine.stack.setAllConfig({ "fleet:benchKubeconfig": { value: plane.kubeconfig, secret: true } });
        progress("[bench] d. one cluster's releases: create");
        const [created, releasesCreateMs] = await timed(() => engine.stack.up());
        if (!changes(created).create) {
            throw new Error("the releases stack created nothing");
        }
        const releasesNoopUpMs: number[] = [];
        for (let i = 0; i < runs; i++) {
            progress(`[bench] d. one cluster's releases: no-op up ${i + 1}/${runs}`);
            releasesNoopUpMs.push((await timed(() => engine.stack.up()))[1]);
        }
        progress("[bench] d. one cluster's releases: destroy");
        const [, releasesDestroyMs] = await timed(() => engine.stack.destroy());
        return { coldBuildSeconds: coldBuildSeconds(), warmSetupMs, apiserverReadyMs, nodeReadyMs, emptyUpMs, releasesCreateMs, releasesNoopUpMs, releasesDestroyMs };
    } finally {
        await engine.remove();
        await plane.stop();
        await charts.stop();
        await emu.stop();
    }
}

export function printLocalKube(r: LocalKubeResult): string {
    const base = median(r.emptyUpMs);
    const ratio = (value: number) => `×${(value / base).toFixed(2)}`;
    const cold = Object.entries(r.coldBuildSeconds).map(([what, s]) => [what, s === null ? "not recorded" : `${s} s`]);
    return [
        heading("d. local Kubernetes (in-cluster tests)"),
        table(["first build (cached afterwards)", "wall time"], cold, "lr"),
        "",
        table(
            ["set-up step", "median", "runs"],
            [
                ["scripts/local-kube.sh, everything cached", ms(r.warmSetupMs), "1"],
                ["control plane start → API server ready", ms(median(r.apiserverReadyMs)), r.apiserverReadyMs.map(ms).join(", ")],
                ["control plane start → kwok node Ready", ms(median(r.nodeReadyMs)), r.nodeReadyMs.map(ms).join(", ")],
            ],
            "lrl",
        ),
        "",
        table(
            ["pulumi up", "time", "vs empty program up"],
            [
                ["empty program (baseline, median)", ms(base), "×1.00"],
                ["one cluster, phase 1: create (registration + operator + components)", ms(r.releasesCreateMs), ratio(r.releasesCreateMs)],
                ["one cluster, phase 1: no-op up (median)", ms(median(r.releasesNoopUpMs)), ratio(median(r.releasesNoopUpMs))],
                ["one cluster, phase 1: destroy", ms(r.releasesDestroyMs), ratio(r.releasesDestroyMs)],
            ],
            "lrr",
        ),
    ].join("\n");
}

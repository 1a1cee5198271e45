// Benchmark c: building 1, 10 and 100 CastAiClusters (phase 2, EKS identity created, installed in-cluster) under
// pulumi.runtime.setMocks, each count in a fresh Node process. The parent runs this file again with `--child <n>`.
//
// Measured from a baseline taken after @pulumi/pulumi, the package and the SDKs a cluster loads lazily
// (@pulumi/aws, @pulumi/kubernetes) are in memory, so that the per-cluster figures show how the cost grows and not
// the one-time SDK load, which is reported on its own. "total" runs until every resource is registered and every
// output (including the dynamic providers' serialized code and the savings lookup) has settled. The savings lookup
// is the one HTTP call a program makes; `fetch` is stubbed with a canned answer so no network is involved.
import { execFileSync } from "node:child_process";
import { Cell, heading, mib, ms, table } from "./table";

export const CLUSTER_COUNTS = [1, 10, 100];

export interface ScaleSample {
    clusters: number;
    /** One-time lazy load of @pulumi/aws and @pulumi/kubernetes, before the baseline. */
    sdkLoadMs: number;
    sdkLoadRssMiB: number;
    /** Synchronous time in the constructors. */
    constructMs: number;
    /** Until every registration and output has settled. */
    totalMs: number;
    /** RSS growth from the baseline, at the end (before GC). */
    rssDeltaMiB: number;
    /** Heap still in use after a full GC at the end, minus the baseline after a full GC. */
    heapRetainedMiB: number;
    /** Peak RSS of the whole process. */
    peakRssMiB: number;
    resources: number;
    customResources: number;
    dynamicResources: number;
    byType: Record<string, number>;
    savingsFetches: number;
}

export interface ClusterScaleResult {
    samples: ScaleSample[];
    /** Per-cluster cost at 100 clusters divided by per-cluster cost at 10. */
    growth: { time: number; rss: number; heap: number };
    /** Cost of each cluster beyond the 10th: (figure at 100 − figure at 10) / 90. */
    marginal: { ms: number; rssMiB: number; heapMiB: number };
}

const savingsAnswer = {
    recommendations: { SpotInstances: { monthly: { priceBefore: "1000.0000", priceAfter: "450.0000" }, savingsPercentage: "55.00" } },
    currentConfiguration: { totalPrice: { hourly: "1.3699", monthly: "1000.0000" } },
    isRebalancingRecommended: true,
    lastUpdatedAt: "2026-01-01T00:00:00Z",
};

type MockArgs = { type: string; name: string; inputs: Record<string, unknown>; custom?: boolean };

/** Outputs the real providers would compute, so that everything wired to them resolves. */
function mockOutputs(a: MockArgs): Record<string, unknown> {
    if (a.type.endsWith(":ExternalCluster")) {
        return { clusterId: `${a.name}-cid`, organizationId: "org", status: "ready", agentStatus: "online", credentialsId: "cred", clusterToken: "token" };
    }
    if (a.type.endsWith(":EksAssumeRolePrincipal")) {
        return { arn: "arn:aws:iam::999999999999:user/castai", clusterId: `${a.name}-cid` };
    }
    if (a.type.startsWith("aws:iam/")) {
        const name = (a.inputs.name as string | undefined) ?? a.name;
        return { name, arn: `arn:aws:iam::123456789012:${a.type.includes("instanceProfile") ? "instance-profile" : "role"}/${name}` };
    }
    return {};
}

const MiB = 1024 * 1024;

async function child(count: number): Promise<ScaleSample> {
    let savingsFetches = 0;
    globalThis.fetch = (async () => {
        savingsFetches++;
        return new Response(JSON.stringify(savingsAnswer), { status: 200, headers: { "Content-Type": "application/json" } });
    }) as typeof fetch;
    process.env.CASTAI_API_TOKEN = "castai-bench-key";

    const pulumi = await import("@pulumi/pulumi");
    const byType: Record<string, number> = {};
    let customResources = 0;
    await pulumi.runtime.setMocks(
        {
            newResource(a: MockArgs) {
                byType[a.type] = (byType[a.type] ?? 0) + 1;
                if (a.custom !== false && !a.type.startsWith("castai-fleet:")) {
                    customResources++;
                }
                return { id: `${a.name}_id`, state: { ...a.inputs, ...mockOutputs(a) } };
            },
            call: (a: { inputs: Record<string, unknown> }) => a.inputs,
        },
        "bench",
        "bench",
        false,
    );
    const castai = await import("../../components");
    const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);

    const s0 = process.memoryUsage().rss;
    const l0 = process.hrtime.bigint();
    require("@pulumi/aws");
    require("@pulumi/kubernetes");
    const sdkLoadMs = Number(process.hrtime.bigint() - l0) / 1e6;
    const sdkLoadRssMiB = (process.memoryUsage().rss - s0) / MiB;

    gc();
    const m0 = process.memoryUsage();
    const t0 = process.hrtime.bigint();
    const clusters: InstanceType<typeof castai.CastAiCluster>[] = [];
    for (let i = 0; i < count; i++) {
        clusters.push(
            new castai.CastAiCluster(`bench-${i}`, {
                environment: "dev",
                provider: "eks",
                phase: 2,
                inCluster: true,
                kubeconfig: `apiVersion: v1\nkind: Config\ncurrent-context: bench-${i}\n`,
                apiUrl: "http://127.0.0.1:9",
                eks: { accountId: "123456789012", region: "eu-central-1", clusterName: `bench-eks-${i}`, vpcId: "vpc-0123456789abcdef0" },
            }),
        );
    }
    const t1 = process.hrtime.bigint();
    const settled = pulumi.all(clusters.map((c) => pulumi.all([c.urn, c.clusterId, c.clusterToken, c.savings, c.gitOpsValues])));
    await new Promise((resolve) => settled.apply(resolve));
    await (pulumi.runtime as unknown as { waitForRPCs(): Promise<void> }).waitForRPCs();
    const t2 = process.hrtime.bigint();
    const m1 = process.memoryUsage();
    gc();
    const m2 = process.memoryUsage();
    const dynamicResources = Object.entries(byType)
        .filter(([t]) => t.startsWith("pulumi-nodejs:dynamic/"))
        .reduce((sum, [, k]) => sum + k, 0);
    return {
        clusters: count,
        sdkLoadMs,
        sdkLoadRssMiB,
        constructMs: Number(t1 - t0) / 1e6,
        totalMs: Number(t2 - t0) / 1e6,
        rssDeltaMiB: (m1.rss - m0.rss) / MiB,
        heapRetainedMiB: (m2.heapUsed - m0.heapUsed) / MiB,
        peakRssMiB: process.resourceUsage().maxRSS / 1024,
        resources: Object.values(byType).reduce((a, b) => a + b, 0),
        customResources,
        dynamicResources,
        byType,
        savingsFetches,
    };
}

export function runClusterScale(counts = CLUSTER_COUNTS): ClusterScaleResult {
    const samples = counts.map((count) => {
        const out = execFileSync(process.execPath, ["--expose-gc", __filename, "--child", String(count)], {
            encoding: "utf8",
            maxBuffer: 16 * MiB,
            stdio: ["ignore", "pipe", "inherit"],
        });
        const line = out.trim().split("\n").pop()!;
        return JSON.parse(line) as ScaleSample;
    });
    const per = (c: number, f: (s: ScaleSample) => number) => {
        const s = samples.find((x) => x.clusters === c);
        return s ? f(s) / s.clusters : NaN;
    };
    const at = (c: number) => samples.find((x) => x.clusters === c);
    const marginal = (f: (s: ScaleSample) => number) => {
        const [a, b] = [at(10), at(100)];
        return a && b ? (f(b) - f(a)) / (b.clusters - a.clusters) : NaN;
    };
    return {
        samples,
        marginal: { ms: marginal((s) => s.totalMs), rssMiB: marginal((s) => s.rssDeltaMiB), heapMiB: marginal((s) => s.heapRetainedMiB) },
        growth: {
            time: per(100, (s) => s.totalMs) / per(10, (s) => s.totalMs),
            rss: per(100, (s) => s.rssDeltaMiB) / per(10, (s) => s.rssDeltaMiB),
            heap: per(100, (s) => s.heapRetainedMiB) / per(10, (s) => s.heapRetainedMiB),
        },
    };
}

export function printClusterScale(r: ClusterScaleResult): string {
    const rows: Cell[][] = r.samples.map((s) => [
        s.clusters,
        `${s.resources} (${s.resources / s.clusters}/cluster)`,
        `${s.customResources} / ${s.dynamicResources}`,
        ms(s.constructMs),
        ms(s.totalMs),
        ms(s.totalMs / s.clusters),
        mib(s.rssDeltaMiB),
        mib(s.rssDeltaMiB / s.clusters),
        mib(s.heapRetainedMiB),
        mib(s.heapRetainedMiB / s.clusters),
        mib(s.peakRssMiB),
    ]);
    const first = r.samples[0];
    const types = Object.entries(first.byType)
        .sort((a, b) => b[1] - a[1])
        .map(([t, k]) => `${t} ×${k / first.clusters}`)
        .join(", ");
    return [
        heading("c. CastAiCluster at scale under mocks (phase 2, EKS identity created, inCluster with its own kubeconfig; fresh process per count)"),
        table(
            ["clusters", "resources registered", "custom / dynamic", "constructors", "total", "per cluster", "RSS delta", "RSS/cluster", "heap retained", "heap/cluster", "peak RSS"],
            rows,
            "rlrrrrrrrrr",
        ),
        "",
        `One cluster registers: ${types}.`,
        `One-time lazy load of @pulumi/aws + @pulumi/kubernetes (before the baseline, not in the figures above): ` +
            `${ms(first.sdkLoadMs)}, ${mib(first.sdkLoadRssMiB)} RSS.`,
        `Growth, per-cluster cost at 100 clusters ÷ at 10: time ×${r.growth.time.toFixed(2)}, RSS ×${r.growth.rss.toFixed(2)}, ` +
            `retained heap ×${r.growth.heap.toFixed(2)} (1.00 = linear; below 1, fixed costs are being amortized; above 1, superlinear).`,
        `Marginal cost of each cluster from the 11th to the 100th: ${ms(r.marginal.ms)}, ${mib(r.marginal.rssMiB)} RSS ` +
            `(before GC), ${mib(r.marginal.heapMiB)} retained heap.`,
    ].join("\n");
}

if (require.main === module && process.argv[2] === "--child") {
    child(Number(process.argv[3]))
        .then((sample) => {
            process.stdout.write(`${JSON.stringify(sample)}\n`);
            process.exit(0);
        })
        .catch((err) => {
            console.error(err);
            process.exit(1);
        });
}

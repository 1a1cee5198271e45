// Benchmark b: what importing the package costs a program, against importing @pulumi/pulumi alone. Each sample
// is a fresh Node process (empty module cache), measuring only the `require` itself; runs alternate between the
// two targets so that a busy moment of the machine does not land on one of them only.
import { execFileSync } from "node:child_process";
import * as path from "node:path";
import { Cell, heading, median, mib, ms, table } from "./table";

const repoRoot = path.resolve(__dirname, "../../..");

export interface ImportTarget {
    label: string;
    /** What is passed to require (resolved from the repository root). */
    module: string;
}

export const IMPORT_TARGETS: ImportTarget[] = [
    { label: 'require("@pulumi/pulumi")', module: "@pulumi/pulumi" },
    { label: 'require("<repo>/dist/components")', module: path.join(repoRoot, "dist", "components") },
];

export interface ImportSample {
    ms: number;
    rssMiB: number;
    heapMiB: number;
    modules: number;
    cloudSdksLoaded: string[];
}

export interface ImportCostResult {
    runs: number;
    targets: { label: string; module: string; samples: ImportSample[]; medianMs: number; medianRssMiB: number; medianHeapMiB: number; modules: number; cloudSdksLoaded: string[] }[];
    ratio: { time: number; rss: number };
}

const PROBE = `
const target = require.resolve(process.argv[1], { paths: [process.cwd()] });
const before = Object.keys(require.cache).length;
const m0 = process.memoryUsage();
const t0 = process.hrtime.bigint();
require(target);
const t1 = process.hrtime.bigint();
const m1 = process.memoryUsage();
const keys = Object.keys(require.cache).map((k) => k.split(require("path").sep).join("/"));
const sdks = ["aws", "gcp", "azure-native", "kubernetes"].filter((s) => keys.some((k) => k.includes("node_modules/@pulumi/" + s + "/")));
process.stdout.write(JSON.stringify({ ms: Number(t1 - t0) / 1e6, rssMiB: (m1.rss - m0.rss) / 1048576, heapMiB: (m1.heapUsed - m0.heapUsed) / 1048576, modules: keys.length - before, cloudSdksLoaded: sdks }));
`;

function sample(target: ImportTarget): ImportSample {
    const out = execFileSync(process.execPath, ["-e", PROBE, target.module], { cwd: repoRoot, encoding: "utf8" });
    return JSON.parse(out) as ImportSample;
}

export function runImportCost(runs = 7): ImportCostResult {
    const samples: ImportSample[][] = IMPORT_TARGETS.map(() => []);
    // One discarded warm-up of each, so the first measured run does not also pay for a cold file cache.
    IMPORT_TARGETS.forEach(sample);
    for (let i = 0; i < runs; i++) {
        IMPORT_TARGETS.forEach((t, j) => samples[j].push(sample(t)));
    }
    const targets = IMPORT_TARGETS.map((t, j) => ({
        label: t.label,
        module: t.module,
        samples: samples[j],
        medianMs: median(samples[j].map((s) => s.ms)),
        medianRssMiB: median(samples[j].map((s) => s.rssMiB)),
        medianHeapMiB: median(samples[j].map((s) => s.heapMiB)),
        modules: median(samples[j].map((s) => s.modules)),
        cloudSdksLoaded: [...new Set(samples[j].flatMap((s) => s.cloudSdksLoaded))],
    }));
    return {
        runs,
        targets,
        ratio: { time: targets[1].medianMs / targets[0].medianMs, rss: targets[1].medianRssMiB / targets[0].medianRssMiB },
    };
}

export function printImportCost(r: ImportCostResult): string {
    const rows: Cell[][] = r.targets.map((t) => [
        t.label,
        ms(t.medianMs),
        `${ms(Math.min(...t.samples.map((s) => s.ms)))}–${ms(Math.max(...t.samples.map((s) => s.ms)))}`,
        mib(t.medianRssMiB),
        mib(t.medianHeapMiB),
        t.modules,
        t.cloudSdksLoaded.length ? t.cloudSdksLoaded.join(", ") : "none",
    ]);
    const [base, pkg] = r.targets;
    return [
        heading(`b. Import cost (fresh process per sample, ${r.runs} runs each, median)`),
        table(["import", "time", "range", "RSS delta", "heap delta", "modules", "cloud/k8s SDKs loaded"], rows, "lrrrrrl"),
        "",
        `package / @pulumi/pulumi: time ×${r.ratio.time.toFixed(2)}, RSS ×${r.ratio.rss.toFixed(2)}` +
            ` (the package adds ${ms(pkg.medianMs - base.medianMs)} and ${mib(pkg.medianRssMiB - base.medianRssMiB)} on top of @pulumi/pulumi;` +
            " differences within the range are noise).",
    ].join("\n");
}

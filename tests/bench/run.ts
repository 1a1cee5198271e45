// `npm run bench`: API calls per resource and step (real engine + emulator), import cost, CastAiCluster at
// scale under mocks, the local Kubernetes with one cluster's releases through the real engine, and castai-fleet drift
// over 3 and 10 stacks. Figures are reported, never gated. The last run's results are saved to dist/bench/results.json.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { engineBinDir, repoRoot } from "../../scripts/engine";
import { printApiCalls, runApiCalls } from "./apiCalls";
import { printClusterScale, runClusterScale } from "./clusterScale";
import { printFleetDrift, runFleetDrift } from "./fleetDrift";
import { printImportCost, runImportCost } from "./importCost";
import { printLocalKube, runLocalKube } from "./localKube";
import { heading, ms } from "./table";

function machine() {
    const cpus = os.cpus();
    const pulumiVersion = (() => {
        try {
            return (require(path.join(repoRoot, "node_modules", "@pulumi", "pulumi", "package.json")) as { version: string }).version;
        } catch {
            return "unknown";
        }
    })();
    return {
        cpuModel: cpus[0]?.model.trim() ?? "unknown",
        cpus: cpus.length,
        memoryGiB: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
        node: process.version,
        platform: `${os.platform()} ${os.release()} ${os.arch()}`,
        pulumiSdk: pulumiVersion,
        engine: engineBinDir(),
        date: new Date().toISOString(),
    };
}

async function main(): Promise<void> {
    const started = Date.now();
    const m = machine();
    console.log(heading("castai-fleet benchmarks"));
    console.log(`machine: ${m.cpus} × ${m.cpuModel}, ${m.memoryGiB} GiB RAM, Node ${m.node}, ${m.platform}`);
    console.log(`@pulumi/pulumi ${m.pulumiSdk}; engine ${m.engine}; ${m.date}`);

    const progress = (line: string) => process.stderr.write(`${line}\n`);
    progress("[bench] a. API calls: 6 engine runs over 10 resources...");
    const apiCalls = await runApiCalls(progress);
    console.log(printApiCalls(apiCalls));

    progress("[bench] b. import cost...");
    const importCost = runImportCost(9);
    console.log(printImportCost(importCost));

    progress("[bench] c. CastAiCluster at scale (1, 10, 100)...");
    const clusterScale = runClusterScale();
    console.log(printClusterScale(clusterScale));

    progress("[bench] d. local Kubernetes and one cluster's releases...");
    const localKube = await runLocalKube(progress);
    console.log(printLocalKube(localKube));

    progress("[bench] e. castai-fleet drift over 3 and 10 stacks, serial and --parallel 4...");
    const fleetDrift = await runFleetDrift(progress);
    console.log(printFleetDrift(fleetDrift));

    const wallMs = Date.now() - started;
    const file = path.join(repoRoot, "dist", "bench", "results.json");
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, `${JSON.stringify({ machine: m, wallMs, apiCalls, importCost, clusterScale, fleetDrift }, null, 2)}\n`);
    console.log(`\nbench finished in ${ms(wallMs)}; results saved to ${path.relative(process.cwd(), file) || file}`);
}

main().catch((err) => {
    console.error(err);
    process.exit(1);
});

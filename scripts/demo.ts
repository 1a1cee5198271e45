// `npm run demo`: the whole fleet flow offline. Starts the bundled CAST AI emulator, runs `pulumi up` of the
// `demo` stack through the real engine, prints what a platform engineer would look at, and destroys it again.
import { startEmulator } from "../components/testing";
import { createProjectStack } from "./engine";

interface ClusterSummary {
    clusterId: string;
    status: string;
    environment: string;
    monthlyCostUsd: number;
    bestSavingsScenario: string;
    estimatedMonthlySavingsUsd: number;
    installedVersions: Record<string, string>;
}

async function main(): Promise<void> {
    const emulator = await startEmulator();
    // The key reaches the program and the providers through the environment, as CASTAI_API_TOKEN would in CI.
    const engine = await createProjectStack("demo", emulator);
    const print = (s: string) => process.stdout.write(s);
    try {
        console.log(`CAST AI emulator at ${emulator.url}; running \`pulumi up --stack demo\`...\n`);
        const up = await engine.stack.up({ onOutput: print, color: "never" });
        const summary = up.outputs.summary.value as Record<string, ClusterSummary>;
        console.log("\nClusters onboarded:");
        for (const [key, c] of Object.entries(summary)) {
            console.log(
                `  ${key.padEnd(10)} id ${c.clusterId}  status ${c.status.padEnd(10)}  env ${c.environment}  ` +
                    `cost $${c.monthlyCostUsd}/month, saves $${c.estimatedMonthlySavingsUsd}/month (${c.bestSavingsScenario})`,
            );
        }
        console.log(`  total estimated savings: $${up.outputs.totalEstimatedMonthlySavingsUsd.value}/month`);
        const gitops = up.outputs.gitOpsValues.value as Record<string, Record<string, { chart: string; version: string }>>;
        console.log("\nHelm releases to hand to your GitOps tool (inCluster: false), per cluster:");
        for (const [key, releases] of Object.entries(gitops)) {
            console.log(`  ${key}: ${Object.entries(releases).map(([name, r]) => `${name}@${r.version}`).join(", ")}`);
        }
        console.log("\nSecond `pulumi up` (should change nothing)...");
        const again = await engine.stack.up({ color: "never" });
        const changed = Object.entries(again.summary.resourceChanges ?? {}).filter(([kind, n]) => kind !== "same" && n > 0);
        console.log(changed.length === 0 ? "  no changes" : `  changes: ${JSON.stringify(Object.fromEntries(changed))}`);
        console.log(`  CAST AI writes during it: ${emulator.writes().filter((r) => r.at >= again.summary.startTime.getTime()).length}`);

        console.log("\nDestroying (disconnects the clusters from CAST AI; workloads keep running)...");
        await engine.stack.destroy({ color: "never" });
        const left = Object.values(emulator.state.clusters).filter((c) => c.status !== "archived").length;
        console.log(`  clusters still connected in the emulator: ${left}`);
        if (left !== 0 || changed.length !== 0) {
            process.exitCode = 1;
        }
    } finally {
        await engine.remove();
        await emulator.stop();
    }
}

main().catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
});

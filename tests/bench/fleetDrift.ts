// e. `castai-fleet drift` over 3 and 10 stacks (one cluster each, against the emulator), serial (--parallel 1)
// against --parallel 4, in one run: what the bounded parallel runner buys on this machine.
import * as path from "node:path";
import { startEmulator } from "../../components/testing";
import { FleetProject, fleetStackFile } from "../engine/fleet/fleetProject";
import { ms, table } from "./table";

export interface FleetDriftResult {
    readonly stacks: number;
    readonly serialMs: number;
    readonly parallel4Ms: number;
}

const ENVIRONMENTS = ["dev", "staging", "prod"];

export async function runFleetDrift(progress: (line: string) => void): Promise<FleetDriftResult[]> {
    const results: FleetDriftResult[] = [];
    for (const count of [3, 10]) {
        const emu = await startEmulator({ strict: true });
        const names = Array.from({ length: count }, (_, i) => `s${String(i + 1).padStart(2, "0")}`);
        const fleet = await FleetProject.create(emu, Object.fromEntries(names.map((n, i) => [n, fleetStackFile(ENVIRONMENTS[i % 3], [`shop-${n}`])])));
        try {
            progress(`[bench] e. ${count} stacks: up...`);
            for (let i = 0; i < names.length; i += 4) {
                await Promise.all(names.slice(i, i + 4).map((n) => fleet.stacks[n].up({ color: "never" })));
            }
            const timed = async (parallel: number) => {
                progress(`[bench] e. ${count} stacks: drift --parallel ${parallel}...`);
                const started = Date.now();
                const run = await fleet.run(["drift", "--parallel", String(parallel), "--log-dir", path.join(fleet.dir, `logs-${parallel}`)], 1_800_000);
                if (run.code !== 0) throw new Error(`drift over ${count} stacks exited ${run.code}: ${run.stdout}${run.stderr}`);
                return Date.now() - started;
            };
            const serialMs = await timed(1);
            const parallel4Ms = await timed(4);
            results.push({ stacks: count, serialMs, parallel4Ms });
        } finally {
            await fleet.remove();
            await emu.stop();
        }
    }
    return results;
}

export function printFleetDrift(results: readonly FleetDriftResult[]): string {
    return [
        "\ne. castai-fleet drift (refresh preview of every stack), serial against --parallel 4",
        table(
            ["stacks", "--parallel 1", "--parallel 4", "speed-up"],
            results.map((r) => [r.stacks, ms(r.serialMs), ms(r.parallel4Ms), `${(r.serialMs / r.parallel4Ms).toFixed(2)}×`]),
            "rrrr",
        ),
    ].join("\n");
}

// `node dist/tests/bench/fleetDrift.js`: this part alone.
if (require.main === module) {
    runFleetDrift((line) => process.stderr.write(`${line}\n`)).then(
        (results) => console.log(printFleetDrift(results)),
        (err) => {
            console.error(err);
            process.exit(1);
        },
    );
}

// Debian's chromium, headless, for checking a generated page the way a reader opens it: the DOM it parsed and a
// screenshot. Bounded: the browser (and its child processes) are killed by process group after `timeoutMs`.
import { spawn, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

/** The chromium binary on PATH, or undefined. */
export function chromiumPath(): string | undefined {
    for (const name of ["chromium", "chromium-browser"]) {
        const found = spawnSync("sh", ["-c", `command -v ${name}`], { encoding: "utf8" });
        if (found.status === 0 && found.stdout.trim()) return found.stdout.trim();
    }
    return undefined;
}

/** Runs chromium headless on `url` with `args`; resolves with its stdout. */
export async function headless(chromium: string, url: string, args: readonly string[], timeoutMs = 60_000): Promise<string> {
    const profile = fs.mkdtempSync(path.join(os.tmpdir(), "castai-fleet-chromium-"));
    const child = spawn(
        chromium,
        ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run", "--hide-scrollbars", `--user-data-dir=${profile}`, ...args, url],
        { stdio: ["ignore", "pipe", "pipe"], detached: true },
    );
    let stdout = "";
    let stderr = "";
    child.stdout!.on("data", (d) => (stdout += d));
    child.stderr!.on("data", (d) => (stderr += d));
    const timer = setTimeout(() => process.kill(-child.pid!, "SIGKILL"), timeoutMs);
    try {
        const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
        if (code !== 0) throw new Error(`chromium exited with ${code}: ${stderr.slice(-1000)}`);
        return stdout;
    } finally {
        clearTimeout(timer);
        fs.rmSync(profile, { recursive: true, force: true });
    }
}

/** Width and height of a PNG file, from its IHDR chunk. */
export function pngSize(file: string): { width: number; height: number } {
    const head = fs.readFileSync(file).subarray(0, 24);
    if (head.toString("latin1", 1, 4) !== "PNG") throw new Error(`${file} is not a PNG`);
    return { width: head.readUInt32BE(16), height: head.readUInt32BE(20) };
}

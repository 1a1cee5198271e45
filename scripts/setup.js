#!/usr/bin/env node
// Prepares a fresh clone for `npm test`, `npm run demo`, `npm run bench` and `npm run policy:check`:
// installs dependencies (root and policy pack), compiles the package, and puts the Pulumi engine and, with
// --with-kube (npm test, bench), the local Kubernetes (etcd, kube-apiserver, kwok, the provider plugin) in place.
// Plain JavaScript because it runs before anything is compiled. Each step is skipped when already done.
"use strict";
const { execFileSync } = require("node:child_process");
const fs = require("node:fs");
const path = require("node:path");

const root = path.resolve(__dirname, "..");
const quiet = process.argv.includes("--quiet");
// Only the tests and the benchmarks install into a local Kubernetes; the demo and the policy check never wait for it.
const withKube = process.argv.includes("--with-kube");

function step(title, fn) {
    const started = Date.now();
    fn();
    if (!quiet) {
        console.error(`[setup] ${title} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
    }
}

function run(cmd, args, cwd) {
    execFileSync(cmd, args, { cwd, stdio: ["ignore", "inherit", "inherit"] });
}

/** npm ci when node_modules is missing or older than the lock file. */
function ensureInstalled(dir) {
    const lock = path.join(dir, "package-lock.json");
    const marker = path.join(dir, "node_modules", ".package-lock.json");
    if (fs.existsSync(marker) && (!fs.existsSync(lock) || fs.statSync(marker).mtimeMs >= fs.statSync(lock).mtimeMs)) {
        return;
    }
    run("npm", [fs.existsSync(lock) ? "ci" : "install", "--no-audit", "--no-fund"], dir);
}

step("root dependencies", () => ensureInstalled(root));
step("policy pack dependencies", () => ensureInstalled(path.join(root, "policy-pack")));
step("compile package and tests (tsc)", () => run(process.execPath, [require.resolve("typescript/bin/tsc", { paths: [root] }), "-p", "tsconfig.json"], root));
step("bundle the dynamic providers (esbuild)", () => run(process.execPath, [path.join(root, "dist", "scripts", "bundleProviders.js")], root));
step("compile policy pack (tsc)", () => run("npm", ["run", "--silent", "build"], path.join(root, "policy-pack")));
step("Pulumi engine (first run builds it from the Go module proxy: ~5 min)", () => {
    const bin = execFileSync("bash", [path.join(root, "scripts", "pulumi-engine.sh")], {
        cwd: root,
        stdio: ["ignore", "pipe", "inherit"],
    })
        .toString()
        .trim();
    fs.mkdirSync(path.join(root, "dist"), { recursive: true });
    fs.writeFileSync(path.join(root, "dist", "engine.json"), JSON.stringify({ bin }, null, 2));
});
if (withKube) {
    step("local Kubernetes for the in-cluster tests (first run builds it from the Go module proxy: ~20 min)", () => {
        const paths = execFileSync("bash", [path.join(root, "scripts", "local-kube.sh")], {
            cwd: root,
            stdio: ["ignore", "pipe", "inherit"],
        }).toString();
        fs.writeFileSync(path.join(root, "dist", "kube.json"), JSON.stringify(JSON.parse(paths), null, 2));
    });
}
if (withKube) {
    // The fleet report's test opens it in a headless browser: Debian's chromium (about 30 s to install); without it
    // that check is skipped, saying so.
    step("chromium for the fleet report's browser check", () => {
        try {
            execFileSync("sh", ["-c", "command -v chromium"], { stdio: "ignore" });
        } catch {
            try {
                run("apt-get", ["install", "-y", "chromium"], root);
            } catch {
                console.error("[setup] `apt-get install -y chromium` failed: the fleet report's browser check will be skipped");
            }
        }
    });
}
step("promtool", () => {
    const promtool = execFileSync("bash", [path.join(root, "scripts", "promtool.sh")], {
        cwd: root,
        stdio: ["ignore", "pipe", "inherit"],
    })
        .toString()
        .trim();
    fs.writeFileSync(path.join(root, "dist", "promtool.json"), JSON.stringify({ promtool }, null, 2));
});

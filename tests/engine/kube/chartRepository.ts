// A Helm chart repository on a free 127.0.0.1 port, serving the real castware charts from ../shared/testdata
// (packaged here, never copied into the package) and, for the component charts that testdata does not hold, small
// stand-ins under their real names and pinned versions, so that a phase-2 install has every release it plans.
import { execFileSync } from "node:child_process";
import * as crypto from "node:crypto";
import * as fs from "node:fs";
import * as http from "node:http";
import * as os from "node:os";
import * as path from "node:path";
import { parse, stringify } from "yaml";
import { DEFAULT_CHART_VERSIONS } from "../../../components/kubernetes/versions";
import { repoRoot } from "../../../scripts/engine";

/** Where the real chart sources are: `../shared/testdata/charts/<name>-<version>/`. */
export const TESTDATA_CHARTS = path.resolve(repoRoot, "..", "shared", "testdata", "charts");

/** The testdata CRDs (Prometheus Operator's PrometheusRule and PodMonitor, ...). */
export const TESTDATA_CRDS = path.resolve(repoRoot, "..", "shared", "testdata", "crds");

export interface ChartRepository {
    /** http://127.0.0.1:<port> */
    readonly url: string;
    /** Paths requested so far (index.yaml, tarballs), to prove Helm pulled from here. */
    readonly requests: readonly string[];
    stop(): Promise<void>;
}

// The component charts a phase-2 install plans that testdata does not hold. Each stand-in renders one Deployment
// named after the release (kwok makes it Ready) carrying the release's non-secret settings as annotations, so a test
// can read back which values Helm received.
const STAND_INS: Record<string, { annotations: Record<string, string> }> = {
    "castai-evictor": {
        annotations: { "castai-fleet.test/managed-by-castai": "{{ .Values.managedByCASTAI }}", "castai-fleet.test/aggressive-mode": "{{ .Values.aggressiveMode }}" },
    },
    "castai-pod-pinner": {
        annotations: { "castai-fleet.test/cluster-id": "{{ .Values.castai.clusterID }}", "castai-fleet.test/api-url": "{{ .Values.castai.apiURL }}" },
    },
    "castai-pod-mutator": {
        annotations: { "castai-fleet.test/cluster-id": "{{ .Values.castai.clusterID }}" },
    },
};

function standInChart(dir: string, name: string, version: string): void {
    fs.mkdirSync(path.join(dir, "templates"), { recursive: true });
    fs.writeFileSync(
        path.join(dir, "Chart.yaml"),
        stringify({ apiVersion: "v2", name, version, appVersion: version, description: `test stand-in for ${name} (the real chart is not in testdata)` }),
    );
    const annotations = Object.entries(STAND_INS[name].annotations)
        .map(([k, v]) => `    ${k}: "${v}"`)
        .join("\n");
    fs.writeFileSync(
        path.join(dir, "templates", "deployment.yaml"),
        [
            "apiVersion: apps/v1",
            "kind: Deployment",
            "metadata:",
            "  name: {{ .Release.Name }}",
            "  namespace: {{ .Release.Namespace }}",
            "  annotations:",
            annotations,
            "spec:",
            "  replicas: 1",
            "  selector: { matchLabels: { app: {{ .Release.Name }} } }",
            "  template:",
            "    metadata: { labels: { app: {{ .Release.Name }} } }",
            "    spec:",
            "      containers: [{ name: main, image: stand-in.invalid/{{ .Release.Name }}:{{ .Chart.Version }} }]",
            "",
        ].join("\n"),
    );
}

/** Packages the charts and serves them; `stop()` closes the server and removes the folder. */
export async function startChartRepository(): Promise<ChartRepository> {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), "castai-fleet-charts-"));
    const sources = path.join(root, "src");
    const served = path.join(root, "www");
    fs.mkdirSync(served, { recursive: true });
    const entries: Record<string, unknown[]> = {};

    const pack = (name: string, version: string, source: string) => {
        // A chart archive holds one top-level folder named after the chart.
        const staged = path.join(sources, `${name}-${version}`);
        fs.mkdirSync(staged, { recursive: true });
        fs.cpSync(source, path.join(staged, name), { recursive: true });
        const file = `${name}-${version}.tgz`;
        execFileSync("tar", ["-czf", path.join(served, file), "-C", staged, name]);
        const digest = crypto.createHash("sha256").update(fs.readFileSync(path.join(served, file))).digest("hex");
        (entries[name] ??= []).push({ apiVersion: "v2", name, version, appVersion: version, urls: [file], digest, created: new Date().toISOString() });
    };

    for (const dir of fs.readdirSync(TESTDATA_CHARTS, { withFileTypes: true }).filter((d) => d.isDirectory())) {
        const chart = parse(fs.readFileSync(path.join(TESTDATA_CHARTS, dir.name, "Chart.yaml"), "utf8")) as { name: string; version: string };
        pack(chart.name, chart.version, path.join(TESTDATA_CHARTS, dir.name));
    }
    for (const name of Object.keys(STAND_INS)) {
        const version = DEFAULT_CHART_VERSIONS[name as keyof typeof DEFAULT_CHART_VERSIONS];
        const source = path.join(sources, "stand-ins", name);
        standInChart(source, name, version);
        pack(name, version, source);
    }
    fs.writeFileSync(path.join(served, "index.yaml"), stringify({ apiVersion: "v1", entries, generated: new Date().toISOString() }));

    const requests: string[] = [];
    const server = http.createServer((req, res) => {
        const name = path.basename(new URL(req.url ?? "/", "http://localhost").pathname);
        requests.push(name);
        const file = path.join(served, name);
        if (name === "" || !fs.existsSync(file)) {
            res.writeHead(404).end();
            return;
        }
        res.writeHead(200, { "Content-Type": name.endsWith(".tgz") ? "application/gzip" : "application/x-yaml" });
        fs.createReadStream(file).pipe(res);
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as { port: number };
    return {
        url: `http://127.0.0.1:${port}`,
        requests,
        async stop() {
            server.closeAllConnections();
            await new Promise((resolve) => server.close(resolve));
            fs.rmSync(root, { recursive: true, force: true });
        },
    };
}

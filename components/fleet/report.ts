// The fleet on one page: the cluster table, the drift, the versions off the table, and a bar chart of estimated
// monthly savings per environment and cluster. The chart is inline SVG drawn here: a page that opens from a CI
// artifact offline, with no script and no charting dependency for one bar chart.
import type { DriftedResource } from "./drift";
import { driftLines } from "./drift";
import type { ClusterStatus } from "./status";
import { usd } from "./table";
import type { PinnedVersion } from "./versions";

export interface ReportInput {
    readonly generatedAt: string;
    readonly clusters: readonly ClusterStatus[];
    readonly drift: readonly { readonly stack: string; readonly state: "clean" | "drift" | "error"; readonly resources: readonly DriftedResource[]; readonly error?: string }[];
    readonly pins: readonly PinnedVersion[];
}

/** One self-contained HTML page. */
export function renderReport(r: ReportInput): string {
    const offTable = r.pins.filter((p) => p.verdict !== "current");
    const drifted = r.drift.filter((d) => d.state === "drift");
    const errors = r.drift.filter((d) => d.state === "error");
    return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>CAST AI fleet report</title>
<style>
body { font: 14px/1.4 system-ui, sans-serif; margin: 24px; color: #1f2933; }
h1 { font-size: 22px; } h2 { font-size: 17px; margin-top: 28px; }
table { border-collapse: collapse; } th, td { text-align: left; padding: 4px 10px; border-bottom: 1px solid #d9e2ec; }
th { background: #f0f4f8; } td.num { text-align: right; font-variant-numeric: tabular-nums; }
.clean { color: #127a3f; } .drift { color: #b44d12; } .error { color: #ba2525; }
code { background: #f0f4f8; padding: 1px 4px; }
</style>
</head>
<body>
<h1>CAST AI fleet report</h1>
<p>Generated ${esc(r.generatedAt)}: ${r.clusters.length} cluster(s) in ${new Set(r.clusters.map((c) => c.stack)).size} stack(s);
<span class="${drifted.length ? "drift" : "clean"}">${drifted.length} stack(s) drifted</span>, <span class="${offTable.length ? "drift" : "clean"}">${offTable.length} version(s) off the package's table</span>${errors.length ? `, <span class="error">${errors.length} stack(s) failed</span>` : ""}.</p>

<h2>Fleet</h2>
${table(
    ["Stack", "Cluster", "Environment", "CAST AI cluster id", "Status", "Agent", "Estimated savings / month"],
    r.clusters.map((c) => [esc(c.stack), esc(c.cluster), esc(c.environment), `<code>${esc(c.clusterId)}</code>`, esc(c.status), esc(c.agentStatus), num(usd(c.estimatedMonthlySavingsUsd))]),
    "fleet",
)}

<h2>Estimated monthly savings per environment and cluster</h2>
${savingsChart(r.clusters)}

<h2>Drift</h2>
${table(
    ["Stack", "State", "What differs (code → live)"],
    r.drift.map((d) => [esc(d.stack), `<span class="${d.state}">${d.state}</span>`, d.state === "error" ? esc(d.error ?? "") : driftLines(d).map((l) => esc(l.slice(d.stack.length + 3))).join("<br>") || "—"]),
    "drift",
)}

<h2>Versions</h2>
${
    offTable.length === 0
        ? `<p class="clean">Every cluster pins the package's table.</p>`
        : table(
              ["Stack", "Cluster", "Name", "Pinned", "Table", ""],
              offTable.map((p) => [esc(p.stack), esc(p.cluster), esc(p.name), esc(p.pinned), esc(p.expected ?? "—"), `<span class="drift">${p.verdict}</span>`]),
              "versions",
          )
}
</body>
</html>
`;
}

const COLORS = ["#2f80ed", "#27ae60", "#eb5757", "#9b51e0", "#f2994a", "#219653"];

/**
 * Horizontal bars, grouped by environment: each environment's total first (a solid bar), then its clusters
 * (lighter bars), all on one scale so environments and clusters compare directly.
 */
export function savingsChart(clusters: readonly ClusterStatus[]): string {
    const environments = [...new Set(clusters.map((c) => c.environment))];
    const rows: { label: string; value: number; color: string; total: boolean }[] = [];
    environments.forEach((env, i) => {
        const own = clusters.filter((c) => c.environment === env);
        const color = COLORS[i % COLORS.length];
        rows.push({ label: env, value: own.reduce((a, c) => a + c.estimatedMonthlySavingsUsd, 0), color, total: true });
        for (const c of own) rows.push({ label: `${env} / ${c.cluster}`, value: c.estimatedMonthlySavingsUsd, color, total: false });
    });
    if (rows.length === 0) {
        return "<p>No clusters.</p>";
    }
    const [labelWidth, barWidth, rowHeight, valueWidth] = [220, 520, 26, 110];
    const max = Math.max(...rows.map((r) => r.value), 1);
    const height = rows.length * rowHeight + 10;
    const bars = rows.map((r, i) => {
        const y = i * rowHeight + 5;
        const w = Math.max(1, Math.round((r.value / max) * barWidth));
        return `<g class="bar${r.total ? " total" : ""}" data-label="${esc(r.label)}" data-value="${r.value.toFixed(2)}">
<text x="${labelWidth - 8}" y="${y + 16}" text-anchor="end" font-weight="${r.total ? "bold" : "normal"}">${esc(r.label)}</text>
<rect x="${labelWidth}" y="${y + 3}" width="${w}" height="${rowHeight - 8}" fill="${r.color}" fill-opacity="${r.total ? 1 : 0.55}"><title>${esc(r.label)}: ${usd(r.value)}</title></rect>
<text x="${labelWidth + w + 6}" y="${y + 16}">${usd(r.value)}</text>
</g>`;
    });
    return `<svg id="savings-chart" xmlns="http://www.w3.org/2000/svg" width="${labelWidth + barWidth + valueWidth}" height="${height}" font-size="13" role="img" aria-label="Estimated monthly savings per environment and cluster">
${bars.join("\n")}
</svg>`;
}

function table(headers: readonly string[], rows: readonly (readonly string[])[], id: string): string {
    return `<table id="${id}"><thead><tr>${headers.map((h) => `<th>${esc(h)}</th>`).join("")}</tr></thead>
<tbody>${rows.map((r) => `<tr>${r.map((c) => (c.startsWith("<td") ? c : `<td>${c}</td>`)).join("")}</tr>`).join("\n")}</tbody></table>`;
}

function num(text: string): string {
    return `<td class="num">${esc(text)}</td>`;
}

function esc(text: string): string {
    return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

// Plain-text tables and number formatting for the benchmark report.

export type Cell = string | number;

/**
 * A text table. `align` has one letter per column, "l" or "r" (default: right-aligned when every cell of the
 * column is a number).
 */
export function table(headers: string[], rows: Cell[][], align?: string): string {
    const text = rows.map((r) => r.map((c) => String(c)));
    const widths = headers.map((h, i) => Math.max(h.length, ...text.map((r) => (r[i] ?? "").length)));
    const right = headers.map((_, i) => (align ? align[i] === "r" : rows.length > 0 && rows.every((r) => typeof r[i] === "number")));
    const line = (cells: string[]) => "| " + cells.map((c, i) => (right[i] ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join(" | ") + " |";
    const rule = "|" + widths.map((w, i) => (right[i] ? "-".repeat(w + 1) + ":" : "-".repeat(w + 2))).join("|") + "|";
    return [line(headers), rule, ...text.map(line)].join("\n");
}

export function ms(value: number): string {
    return value >= 10_000 ? `${(value / 1000).toFixed(1)} s` : `${Math.round(value)} ms`;
}

export function mib(value: number): string {
    return `${value.toFixed(1)} MiB`;
}

export function median(values: number[]): number {
    const sorted = [...values].sort((a, b) => a - b);
    const mid = Math.floor(sorted.length / 2);
    return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Section heading. */
export function heading(title: string): string {
    return `\n${title}\n${"=".repeat(title.length)}`;
}

// Plain-text tables for a terminal: a header row and left-aligned columns two spaces apart.

/** Renders rows under the headers, each column as wide as its widest cell. */
export function textTable(headers: readonly string[], rows: readonly (readonly string[])[]): string {
    const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
    const line = (cells: readonly string[]) => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]))).join("  ").trimEnd();
    return [line(headers), ...rows.map(line)].join("\n");
}

/** `$1,962.15`. */
export function usd(value: number): string {
    return `$${value.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
}

// Exact chart versions, as Helm chart versions use SemVer 2.0.0: `x.y.z[-pre][+build]`, no leading "v", no ranges.
// (Same rule as the component package's version table; repeated because the pack does not import it.)
const EXACT_VERSION =
    /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$/;

export function isExactVersion(v: unknown): v is string {
    return typeof v === "string" && EXACT_VERSION.test(v);
}

/** True for an exact version with a pre-release part (`1.2.3-rc.1`). */
export function isPrerelease(v: string): boolean {
    const m = EXACT_VERSION.exec(v);
    return m !== null && m[4] !== undefined;
}

/**
 * Why `v` is not an exact version, phrased for a message (`undefined` when it is one). `v` is the raw prop value:
 * absent, empty, `latest`, a range (`^`, `~`, `>=`, `x`/`*` wildcards, `||`, spaces) or any other text.
 */
export function versionProblem(v: unknown): string | undefined {
    if (isExactVersion(v)) {
        return undefined;
    }
    if (v === undefined || v === null) {
        return "no version is set, so Helm installs whatever is newest at install time";
    }
    if (typeof v !== "string") {
        return `the version ${JSON.stringify(v)} is not a string`;
    }
    const s = v.trim();
    if (s === "") {
        return "the version is empty, so Helm installs whatever is newest at install time";
    }
    if (s.toLowerCase() === "latest") {
        return `the version "${v}" follows the newest release`;
    }
    if (/[\^~<>=*|]|\s/.test(s) || /(^|\.)[xX*](\.|$)/.test(s)) {
        return `the version "${v}" is a range, not one version`;
    }
    if (/^v\d/.test(s) && isExactVersion(s.slice(1))) {
        return `the version "${v}" has a leading "v"; chart versions are plain SemVer ("${s.slice(1)}")`;
    }
    return `the version "${v}" is not an exact x.y.z chart version`;
}

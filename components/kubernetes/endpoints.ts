import { EU_API_URL, apiBaseUrlProblem, isLoopbackHttp } from "../api/client";

/** Every address the in-cluster components need, derived from the one API URL a user sets. */
export interface CastAiEndpoints {
    /** REST API base URL, without a trailing slash (e.g. `https://api.eu.cast.ai`). */
    readonly apiUrl: string;
    /** gRPC endpoint as `host:port` (pod-pinner's `castai.grpcURL`, e.g. `grpc.eu.cast.ai:443`). */
    readonly grpcUrl: string;
    /** Kvisor's gRPC endpoint as `host:port` (`castai.grpcAddr`, e.g. `kvisor.prod-eu.cast.ai:443`). */
    readonly kvisorGrpcAddr: string;
}

/*
 * Kvisor does not follow the operator's "replace the first DNS label" rule for the public consoles: CAST AI documents
 * kvisor.prod-master.cast.ai for the US console and kvisor.prod-eu.cast.ai for the EU one (reference/castai-install.md
 * §10, §12.9; user-pain.md §8, castai/kvisor PR #518 and #703).
 */
const KVISOR_ADDRESS_BY_API_HOST: Readonly<Record<string, string>> = {
    "api.cast.ai": "kvisor.prod-master.cast.ai:443",
    "api.eu.cast.ai": "kvisor.prod-eu.cast.ai:443",
};

/**
 * Why `apiUrl` cannot be used by the charts, or undefined when it can. It must be an https URL whose host has at
 * least three DNS labels, because the gRPC hosts are derived by replacing its first label (`api.psc.example.com` →
 * `grpc.psc.example.com`), the rule the operator's webhook applies (reference/castai-install.md §5.5, §12.9).
 */
export function apiUrlProblem(apiUrl: string): string | undefined {
    const base = apiBaseUrlProblem(apiUrl);
    if (base !== undefined) {
        return base;
    }
    const url = new URL(apiUrl);
    if (isLoopbackHttp(url)) {
        return undefined;
    }
    if (url.username || url.password || url.search || url.hash || (url.pathname !== "/" && url.pathname !== "")) {
        return `must be a bare base URL such as ${EU_API_URL}, without path, query or credentials`;
    }
    if (url.hostname.split(".").length < 3 || /^[\d.]+$/.test(url.hostname)) {
        return `host "${url.hostname}" must be a DNS name like api.<domain> so the gRPC hosts can be derived from it`;
    }
    return undefined;
}

/**
 * Derives the gRPC and kvisor addresses from the API URL so that one input (EU vs US, or a private endpoint) reaches
 * every chart. Call only with a URL `apiUrlProblem` accepts.
 */
export function castaiEndpoints(apiUrl: string): CastAiEndpoints {
    const problem = apiUrlProblem(apiUrl);
    if (problem !== undefined) {
        throw new Error(`apiUrl: ${problem}`);
    }
    const url = new URL(apiUrl);
    if (isLoopbackHttp(url)) {
        // The bundled emulator (demo, tests) serves REST only; every address points at it so nothing leaves the machine.
        return { apiUrl: url.origin, grpcUrl: url.host, kvisorGrpcAddr: url.host };
    }
    const host = url.hostname;
    const suffix = host.slice(host.indexOf(".") + 1);
    return {
        apiUrl: url.origin,
        // gRPC is served on 443 for every documented endpoint, whatever port the REST API uses.
        grpcUrl: `grpc.${suffix}:443`,
        // ASSUMPTION: private endpoints (PSC and the like) name kvisor like the operator's webhook does
        // ("kvisor.<host minus first label>"); only the two public consoles are documented.
        kvisorGrpcAddr: KVISOR_ADDRESS_BY_API_HOST[host] ?? `kvisor.${suffix}:443`,
    };
}


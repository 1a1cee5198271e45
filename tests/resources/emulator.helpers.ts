// Shared by the emulator tests: a fresh emulator per test, a small fetch client, registration fixtures.

import { startEmulator, type Emulator, type EmulatorOptions } from "../../components/testing";

export interface ApiResponse {
  status: number;
  headers: Headers;
  /** Parsed JSON, `undefined` for an empty body. Tests assert on its shape, so it is loosely typed. */
  body: any;
}

export class Client {
  constructor(
    private readonly emulator: Emulator,
    /** `null` sends no X-API-Key header at all. */
    private readonly apiKey: string | null = emulator.apiKey,
  ) {}

  async call(method: string, path: string, body?: unknown): Promise<ApiResponse> {
    const headers: Record<string, string> = {};
    if (this.apiKey !== null) headers["X-API-Key"] = this.apiKey;
    if (body !== undefined) headers["Content-Type"] = "application/json";
    const res = await fetch(this.emulator.url + path, {
      method,
      headers,
      body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, headers: res.headers, body: text === "" ? undefined : JSON.parse(text) };
  }

  get = (path: string) => this.call("GET", path);
  post = (path: string, body?: unknown) => this.call("POST", path, body);
  put = (path: string, body?: unknown) => this.call("PUT", path, body);
  patch = (path: string, body?: unknown) => this.call("PATCH", path, body);
  del = (path: string) => this.call("DELETE", path);
}

export interface EmulatorFixture {
  emu: Emulator;
  api: Client;
}

/** A fresh emulator (strict unless overridden) for each test of the enclosing `describe`, stopped after it. */
export function emulatorPerTest(options: EmulatorOptions = {}): EmulatorFixture {
  const fixture = {} as EmulatorFixture;
  beforeEach(async () => {
    fixture.emu = await startEmulator({ strict: true, ...options });
    fixture.api = new Client(fixture.emu);
  });
  afterEach(async () => fixture.emu.stop());
  return fixture;
}

export const CLUSTERS = "/v1/kubernetes/external-clusters";

export const REGISTER = {
  eks: { name: "prod-eu", eks: { accountId: "123456789012", region: "eu-central-1", clusterName: "prod-eu" } },
  gke: { name: "dev-gke", gke: { projectId: "my-project", location: "europe-central2-a", clusterName: "dev-gke" } },
  aks: { name: "stg-aks", aks: { region: "westeurope", subscriptionId: "8d4c4f07-1111-2222-3333-444455556666", nodeResourceGroup: "MC_rg_stg" } },
} as const;

export const EKS_ROLE = "arn:aws:iam::123456789012:role/castai-eks-prod-eu";

/** Registers a cluster and returns its id. */
export async function register(api: Client, provider: keyof typeof REGISTER = "eks"): Promise<string> {
  const res = await api.post(CLUSTERS, REGISTER[provider]);
  if (res.status !== 200) throw new Error(`register failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.id as string;
}

/** Registers an EKS cluster, gives it credentials and returns its id: a "connected" cluster. */
export async function registerConnected(api: Client): Promise<string> {
  const id = await register(api);
  const res = await api.post(`${CLUSTERS}/${id}`, { eks: { assumeRoleArn: EKS_ROLE } });
  if (res.status !== 200) throw new Error(`credentials failed: ${res.status} ${JSON.stringify(res.body)}`);
  return id;
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

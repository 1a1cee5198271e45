// Benchmark a: CAST AI calls per resource and step through the real Pulumi engine, beside what the Terraform
// provider makes for the same step (reference/castai-api.md).
//
// All ten resource types live in one stack, so the whole benchmark is six engine runs. Calls are attributed
// exactly, not by guessing from URL paths: every resource type gets its own emulator (all sharing one API key)
// and points its `apiUrl` input at it, so every request an emulator receives belongs to that one resource. Objects
// a resource needs but does not own (the cluster of a policy, the service account of a key) are created in its
// emulator beforehand, outside the counted steps, as Terraform's `cluster_id` / `service_account_id` inputs assume.
import { CastAiClient } from "../../components/api/client";
import { Emulator, RecordedRequest, startEmulator } from "../../components/testing";
import { FixtureResource, ResourceStack, changes } from "../engine/resourceStack";
import { providerCode } from "../../components/resources/dynamicResource";
import { emptyProgram, trivialDynamicProgram } from "./engineFloor";
import { Cell, heading, median, ms, table } from "./table";

/** Rounds of the alternating floor runs (empty program, trivial dynamic resources, our no-op up). */
const FLOOR_ROUNDS = 3;

export const STEPS = ["create", "noop", "refresh", "update", "destroy"] as const;
export type Step = (typeof STEPS)[number];

const STEP_TITLES: Record<Step, string> = {
    create: "create (up)",
    noop: "no-op up",
    refresh: "refresh",
    update: "update (up)",
    destroy: "destroy",
};

/** Calls the Terraform provider makes in one step; `null` where castai-api.md does not say. */
export interface TfCount {
    calls: number | null;
    writes: number | null;
    /** Shown before the number, e.g. "≥" for a polling loop's minimum. */
    prefix?: string;
}

export interface TfResource {
    /** The Terraform resource it corresponds to. */
    resource: string;
    /** Provider functions: create, read (refresh), update, delete. `null` = not described in the reference. */
    create: TfCount | null;
    read: TfCount | null;
    update: TfCount | null;
    delete: TfCount | null;
    /** Where in reference/castai-api.md, and what was counted. */
    cite: string;
}

const n = (calls: number, writes: number, prefix?: string): TfCount => ({ calls, writes, prefix });

/**
 * The Terraform provider's calls per provider function, counted from reference/castai-api.md (provider
 * `castai/terraform-provider-castai` at 58fea27). Counted: the calls the reference lists for the function. A
 * read-back after create/update is counted only where the reference lists it. Not counted here: calls made once
 * per `terraform` run (the start-up `GET /v1/auth/tokens`, and `GET /v1/organizations` for the default
 * organization, cached for the provider's lifetime: §1.2), shown separately in the report.
 */
export const TERRAFORM_CALLS: Record<string, TfResource> = {
    // §2.5 "Create: register → POST …/token → set id → if credential fields set: UpdateCluster → Read";
    // "Read: GET …/{id}"; "Update: only if credential-related attributes changed" (UpdateCluster, §2.4; no read-back
    // listed); "Delete" loop: GET → POST …/disconnect → GET … until disconnected → DELETE (204) → GET until archived,
    // so at least 5 calls, 2 writes, when the disconnect completes before the next poll.
    ExternalCluster: {
        resource: "castai_eks_cluster",
        create: n(4, 3),
        read: n(1, 0),
        update: n(1, 1),
        delete: n(5, 2, "≥"),
        cite: "§2.5 create/read/update/delete, §2.4 credentials update",
    },
    // §2.5 castai_eks_user_arn: "read = GET …/assume-role-principal; create = read, and if arn empty POST …;
    // delete = DELETE … (expects 200)". Its only argument, cluster_id, is ForceNew: there is no update.
    EksAssumeRolePrincipal: {
        resource: "castai_eks_user_arn",
        create: n(2, 1),
        read: n(1, 0),
        update: null,
        delete: n(1, 1),
        cite: "§2.5 castai_eks_user_arn (cluster_id ForceNew: no update)",
    },
    // §3.3 step 2: "GET current policies, RFC 7386 merge, PUT the full merged document" (create and update);
    // step 4: read = GET; step 5: delete = PUT {"enabled":false}.
    AutoscalerPolicy: {
        resource: "castai_autoscaler",
        create: n(2, 1),
        read: n(1, 0),
        update: n(2, 1),
        delete: n(1, 1),
        cite: "§3.3 steps 2 (GET+PUT), 4 (read), 5 (delete PUT)",
    },
    // §4.1 provider behaviour: other names "POST with isDefault:false"; "Read = list with includeDefault=true";
    // "Update = full PUT"; "Delete … DELETE (expects 200)".
    NodeTemplate: {
        resource: "castai_node_template",
        create: n(1, 1),
        read: n(1, 0),
        update: n(1, 1),
        delete: n(1, 1),
        cite: "§4.1 provider behaviour (non-default template)",
    },
    // §4.2 provider: "create POSTs …; Read: GET; Update: POST /{id}; Delete: GET first (404 ⇒ done) … else DELETE".
    NodeConfiguration: {
        resource: "castai_node_configuration",
        create: n(1, 1),
        read: n(1, 0),
        update: n(1, 1),
        delete: n(2, 1),
        cite: "§4.2 provider (delete = GET + DELETE)",
    },
    // §5.2 "create POST → id; update PATCH with all fields; delete expects 200; read GET". The organization id comes
    // from the attribute or the default org (a per-run lookup, §1.2).
    HibernationSchedule: {
        resource: "castai_hibernation_schedule",
        create: n(1, 1),
        read: n(1, 0),
        update: n(1, 1),
        delete: n(1, 1),
        cite: "§5.2 provider (+ per-run default-org lookup, §1.2)",
    },
    // §5.1 castai_evictor_advanced_config: "create/update POST the whole list; read GET; delete POST {}".
    EvictorConfig: {
        resource: "castai_evictor_advanced_config",
        create: n(1, 1),
        read: n(1, 0),
        update: n(1, 1),
        delete: n(1, 1),
        cite: "§5.1",
    },
    // castai-api.md names the patching-engine spec (§0.1, tag PodMutationsAPI) but says nothing of how the provider
    // drives pod mutations.
    PodMutation: {
        resource: "castai_pod_mutation",
        create: null,
        read: null,
        update: null,
        delete: null,
        cite: "not in castai-api.md (only §0.1 names the patching-engine spec)",
    },
    // §6.2 table (POST 201 / GET / PATCH wrapped / DELETE 204 "provider requires 204") and "castai_service_account
    // (organization_id ForceNew, name, description): read 404 ⇒ removed".
    ServiceAccount: {
        resource: "castai_service_account",
        create: n(1, 1),
        read: n(1, 0),
        update: n(1, 1),
        delete: n(1, 1),
        cite: "§6.2 table + castai_service_account",
    },
    // §6.2 "castai_service_account_key (… active updatable …): token stored from the 201 body only; read 404 ⇒
    // removed"; PATCH …/keys/{id} {active}; DELETE (provider requires 204).
    ServiceAccountKey: {
        resource: "castai_service_account_key",
        create: n(1, 1),
        read: n(1, 0),
        update: n(1, 1),
        delete: n(1, 1),
        cite: "§6.2 table + castai_service_account_key",
    },
};

/** What the Terraform provider does once per `terraform` run, whatever the resources (§1.2). */
export const TERRAFORM_PER_RUN = [
    { call: "GET /v1/auth/tokens", when: "every run: the provider validates the key at start-up", cite: "§1.2" },
    { call: "GET /v1/organizations", when: "once per run when a resource needs the default organization (hibernation schedules; organization_id unset)", cite: "§1.2, §5.2" },
];

export interface TfStep {
    calls: number | null;
    writes: number | null;
    /** Reads of the refresh Terraform runs before this step by default. */
    refresh: number;
    /** As printed: "calls/writes (+refresh)" or "n/a". */
    text: string;
}

/** Terraform's figure for one step: provider calls, plus the refresh `terraform apply/destroy` runs first by default. */
export function terraformStep(tf: TfResource, step: Step): TfStep {
    const fn = { create: tf.create, noop: n(0, 0), refresh: tf.read, update: tf.update, destroy: tf.delete }[step];
    // `terraform plan` (so apply and destroy) refreshes every resource in state first unless -refresh=false.
    const refresh = step === "noop" || step === "update" || step === "destroy" ? (tf.read?.calls ?? 0) : 0;
    if (!fn || fn.calls === null || (step !== "create" && step !== "refresh" && !tf.read)) {
        return { calls: null, writes: null, refresh, text: "n/a" };
    }
    const text = `${fn.prefix ?? ""}${fn.calls}/${fn.writes ?? "n/a"}${refresh ? ` (+${refresh})` : ""}`;
    return { calls: fn.calls, writes: fn.writes, refresh, text };
}

const role = (suffix: string) => `arn:aws:iam::123456789012:role/castai-bench-${suffix}`;
const eks = (clusterName: string) => ({ accountId: "123456789012", region: "eu-central-1", clusterName });

interface Setup {
    clusterId?: string;
    serviceAccountId?: string;
}

interface Subject {
    type: string;
    /** What the update step changes. */
    updates: string;
    /** Prepares the resource's own emulator (not counted). */
    prepare?(emu: Emulator, client: CastAiClient): Promise<Setup>;
    args(setup: Setup, updated: boolean): Record<string, unknown>;
}

const SUBJECTS: Subject[] = [
    {
        type: "ExternalCluster",
        updates: "credentials.assumeRoleArn",
        args: (_s, u) => ({ name: "bench-ec", eks: eks("bench-ec"), credentials: { assumeRoleArn: role(u ? "b" : "a") } }),
    },
    {
        type: "EksAssumeRolePrincipal",
        updates: "environment only (every API input replaces)",
        // Terraform's castai_eks_user_arn takes the id of a registered cluster; ours adopts the registration by identity.
        prepare: async (_e, c) => ({ clusterId: (await c.post<{ id: string }>("/v1/kubernetes/external-clusters", { name: "bench-arp", eks: eks("bench-arp") })).id }),
        args: () => ({ name: "bench-arp", ...eks("bench-arp") }),
    },
    {
        type: "AutoscalerPolicy",
        updates: "nodeDownscaler.emptyNodes.delaySeconds",
        args: (s, u) => ({
            clusterId: s.clusterId,
            policies: {
                enabled: true,
                unschedulablePods: { enabled: true, headroom: { cpuPercentage: 10, memoryPercentage: 10 } },
                clusterLimits: { enabled: true, cpu: { maxCores: 16 } },
                nodeDownscaler: { enabled: true, emptyNodes: { enabled: true, delaySeconds: u ? 120 : 60 } },
            },
        }),
    },
    {
        type: "NodeTemplate",
        updates: "constraints.maxCpu",
        args: (s, u) => ({
            clusterId: s.clusterId,
            name: "spot-workers",
            constraints: { spot: true, onDemand: false, useSpotFallbacks: true, fallbackRestoreRateSeconds: 1800, maxCpu: u ? 32 : 16 },
        }),
    },
    {
        type: "NodeConfiguration",
        updates: "minDiskSize",
        args: (s, u) => ({
            clusterId: s.clusterId,
            name: "workers",
            minDiskSize: u ? 140 : 120,
            subnets: ["subnet-a"],
            eks: { instanceProfileArn: "arn:aws:iam::123456789012:instance-profile/castai-nodes", securityGroups: ["sg-1"] },
        }),
    },
    {
        type: "HibernationSchedule",
        updates: "resumeCron",
        args: (s, u) => ({
            name: "bench-off-hours",
            clusterIds: [s.clusterId],
            pauseCron: "0 19 * * 1-5",
            resumeCron: u ? "0 6 * * 1-5" : "0 7 * * 1-5",
            timeZone: "Europe/Vilnius",
            resumeInstanceType: "m5.large",
        }),
    },
    {
        type: "EvictorConfig",
        updates: "evictionConfig[0].podSelector.namespace",
        args: (s, u) => ({
            clusterId: s.clusterId,
            evictionConfig: [{ podSelector: { namespace: u ? "batch" : "jobs", kind: "Job" }, settings: { aggressive: { enabled: true } } }],
        }),
    },
    {
        type: "PodMutation",
        updates: "distributionGroups percentages",
        args: (s, u) => ({
            clusterId: s.clusterId,
            name: "spot-share",
            distributionGroups: [
                { name: "spot", percentage: u ? 70 : 60, config: { spotType: "USE_ONLY_SPOT" } },
                { name: "on-demand", percentage: u ? 30 : 40, config: {} },
            ],
        }),
    },
    {
        type: "ServiceAccount",
        updates: "description",
        prepare: async () => ({}),
        args: (_s, u) => ({ name: "bench-sa", description: u ? "benchmark (edited)" : "benchmark" }),
    },
    {
        type: "ServiceAccountKey",
        updates: "active",
        prepare: async (e, c) => {
            const sa = await c.post<{ id: string }>(`/v1/organizations/${e.organizationId}/service-accounts`, { name: "bench-key-owner", description: "" });
            return { serviceAccountId: sa.id };
        },
        args: (s, u) => ({ serviceAccountId: s.serviceAccountId, name: "bench-key", active: !u }),
    },
];

export interface MeasuredStep {
    calls: number;
    writes: number;
    /** Answers of 400 and above (retried or expected, e.g. a 404 the resource treats as "gone"). */
    failed: number;
    /** The calls in order, ids replaced by {id}. */
    sequence: string[];
}

export interface ApiCallsResult {
    steps: Record<Step, { wallMs: number; changes: Record<string, number> }>;
    /** Alternating runs in the same engine: an empty program's `up`, ten trivial dynamic resources' no-op `up`, ours. */
    floor: { emptyUpMs: number[]; trivialNoopUpMs: number[]; noopUpMs: number[] };
    /** Size of each bundled provider, the `__provider` text stored twice (inputs, outputs) per resource. */
    providerBytes: Record<string, number>;
    resources: {
        type: string;
        updates: string;
        measured: Record<Step, MeasuredStep>;
        terraform: Record<Step, TfStep>;
        terraformResource: string;
        cite: string;
    }[];
}

const ID = /\/(?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|arn:[^/]+|[0-9a-f]{16,})(?=\/|$)/g;

function measure(requests: RecordedRequest[]): MeasuredStep {
    return {
        calls: requests.length,
        writes: requests.filter((r) => r.method !== "GET" && r.method !== "HEAD").length,
        failed: requests.filter((r) => r.status >= 400 || r.status === 0).length,
        sequence: requests.map((r) => `${r.method} ${r.path.replace(ID, "/{id}")}${r.status >= 400 ? ` →${r.status}` : ""}`),
    };
}

export async function runApiCalls(log: (line: string) => void = () => undefined): Promise<ApiCallsResult> {
    const apiKey = `castai-bench-${process.pid}-${Date.now().toString(16)}`.padEnd(40, "0");
    const emulators: Emulator[] = [];
    let stack: ResourceStack | undefined;
    try {
        const setups: Setup[] = [];
        for (const subject of SUBJECTS) {
            const emu = await startEmulator({ strict: true, apiKey });
            emulators.push(emu);
            const client = new CastAiClient({ apiKey, apiUrl: emu.url });
            const prepare =
                subject.prepare ??
                (async () => ({ clusterId: (await client.post<{ id: string }>("/v1/kubernetes/external-clusters", { name: `bench-${subject.type.toLowerCase()}`, eks: eks(`bench-${subject.type.toLowerCase()}`) })).id }));
            setups.push(await prepare(emu, client));
        }
        const resources = (updated: boolean): FixtureResource[] =>
            SUBJECTS.map((s, i) => ({
                type: s.type,
                name: `bench-${s.type.toLowerCase()}`,
                args: { ...s.args(setups[i], updated), apiUrl: emulators[i].url, environment: updated && s.type === "EksAssumeRolePrincipal" ? "staging" : "dev" },
            }));

        stack = await ResourceStack.create(emulators[0], resources(false));
        const measured: Record<Step, MeasuredStep>[] = SUBJECTS.map(() => ({}) as Record<Step, MeasuredStep>);
        const steps = {} as ApiCallsResult["steps"];
        const run = async (step: Step, action: () => Promise<{ summary: { resourceChanges?: Record<string, number> } }>) => {
            emulators.forEach((e) => e.clearLog());
            const started = Date.now();
            const result = await action();
            steps[step] = { wallMs: Date.now() - started, changes: changes(result) };
            emulators.forEach((e, i) => (measured[i][step] = measure([...e.requests])));
            log(`  ${STEP_TITLES[step]}: ${ms(steps[step].wallMs)} ${JSON.stringify(steps[step].changes)}`);
        };
        const s = stack;
        await run("create", () => s.up());
        await run("noop", () => s.up());
        const floor: ApiCallsResult["floor"] = { emptyUpMs: [], trivialNoopUpMs: [], noopUpMs: [steps.noop.wallMs] };
        const empty = await emptyProgram();
        const trivial = await trivialDynamicProgram(SUBJECTS.length);
        try {
            await trivial.up();
            for (let i = 0; i < FLOOR_ROUNDS; i++) {
                floor.emptyUpMs.push(await empty.up());
                floor.trivialNoopUpMs.push(await trivial.up());
                if (i > 0) {
                    const started = Date.now();
                    await s.up();
                    floor.noopUpMs.push(Date.now() - started);
                }
            }
        } finally {
            await empty.remove();
            await trivial.remove();
        }
        log(`  floor: empty ${floor.emptyUpMs.map(ms).join(", ")}; trivial ${floor.trivialNoopUpMs.map(ms).join(", ")}; ours ${floor.noopUpMs.map(ms).join(", ")}`);
        await run("refresh", () => s.refresh());
        await s.setResources(resources(true));
        await run("update", () => s.up());
        await run("destroy", () => s.destroy());

        return {
            steps,
            floor,
            providerBytes: Object.fromEntries(SUBJECTS.map((subject) => [subject.type, Buffer.byteLength(providerCode(subject.type))])),
            resources: SUBJECTS.map((subject, i) => {
                const tf = TERRAFORM_CALLS[subject.type];
                return {
                    type: subject.type,
                    updates: subject.updates,
                    measured: measured[i],
                    terraform: Object.fromEntries(STEPS.map((step) => [step, terraformStep(tf, step)])) as ApiCallsResult["resources"][number]["terraform"],
                    terraformResource: tf.resource,
                    cite: tf.cite,
                };
            }),
        };
    } finally {
        await stack?.remove();
        await Promise.all(emulators.map((e) => e.stop()));
    }
}

export function printApiCalls(r: ApiCallsResult): string {
    const out: string[] = [heading("a. CAST AI API calls per resource and step (real Pulumi engine + emulator)")];
    out.push(
        "Cells: calls/writes (writes = non-GET). \"ours\" is measured; \"TF\" is the Terraform provider as",
        "reference/castai-api.md describes it (n/a: the reference does not say). TF \"(+n)\": n more reads from the",
        "refresh `terraform apply`/`destroy` run first by default (-refresh=false skips it); `pulumi up` and",
        "`pulumi destroy` do not refresh unless asked. \"≥\": a polling loop's minimum.",
        "",
    );
    const headers = ["resource", ...STEPS.flatMap((s) => [`${STEP_TITLES[s]} ours`, "TF"])];
    const rows: Cell[][] = r.resources.map((res) => [
        res.type,
        ...STEPS.flatMap((s) => {
            const m = res.measured[s];
            const tf = res.terraform[s];
            return [`${m.calls}/${m.writes}`, tf.text];
        }),
    ]);
    const total = (s: Step) => r.resources.reduce((sum, res) => sum + res.measured[s].calls, 0);
    const totalWrites = (s: Step) => r.resources.reduce((sum, res) => sum + res.measured[s].writes, 0);
    rows.push(["all 10 (ours)", ...STEPS.flatMap((s) => [`${total(s)}/${totalWrites(s)}`, ""])]);
    out.push(table(headers, rows, "l" + "rr".repeat(STEPS.length)));

    out.push("", "Engine runs (all 10 resources in one stack, one emulator per resource type):");
    out.push(
        table(
            ["step", "wall time", "engine changes"],
            STEPS.map((s) => [STEP_TITLES[s], ms(r.steps[s].wallMs), JSON.stringify(r.steps[s].changes)]),
            "lrl",
        ),
    );

    const base = median(r.floor.emptyUpMs);
    const ratio = (v: number) => `×${(v / base).toFixed(2)}`;
    const perResource = (v: number) => `${Math.round((v - base) / SUBJECTS.length)} ms`;
    out.push("", `Against the engine's floor (medians of ${FLOOR_ROUNDS} alternating runs; create, update and destroy are single runs):`);
    out.push(
        table(
            ["pulumi up of", "time", "vs empty program", "per resource over empty"],
            [
                ["empty program (baseline)", ms(base), "×1.00", ""],
                [`${SUBJECTS.length} trivial dynamic resources, no-op`, ms(median(r.floor.trivialNoopUpMs)), ratio(median(r.floor.trivialNoopUpMs)), perResource(median(r.floor.trivialNoopUpMs))],
                [`our ${SUBJECTS.length} resources, no-op`, ms(median(r.floor.noopUpMs)), ratio(median(r.floor.noopUpMs)), perResource(median(r.floor.noopUpMs))],
                [`our ${SUBJECTS.length} resources, create`, ms(r.steps.create.wallMs), ratio(r.steps.create.wallMs), perResource(r.steps.create.wallMs)],
                [`our ${SUBJECTS.length} resources, update`, ms(r.steps.update.wallMs), ratio(r.steps.update.wallMs), perResource(r.steps.update.wallMs)],
                [`our ${SUBJECTS.length} resources, destroy`, ms(r.steps.destroy.wallMs), ratio(r.steps.destroy.wallMs), perResource(r.steps.destroy.wallMs)],
            ],
            "lrrr",
        ),
    );
    out.push("", "Bundled provider code per resource (stored in `__provider`):");
    out.push(table(["resource", "bytes"], Object.entries(r.providerBytes).map(([type, bytes]) => [type, bytes]), "lr"));

    out.push("", "What each update changes, Terraform counterpart and source of the TF figures:");
    out.push(table(["resource", "update changes", "Terraform resource", "castai-api.md"], r.resources.map((res) => [res.type, res.updates, res.terraformResource, res.cite]), "llll"));
    out.push("", "Terraform, once per run whatever the resources (not in the per-resource figures):");
    out.push(table(["call", "when", "cite"], TERRAFORM_PER_RUN.map((p) => [p.call, p.when, p.cite]), "lll"));

    out.push("", "Our calls in order (ids shown as {id}; →4xx marks an error answer the resource expects or retries):");
    for (const res of r.resources) {
        for (const s of STEPS) {
            const seq = res.measured[s].sequence;
            if (seq.length > 0) {
                out.push(`  ${res.type} ${STEP_TITLES[s]}: ${compact(seq).join(" · ")}`);
            }
        }
    }
    return out.join("\n");
}

/** Runs of the same call as "call ×n". */
function compact(seq: string[]): string[] {
    const out: string[] = [];
    for (let i = 0; i < seq.length; ) {
        let j = i;
        while (j < seq.length && seq[j] === seq[i]) j++;
        out.push(j - i > 1 ? `${seq[i]} ×${j - i}` : seq[i]);
        i = j;
    }
    return out;
}

// Pulumi mocks that record every resource a program registers, with its parent and dependencies
// (which the plain mocks API does not show), for tests that assert what a user gets.
import { strict as assert } from "assert";
import * as pulumi from "@pulumi/pulumi";

/** One resource registered under mocks. */
export interface RecordedResource {
    /** Type token, e.g. `aws:iam/role:Role`. */
    type: string;
    /** Logical name. */
    name: string;
    /** Inputs as the provider would receive them (secrets arrive as `{ "4dabf18193072939515e22adb298388d": ..., value }`). */
    inputs: Record<string, any>;
    /** URN of the parent resource ("" for none). */
    parent: string;
    /** URNs the resource depends on (dependsOn and the resources its inputs came from). */
    dependencies: string[];
    /** The URN the mock monitor gave it. */
    urn: string;
    /** Whether a provider manages it (false for component resources). */
    custom: boolean;
    /** Provider reference (`<urn>::<id>`) it was registered with, "" for the default provider. */
    provider: string;
}

/** Extra output properties a mocked provider returns for a resource (e.g. a computed `arn`); may be async. */
export type MockOutputs = (resource: {
    type: string;
    name: string;
    inputs: Record<string, any>;
}) => Record<string, unknown> | Promise<Record<string, unknown>>;

/** What a mocked provider function (invoke) returns for its token and inputs; default: the inputs. */
export type MockCalls = (call: { token: string; inputs: Record<string, any> }) => Record<string, unknown>;

/** One provider function (invoke) the program called under mocks. */
export interface RecordedCall {
    /** Function token, e.g. `aws:eks/getCluster:getCluster`. */
    token: string;
    inputs: Record<string, any>;
    /** Provider reference it was called with, "" for the default provider. */
    provider: string;
}

/** Where the recorded program runs; defaults: project "project", stack "stack", not a preview, invokes echo their inputs. */
export interface RecorderOptions {
    readonly project?: string;
    readonly stack?: string;
    readonly preview?: boolean;
    readonly calls?: MockCalls;
}

export interface ResourceRecorder {
    /** Every resource registered since the last `reset()`, in registration order. */
    resources: RecordedResource[];
    /** Every provider function called since the last `reset()`. */
    calls: RecordedCall[];
    /** Installs the mocks; call in `before()`, before constructing resources. */
    setup(): Promise<void>;
    /** Forgets the recorded resources; call in `beforeEach()`. */
    reset(): void;
    /** The recorded resources of a type token. */
    ofType(type: string): RecordedResource[];
    /** The recorded custom (cloud) resources whose name starts with `prefix`, i.e. a component's children named `${name}-...`. */
    customResources(prefix: string): RecordedResource[];
    /** The recorded resource with this logical name; throws if there is none. */
    named(name: string): RecordedResource;
    /** Asserts that every custom resource named `${prefix}...` is a child of `component`. */
    assertChildrenOf(component: pulumi.Resource, prefix: string): Promise<void>;
    /**
     * The outputs a component registered (`registerOutputs`) as the engine received them: secrets stay wrapped
     * (see `isSecretValue`). Undefined when the resource registered none (yet).
     */
    registeredOutputs(urn: string): Record<string, any> | undefined;
}

interface RegisterRequest {
    getCustom(): boolean;
    getType(): string;
    getName(): string;
    getParent(): string;
    getDependenciesList(): string[];
    getProvider(): string;
}

interface RegisterOutputsRequest {
    getUrn(): string;
    getOutputs(): unknown;
}

interface MonitorWithRegister {
    registerResource(req: RegisterRequest, callback: (err: unknown, resp?: { getUrn(): string }) => void): unknown;
    registerResourceOutputs(req: RegisterOutputsRequest, callback: (err: unknown, resp?: unknown) => void): unknown;
}

/** Records resources under Pulumi mocks; ids are `<name>_id`, outputs are the inputs plus `outputs(...)`. */
export function recordResources(outputs: MockOutputs = () => ({}), options: RecorderOptions = {}): ResourceRecorder {
    const resources: RecordedResource[] = [];
    const calls: RecordedCall[] = [];
    const componentOutputs = new Map<string, Record<string, any>>();
    // `newResource` runs inside the monitor's `registerResource`, before its callback: keep the inputs
    // it saw until the callback records the resource.
    const inputsSeen = new Map<string, Record<string, any>>();
    const mocks: pulumi.runtime.Mocks = {
        newResource: async (a) => {
            inputsSeen.set(`${a.type}::${a.name}`, a.inputs);
            return { id: `${a.name}_id`, state: { ...a.inputs, ...(await outputs(a)) } };
        },
        call: (a) => {
            calls.push({ token: a.token, inputs: a.inputs, provider: a.provider ?? "" });
            return options.calls ? options.calls({ token: a.token, inputs: a.inputs }) : a.inputs;
        },
    };
    return {
        resources,
        calls,
        async setup() {
            await pulumi.runtime.setMocks(mocks, options.project ?? "project", options.stack ?? "stack", options.preview ?? false);
            // The mock monitor drops the parent and dependencies before calling `newResource`; read them
            // from the request, and the URN from the response.
            const monitor = pulumi.runtime.getMonitor() as unknown as MonitorWithRegister;
            const register = monitor.registerResource.bind(monitor);
            monitor.registerResource = (req, callback) =>
                register(req, (err, resp) => {
                    if (!err && resp) {
                        const key = `${req.getType()}::${req.getName()}`;
                        resources.push({
                            type: req.getType(),
                            name: req.getName(),
                            inputs: inputsSeen.get(key) ?? {},
                            parent: req.getParent(),
                            dependencies: req.getDependenciesList(),
                            urn: resp.getUrn(),
                            custom: req.getCustom(),
                            provider: req.getProvider(),
                        });
                        inputsSeen.delete(key);
                    }
                    callback(err, resp);
                });
            const registerOutputs = monitor.registerResourceOutputs.bind(monitor);
            monitor.registerResourceOutputs = (req, callback) => {
                const struct = req.getOutputs() as Parameters<typeof pulumi.runtime.deserializeProperties>[0] | undefined;
                componentOutputs.set(req.getUrn(), struct ? pulumi.runtime.deserializeProperties(struct) : {});
                return registerOutputs(req, callback);
            };
        },
        reset() {
            resources.length = 0;
            calls.length = 0;
            componentOutputs.clear();
        },
        ofType(type) {
            return resources.filter((r) => r.type === type);
        },
        customResources(prefix) {
            return resources.filter((r) => r.custom && r.name.startsWith(prefix));
        },
        named(name) {
            const found = resources.find((r) => r.name === name);
            if (!found) {
                throw new Error(`no resource named ${name}; registered: ${resources.map((r) => r.name).join(", ")}`);
            }
            return found;
        },
        async assertChildrenOf(component, prefix) {
            const urn = await promiseOf(component.urn);
            for (const child of this.customResources(prefix)) {
                assert.equal(child.parent, urn, `${child.name} is a child of ${urn}`);
            }
        },
        registeredOutputs(urn) {
            return componentOutputs.get(urn);
        },
    };
}

/** Whether a recorded (wire-format) value is a secret: `{ [specialSigKey]: specialSecretSig, value }`. */
export function isSecretValue(value: unknown): boolean {
    return (
        value !== null &&
        typeof value === "object" &&
        (value as Record<string, unknown>)[pulumi.runtime.specialSigKey] === pulumi.runtime.specialSecretSig
    );
}

/** A recorded (wire-format) value with every secret wrapper removed, at any depth. */
export function revealSecrets(value: unknown): any {
    if (isSecretValue(value)) {
        return revealSecrets((value as { value: unknown }).value);
    }
    if (Array.isArray(value)) {
        return value.map(revealSecrets);
    }
    if (value !== null && typeof value === "object") {
        return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, revealSecrets(v)]));
    }
    return value;
}

/** Asserts that `construct` throws a `pulumi.ResourceError` whose message contains `text` (e.g. the field it names). */
export function assertResourceError(construct: () => unknown, text: string): void {
    assert.throws(construct, (err: Error) => {
        assert.ok(pulumi.ResourceError.isInstance(err), `expected a ResourceError, got ${err}`);
        assert.ok(err.message.includes(text), `expected "${text}" in: ${err.message}`);
        return true;
    });
}

/** The value of an Output, once known (never resolves for an unknown value). */
export function promiseOf<T>(output: pulumi.Output<T>): Promise<T> {
    return new Promise((resolve) => output.apply(resolve));
}

/**
 * A custom resource that only takes inputs: feed it a component's outputs to see which resources a
 * consumer of those outputs ends up depending on (its `dependencies` in the recorder).
 */
export class Consumer extends pulumi.CustomResource {
    constructor(name: string, inputs: Record<string, pulumi.Input<unknown>>) {
        super("test:index:Consumer", name, inputs);
    }
}

/**
 * Waits until the runtime has no resource registration or output registration in flight: what the Node.js language
 * host waits for before it reports a program done. `waitForRPCs` is internal to @pulumi/pulumi; fail loudly if an
 * upgrade removes it, rather than assert on a half-registered graph.
 */
export async function waitForRegistrations(): Promise<void> {
    const settings = require("@pulumi/pulumi/runtime/settings") as { waitForRPCs?: () => Promise<void> };
    if (typeof settings.waitForRPCs !== "function") {
        throw new Error("@pulumi/pulumi/runtime/settings no longer exports waitForRPCs; update tests/helpers/mocks.ts");
    }
    await settings.waitForRPCs();
}

/**
 * Forgets the registrations a test leaves pending on purpose (a resource whose input failed never completes), which
 * the Pulumi runtime would otherwise report as leaked promises at exit and fail the whole mocha process for.
 */
export function forgetPendingRegistrations(): void {
    const debuggable = require("@pulumi/pulumi/runtime/debuggable") as { leakedPromises?: () => unknown };
    if (typeof debuggable.leakedPromises !== "function") {
        throw new Error("@pulumi/pulumi/runtime/debuggable no longer exports leakedPromises; update tests/helpers/mocks.ts");
    }
    debuggable.leakedPromises();
}

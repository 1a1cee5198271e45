// Pulumi mocks that also record what the engine would see for each resource: type, name, parent, dependencies,
// provider and the serialized inputs (secrets stay wrapped, so tests can check they are secret).
import * as pulumi from "@pulumi/pulumi";

export interface Registration {
    readonly type: string;
    readonly name: string;
    /** URN of the parent resource ("" for none). */
    readonly parent: string;
    /** URNs of the explicit dependencies (dependsOn). */
    readonly dependencies: string[];
    /** Provider reference (`<urn>::<id>`), "" for the default provider. */
    readonly provider: string;
    /** Inputs as the engine receives them; secret values are `{ [specialSigKey]: specialSecretSig, value }`. */
    readonly inputs: Record<string, any>;
}

/** Installs fresh mocks and returns the list every later resource registration is appended to. */
export async function recordRegistrations(): Promise<Registration[]> {
    const registrations: Registration[] = [];
    await pulumi.runtime.setMocks(
        {
            newResource: (args) => ({ id: `${args.name}-id`, state: args.inputs }),
            call: (args) => {
                throw new Error(`unexpected call ${args.token}`);
            },
        },
        "project",
        "stack",
        false,
    );
    // The mock monitor receives the raw RegisterResource request, which carries what MockResourceArgs leaves out.
    const monitor = pulumi.runtime.getMonitor() as any;
    const register = monitor.registerResource.bind(monitor);
    monitor.registerResource = (req: any, callback: unknown) => {
        registrations.push({
            type: req.getType(),
            name: req.getName(),
            parent: req.getParent(),
            dependencies: req.getDependenciesList(),
            provider: req.getProvider(),
            inputs: pulumi.runtime.deserializeProperties(req.getObject()),
        });
        return register(req, callback);
    };
    return registrations;
}

/** The value of an Output, once known. */
export function valueOf<T>(output: pulumi.Output<T>): Promise<T> {
    return new Promise((resolve) => output.apply(resolve));
}

/** Whether a serialized input is a secret, and its value. */
export function unwrapSecret(value: any): { secret: boolean; value: any } {
    const secret = value !== null && typeof value === "object" && value[pulumi.runtime.specialSigKey] === pulumi.runtime.specialSecretSig;
    return { secret, value: secret ? value.value : value };
}

import { createRequire } from "node:module";

// Provider code runs in the dynamic-provider host, which has no logging of its own to the engine: what it prints
// goes to the engine's debug log only. The host is started with the engine's address as its first argument, so this
// opens its own connection there and sends info messages, which `pulumi up` shows while it waits.

type Sink = (message: string) => void;
let sink: Sink | null | undefined;

/** Sends an info message to the engine running this provider; does nothing outside a provider host. */
export function engineInfo(message: string): void {
    // Connected at most once: null (no engine to reach) is remembered too.
    if (sink === undefined) {
        sink = connect();
    }
    sink?.(message);
}

function connect(): Sink | null {
    const address = process.argv[2];
    if (!address || !/^[\w.-]+:\d+$/.test(address)) {
        return null;
    }
    try {
        // The host's own @pulumi/pulumi and its gRPC library, resolved from where the host loaded them.
        const fromPulumi = createRequire(require.resolve("@pulumi/pulumi"));
        const grpc = fromPulumi("@grpc/grpc-js");
        const engineRpc = fromPulumi("./proto/engine_grpc_pb");
        const engineProto = fromPulumi("./proto/engine_pb");
        const client = new engineRpc.EngineClient(address, grpc.credentials.createInsecure());
        return (message) => {
            const request = new engineProto.LogRequest();
            request.setSeverity(engineProto.LogSeverity.INFO);
            request.setMessage(message);
            client.log(request, () => undefined);
        };
    } catch {
        return null;
    }
}

import { strict as assert } from "node:assert";
import { CastAiClient } from "../../components/api/client";
import type { Emulator } from "../../components/testing";
import { ResourceStack, storedFiles } from "./resourceStack";

/** A client of the emulator for the test itself: what another tool or the onboarding script would do. */
export function emulatorClient(emu: Emulator): CastAiClient {
    return new CastAiClient({ apiKey: emu.apiKey, apiUrl: emu.url });
}

/**
 * Registers an EKS cluster directly in the emulator, as if ExternalCluster (or the console) had done it, so a
 * test of a per-cluster resource exercises only that resource. Returns the cluster id.
 */
export async function registerCluster(emu: Emulator, clusterName: string): Promise<string> {
    const cluster = await emulatorClient(emu).post<{ id: string }>("/v1/kubernetes/external-clusters", {
        name: clusterName,
        eks: { accountId: "123456789012", region: "eu-central-1", clusterName },
    });
    return cluster.id;
}

/** Neither the API key nor any of `tokens` appears in the stored state, the engine's output or the emulator's log. */
export function assertNoSecretLeaked(stack: ResourceStack, emu: Emulator, tokens: string[] = []): void {
    assertNoSecretIn(stack.everythingPrinted(), emu, tokens);
}

/** Fails when the API key, or any of the tokens, appears in the text (state files, engine output, request log). */
export function assertNoSecretIn(everything: string, emu: Emulator, tokens: string[] = []): void {
    assert.ok(everything.length > 0);
    assert.ok(!everything.includes(emu.apiKey), "the API key appears nowhere");
    for (const token of tokens) {
        assert.ok(token.length >= 16, "a real token to look for");
        assert.ok(!everything.includes(token), "no token appears in state, output or logs");
    }
}

/** The clusters CAST AI still has (registered and not archived). */
export function liveClusters(emu: Emulator): Emulator["state"]["clusters"][string][] {
    return Object.values(emu.state.clusters).filter((c) => c.status !== "archived");
}

/** Neither the API key nor any of `tokens` appears in an engine stack's stored state or in what the engine printed. */
export function assertNoSecretInRun(engine: { readonly stateDir: string }, output: readonly string[], emu: Emulator, tokens: string[] = []): void {
    assertNoSecretIn([storedFiles(engine.stateDir), output.join("")].join("\n"), emu, tokens);
}

// A stack of this repository's project (scratch copy) whose engine reaches both the CAST AI API given and the
// locally built Kubernetes provider plugin.
import * as path from "node:path";
import { EngineStack, castAiEnv, createEngineStack, projectCopy } from "../../../scripts/engine";
import { kubeBinaries } from "./controlPlane";

export interface InClusterStack extends EngineStack {
    /** The scratch project folder, whose stacks/ a test may rewrite. */
    readonly project: string;
}

/**
 * Like `createProjectStack`, with pulumi-resource-kubernetes on the engine's PATH (built from source: no registry
 * ships it). `remove()` also deletes the scratch copy.
 */
export async function createInClusterStack(stackName: string, api: { apiKey: string; url: string }, stackFiles: Record<string, string> = {}): Promise<InClusterStack> {
    const project = projectCopy(stackFiles);
    const env = { ...castAiEnv(api), PATH: `${kubeBinaries().providerBin}${path.delimiter}${process.env.PATH ?? ""}` };
    return { ...(await createEngineStack(project, stackName, env, [project])), project };
}

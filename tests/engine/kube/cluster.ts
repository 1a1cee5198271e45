// What the in-cluster engine tests read back from, or put on, a real API server.
import * as fs from "node:fs";
import * as path from "node:path";
import { parseAllDocuments } from "yaml";
import { TESTDATA_CRDS } from "./chartRepository";
import type { ControlPlane } from "./controlPlane";
import { waitFor } from "./waitFor";

/** Applies CRDs from ../shared/testdata/crds and waits (bounded) until each is Established. */
export async function installTestdataCrds(plane: ControlPlane, files: string[]): Promise<void> {
    const names: string[] = [];
    for (const file of files) {
        for (const doc of parseAllDocuments(fs.readFileSync(path.join(TESTDATA_CRDS, file), "utf8"))) {
            const crd = doc.toJS() as { kind?: string; metadata: { name: string } } | null;
            if (crd?.kind !== "CustomResourceDefinition") {
                continue;
            }
            const res = await plane.request("POST", "/apis/apiextensions.k8s.io/v1/customresourcedefinitions", crd);
            if (res.status !== 201 && res.status !== 409) {
                throw new Error(`CRD ${crd.metadata.name}: ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`);
            }
            names.push(crd.metadata.name);
        }
    }
    await waitFor(`CRDs ${names.join(", ")} established`, 30_000, async () => {
        for (const name of names) {
            const crd = await plane.get(`/apis/apiextensions.k8s.io/v1/customresourcedefinitions/${name}`);
            if (!(crd.status?.conditions ?? []).some((c: { type: string; status: string }) => c.type === "Established" && c.status === "True")) {
                return false;
            }
        }
        return true;
    });
}

/** Names of the items of a list path (e.g. `/api/v1/namespaces`), sorted. */
export async function names(plane: ControlPlane, listPath: string): Promise<string[]> {
    const list = await plane.get(listPath);
    return (list.items as { metadata: { name: string } }[]).map((i) => i.metadata.name).sort();
}

/** Whether an object exists (200) or not (404); anything else fails. */
export async function exists(plane: ControlPlane, objectPath: string): Promise<boolean> {
    const res = await plane.request("GET", objectPath);
    if (res.status !== 200 && res.status !== 404) {
        throw new Error(`GET ${objectPath}: ${res.status}`);
    }
    return res.status === 200;
}

/** The env of a Deployment's first container as name → value (valueFrom entries are left out). */
export function containerEnv(deployment: any): Record<string, string> {
    const env = (deployment.spec.template.spec.containers[0].env ?? []) as { name: string; value?: string }[];
    return Object.fromEntries(env.filter((e) => e.value !== undefined).map((e) => [e.name, e.value!]));
}

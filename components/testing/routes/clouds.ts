// The cloud-specific blocks of CAST AI bodies (`eks`, `gke`, `aks`, ...), shared by registration, credentials
// updates and node configurations.

import { fieldError } from "../errors";
import type { JsonObject } from "../merge";
import type { ProviderType } from "../state";

/** Every cloud block the request schemas know. */
const CLOUD_BLOCKS = ["eks", "gke", "aks", "kops", "openshift", "anywhere", "oke", "selfHostedWithEc2Nodes"];

/** The clouds whose clusters the emulator models. */
export const MODELLED_CLOUDS: readonly string[] = ["eks", "gke", "aks"] satisfies ProviderType[];

/** The cloud blocks present in a (validated) body. */
export const cloudBlocksIn = (body: JsonObject): string[] => CLOUD_BLOCKS.filter((block) => body[block] !== undefined);

/** A block for another cloud than the cluster's is a 400 on that block. */
export function rejectOtherClouds(provider: ProviderType, body: JsonObject): void {
  const other = cloudBlocksIn(body).find((block) => block !== provider);
  if (other) throw fieldError(other, `not a field of ${provider} clusters`);
}

// What a cluster credentials update (`POST /v1/kubernetes/external-clusters/{id}`, castai-api.md §2.4) must
// carry for each cloud. Bad credentials answer the API's "credentials error": 400, message "Forbidden",
// first field violation on `credentials` (the Terraform provider retries exactly that shape).

import type { Main } from "../../api/wire";
import { ApiError } from "../errors";
import { isObject, type JsonObject } from "../merge";
import type { ProviderType } from "../state";
import { rejectOtherClouds } from "./clouds";

export type ClusterUpdate = Main.ExternalclusterV1ClusterUpdate;

/** The part of the stored provider block an update changes; `undefined` when it changes no credentials. */
export type CredentialChange = JsonObject | undefined;

const credentialsError = (description: string): ApiError =>
  new ApiError(400, "Forbidden", [{ field: "credentials", description }]);

// ASSUMPTION: an EKS role ARN is checked for its syntax only; the real API also tries to assume it.
const ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@\/-]+$/;

/**
 * Checks an update against the cluster's cloud and returns what it changes. Blocks for another cloud are a
 * plain 400 on that field. ASSUMPTION: `aks.httpProxyConfig` alone counts as a credentials update (it is
 * sent with them and yields a new credentialsId), and an update with no credential field changes nothing.
 */
export function credentialChange(provider: ProviderType, update: ClusterUpdate): CredentialChange {
  rejectOtherClouds(provider, update as JsonObject);

  switch (provider) {
    case "eks": {
      // ASSUMPTION: EKS credentials are the assumed role only; a `credentials` string is refused.
      if (update.credentials !== undefined) throw credentialsError("eks clusters take eks.assumeRoleArn, not credentials");
      const arn = update.eks?.assumeRoleArn;
      if (arn === undefined) return undefined;
      if (!ROLE_ARN.test(arn)) throw credentialsError("eks.assumeRoleArn is not an IAM role ARN");
      return { assumeRoleArn: arn };
    }
    case "gke": {
      if (update.credentials !== undefined) {
        const key = parseCredentials(update.credentials);
        if (key.type !== "service_account") throw credentialsError('expected a service account key JSON ("type": "service_account")');
      }
      // Nothing of a GKE key or impersonation setting is echoed back in the cluster's `gke` block.
      return update.credentials !== undefined || update.gke !== undefined ? {} : undefined;
    }
    case "aks": {
      if (update.credentials !== undefined) checkAzureCredentials(parseCredentials(update.credentials));
      if (update.credentials === undefined && update.aks?.httpProxyConfig === undefined) return undefined;
      return update.aks?.httpProxyConfig === undefined ? {} : { httpProxyConfig: update.aks.httpProxyConfig };
    }
  }
}

function parseCredentials(text: string): JsonObject {
  try {
    const parsed: unknown = JSON.parse(text);
    if (isObject(parsed)) return parsed;
  } catch {
    // reported below, without echoing the (secret) text
  }
  throw credentialsError("credentials must be a JSON object encoded as a string");
}

function checkAzureCredentials(creds: JsonObject): void {
  const missing = ["clientId", "tenantId", "subscriptionId"].filter((k) => typeof creds[k] !== "string" || creds[k] === "");
  if (missing.length) throw credentialsError(`missing ${missing.join(", ")}`);
  const secretKinds = ["clientSecret", "federationId"].filter((k) => typeof creds[k] === "string" && creds[k] !== "");
  if (secretKinds.length !== 1) throw credentialsError("exactly one of clientSecret or federationId is required");
}

// Who a request's `X-API-Key` belongs to. User keys and service-account keys are used the same way
// (castai-api.md §1.2): the emulator's own key is the user's, and an active, unexpired service-account key
// acts as its service account.

import { sameSecret, sha256 } from "./ids";
import type { EmulatorState, Principal } from "./state";

export function authenticate(state: EmulatorState, apiKey: string, presented: string | string[] | undefined, now: Date): Principal | undefined {
  if (typeof presented !== "string" || presented === "") return undefined;
  if (sameSecret(presented, apiKey)) return state.user;
  const hash = sha256(presented);
  for (const [accountId, keys] of Object.entries(state.serviceAccountKeys)) {
    const key = Object.values(keys).find((k) => k.tokenSha256 === hash);
    if (!key) continue;
    if (!key.active || (key.expiresAt !== undefined && Date.parse(key.expiresAt) <= now.getTime())) return undefined;
    key.lastUsedAt = now.toISOString();
    const account = state.serviceAccounts[accountId];
    return { id: account.id, email: account.email, kind: "service_account" };
  }
  return undefined;
}

// Mocked cloud and CAST AI outputs for programs that create CastAiCluster components (the component tests and
// the stack-program tests). The CAST AI registration is real: the mocked ExternalCluster (and EKS principal)
// registers its cluster in the bundled emulator, so the clusterId every child and the savings lookup receive is
// a cluster the emulator knows, and `getClusterSavings` gets real (emulated) figures over HTTP.
import * as pulumi from "@pulumi/pulumi";
import { CastAiClient } from "../../components/api/client";
import { registrationRequest, ExternalClusterInputs } from "../../components/resources/externalCluster";
import type { Emulator } from "../../components/testing";
import { MockCalls, MockOutputs } from "./mocks";

/** Type token of a CAST AI dynamic resource under mocks. */
export const castaiType = (name: string): string => `pulumi-nodejs:dynamic/castai:${name}`;

/** The AWS principal CAST AI assumes roles with (the mocked EksAssumeRolePrincipal's `arn`). */
export const CASTAI_PRINCIPAL_ARN = "arn:aws:iam::767397000000:user/castai-principal";
/** Tenant of the mocked Azure managed identity. */
export const MOCK_TENANT_ID = "7e7a0000-0000-4000-8000-000000000003";

export interface CastAiMockState {
    /** AWS account the mocked IAM ARNs are in; set it to the cluster's account before a run. */
    awsAccountId: string;
    /** Cluster token the mocked registration returns, by CAST AI cluster id. */
    readonly tokens: Map<string, string>;
    /** Status the mocked registration returned, by CAST AI cluster id. */
    readonly statuses: Map<string, string>;
}

/**
 * Mock outputs for everything a CastAiCluster creates. `emulator()` is read at call time, so the recorder can be
 * built at module level and the emulator started in `before()`.
 */
export function castAiMockOutputs(emulator: () => Emulator, state: CastAiMockState): MockOutputs {
    const register = async (inputs: Record<string, any>) => {
        const emu = emulator();
        const client = new CastAiClient({ apiKey: emu.apiKey, apiUrl: emu.url });
        // Same body ExternalCluster sends; the emulator returns the existing registration for the same identity.
        return client.post<{ id: string; status: string; organizationId: string }>(
            "/v1/kubernetes/external-clusters",
            registrationRequest(inputs as ExternalClusterInputs),
        );
    };
    return async ({ type, inputs }) => {
        switch (type) {
            case castaiType("ExternalCluster"): {
                const cluster = await register(inputs);
                const token = `tok-${cluster.id.replace(/-/g, "")}`;
                state.tokens.set(cluster.id, token);
                state.statuses.set(cluster.id, cluster.status);
                return {
                    clusterId: cluster.id,
                    organizationId: cluster.organizationId,
                    providerType: Object.keys(inputs).find((k) => ["eks", "gke", "aks"].includes(k)),
                    status: cluster.status,
                    agentStatus: "waiting-connection",
                    credentialsId: inputs.credentials ? "creds-1" : "",
                    clusterToken: token,
                };
            }
            case castaiType("EksAssumeRolePrincipal"): {
                const cluster = await register({ name: inputs.name, eks: { accountId: inputs.accountId, region: inputs.region, clusterName: inputs.clusterName } });
                return { clusterId: cluster.id, arn: CASTAI_PRINCIPAL_ARN };
            }
            case castaiType("HibernationSchedule"):
                return { scheduleId: "schedule-1" };
            case castaiType("PodMutation"):
                return { mutationId: "mutation-1" };
            case castaiType("NodeTemplate"):
                return { isDefault: false, version: "1" };
            case "aws:iam/role:Role":
                return { arn: `arn:aws:iam::${state.awsAccountId}:role/${inputs.name}` };
            case "aws:iam/policy:Policy":
                return { arn: `arn:aws:iam::${state.awsAccountId}:policy/${inputs.name}` };
            case "aws:iam/instanceProfile:InstanceProfile":
                return { arn: `arn:aws:iam::${state.awsAccountId}:instance-profile/${inputs.name}` };
            case "gcp:serviceaccount/account:Account": {
                const email = `${inputs.accountId}@${inputs.project}.iam.gserviceaccount.com`;
                return { email, name: `projects/${inputs.project}/serviceAccounts/${email}` };
            }
            case "gcp:projects/iAMCustomRole:IAMCustomRole":
                return { name: `projects/${inputs.project}/roles/${inputs.roleId}` };
            case "gcp:serviceaccount/key:Key": {
                const [, project, , email] = String(inputs.serviceAccountId).split("/");
                return { privateKey: Buffer.from(serviceAccountKeyJson(project, email)).toString("base64") };
            }
            case "azure-native:authorization:RoleDefinition":
                return { name: "7f4a9a3e-0000-4000-8000-00000000beef" };
            case "azure-native:managedidentity:UserAssignedIdentity":
                return {
                    name: inputs.resourceName,
                    clientId: "c11e0000-0000-4000-8000-000000000001",
                    principalId: "9a1d0000-0000-4000-8000-000000000002",
                    tenantId: MOCK_TENANT_ID,
                };
            default:
                return {};
        }
    };
}

/** The API server and CA the mocked `aws.eks.getCluster` reports for a cluster. */
export function mockEksCluster(name: string, region: string): { endpoint: string; certificateAuthorities: { data: string }[] } {
    return { endpoint: `https://${name}.gr7.${region}.eks.amazonaws.com`, certificateAuthorities: [{ data: "RUtTLWNsdXN0ZXItQ0E=" }] };
}

/** The API server (an IP, as GKE reports it) and CA the mocked `gcp.container.getCluster` reports. */
export const MOCK_GKE_CLUSTER = { endpoint: "34.76.10.20", clusterCaCertificate: "R0tFLWNsdXN0ZXItQ0E=" };

/** The user kubeconfig the mocked AKS `listManagedClusterUserCredentials` returns (base64 on the wire), with its credential. */
export function mockAksKubeconfig(clusterName: string): string {
    return [
        "apiVersion: v1",
        "kind: Config",
        `clusters: [{ name: ${clusterName}, cluster: { server: "https://${clusterName}-dns.hcp.westeurope.azmk8s.io:443" } }]`,
        `users: [{ name: clusterUser_${clusterName}, user: { token: aks-user-token-${clusterName} } }]`,
        `contexts: [{ name: ${clusterName}, context: { cluster: ${clusterName}, user: clusterUser_${clusterName} } }]`,
        `current-context: ${clusterName}`,
        "",
    ].join("\n");
}

/** Mocked cloud lookups a CastAiCluster makes to reach its cluster's API server (other functions echo their inputs). */
export function cloudLookupMocks(): MockCalls {
    return ({ token, inputs }) => {
        switch (token) {
            case "aws:eks/getCluster:getCluster":
                return { ...inputs, ...mockEksCluster(inputs.name, inputs.region) };
            case "gcp:container/getCluster:getCluster":
                return { ...inputs, endpoint: MOCK_GKE_CLUSTER.endpoint, masterAuths: [{ clusterCaCertificate: MOCK_GKE_CLUSTER.clusterCaCertificate }] };
            case "azure-native:containerservice:listManagedClusterUserCredentials":
                return { kubeconfigs: [{ name: "clusterUser", value: Buffer.from(mockAksKubeconfig(inputs.resourceName)).toString("base64") }] };
            default:
                return inputs;
        }
    };
}

/** A GCP service-account key document as GCP issues it (with a fake private key). */
export function serviceAccountKeyJson(project: string, email: string): string {
    return JSON.stringify({
        type: "service_account",
        project_id: project,
        private_key_id: "0123456789abcdef",
        private_key: "-----BEGIN PRIVATE KEY-----\nMIIfake\n-----END PRIVATE KEY-----\n",
        client_email: email,
    });
}

/**
 * Sets the stack configuration the program reads (as `pulumi up` passes it: structured values as JSON text),
 * with `secretKeys` marked secret. Returns a function that puts the previous configuration back.
 */
export function useConfig(config: Record<string, unknown>, secretKeys: string[] = []): () => void {
    const saved = pulumi.runtime.allConfig();
    pulumi.runtime.setAllConfig(
        Object.fromEntries(Object.entries(config).map(([k, v]) => [k, typeof v === "string" ? v : JSON.stringify(v)])),
        secretKeys,
    );
    return () => pulumi.runtime.setAllConfig(saved);
}

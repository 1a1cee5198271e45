import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { kubeConnection } from "../../components/kubernetes/fullRemoval";

const config = (cluster: Record<string, unknown>, user: Record<string, unknown>) => `
apiVersion: v1
kind: Config
current-context: shop
contexts:
  - name: other
    context: { cluster: other, user: other }
  - name: shop
    context: { cluster: shop, user: shop-admin }
clusters:
  - name: other
    cluster: { server: https://other.example }
  - name: shop
    cluster: ${JSON.stringify(cluster)}
users:
  - name: shop-admin
    user: ${JSON.stringify(user)}
`;

describe("kubeConnection: how full removal reaches a cluster, from its kubeconfig", () => {
    it("takes the current context's server, CA data and token", () => {
        assert.deepEqual(kubeConnection(config({ server: "https://shop.example", "certificate-authority-data": "Q0E=" }, { token: "t0k" })), {
            server: "https://shop.example",
            caData: "Q0E=",
            token: "t0k",
        });
    });

    it("reads certificate files into data, and keeps insecure-skip-tls-verify", () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "kubeconfig-"));
        fs.writeFileSync(path.join(dir, "client.crt"), "CERT");
        fs.writeFileSync(path.join(dir, "client.key"), "KEY");
        try {
            const conn = kubeConnection(
                config({ server: "https://127.0.0.1:6443", "insecure-skip-tls-verify": true }, { "client-certificate": path.join(dir, "client.crt"), "client-key": path.join(dir, "client.key") }),
            );
            assert.deepEqual(conn, { server: "https://127.0.0.1:6443", insecure: true, certData: Buffer.from("CERT").toString("base64"), keyData: Buffer.from("KEY").toString("base64") });
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });

    it("keeps an exec credential plugin (aws eks get-token, gke-gcloud-auth-plugin, kubelogin) with its env", () => {
        const exec = { apiVersion: "client.authentication.k8s.io/v1beta1", command: "aws", args: ["eks", "get-token", "--cluster-name", "shop"], env: [{ name: "AWS_PROFILE", value: "prod" }] };
        assert.deepEqual(kubeConnection(config({ server: "https://eks.example" }, { exec })).exec, { command: "aws", args: ["eks", "get-token", "--cluster-name", "shop"], env: { AWS_PROFILE: "prod" } });
    });

    it("fails naming the context when it has no cluster with a server", () => {
        assert.throws(() => kubeConnection("apiVersion: v1\ncurrent-context: nowhere\n"), /kubeconfig: context "nowhere" names no cluster with a server/);
    });
});

import { createHash, createPublicKey, generateKeyPair, randomBytes } from "node:crypto";
import { promisify } from "node:util";
import type { SecretSpec } from "../core/manifest.js";

export interface RsaKeyPair {
  privateKey: string;
  publicKey: string;
  /** RFC 7638 JWK thumbprint of the public key: stable, and distinct per project. */
  kid: string;
}

export type SecretValue = string | RsaKeyPair;

const generateKeyPairAsync = promisify(generateKeyPair);

async function rsaKeyPair(): Promise<RsaKeyPair> {
  const { privateKey, publicKey } = await generateKeyPairAsync("rsa", {
    modulusLength: 2048,
    publicKeyEncoding: { type: "spki", format: "pem" },
    privateKeyEncoding: { type: "pkcs8", format: "pem" },
  });
  const jwk = createPublicKey(publicKey).export({ format: "jwk" });
  const canonical = JSON.stringify({ e: jwk.e, kty: jwk.kty, n: jwk.n });
  const kid = createHash("sha256").update(canonical).digest("base64url");
  return { privateKey, publicKey, kid };
}

/** Fresh values for every project: two generations never share a secret. */
export async function makeSecrets(specs: Record<string, SecretSpec>): Promise<Record<string, SecretValue>> {
  const out: Record<string, SecretValue> = {};
  for (const [name, spec] of Object.entries(specs)) {
    out[name] = spec.type === "rsa" ? await rsaKeyPair() : randomBytes(48).toString("base64url");
  }
  return out;
}

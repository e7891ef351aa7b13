// The server's signer of internal calls: the same headers as signInternalRequest (@waule/shared/internal-signature,
// which the gateway verifies against), computed synchronously with Bun's native HMAC. crypto.subtle.sign costs a
// thread-pool round trip (~30 µs) on every billed call; this costs ~1 µs. signing.test.ts holds the two equal.
import { NONCE_HEADER, SIGNATURE_HEADER, TIMESTAMP_HEADER } from "@waule/shared/internal-signature";

export type InternalSigner = (input: {
  method: string;
  path: string;
  body: string;
  timestampMs: number;
  nonce?: string;
}) => Record<string, string>;

export function createInternalSigner(secret: string): InternalSigner {
  return (input) => {
    const timestamp = String(input.timestampMs);
    const nonce = input.nonce ?? Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString("hex");
    const bodyHash = new Bun.CryptoHasher("sha256").update(input.body).digest("hex");
    const message = `${input.method.toUpperCase()}\n${input.path}\n${timestamp}\n${nonce}\n${bodyHash}`;
    const signature = new Bun.CryptoHasher("sha256", secret).update(message).digest("hex");
    return { [SIGNATURE_HEADER]: signature, [TIMESTAMP_HEADER]: timestamp, [NONCE_HEADER]: nonce };
  };
}

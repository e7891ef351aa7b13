// AES-256-GCM sealing of secrets at rest (provider keys, tenant storage configs), keyed by CONFIG_ENCRYPTION_KEY.
const VERSION = "v1";

function keyBytes(secret: string): Uint8Array<ArrayBuffer> {
  // Accept a 64-hex or base64 32-byte key; anything else is refused rather than stretched.
  if (/^[0-9a-fA-F]{64}$/.test(secret)) return new Uint8Array(Buffer.from(secret, "hex"));
  const b64 = Buffer.from(secret, "base64");
  if (b64.length === 32) return new Uint8Array(b64);
  throw new Error("CONFIG_ENCRYPTION_KEY must be 32 bytes, as 64 hex characters or base64");
}

async function importKey(secret: string): Promise<CryptoKey> {
  return crypto.subtle.importKey("raw", keyBytes(secret), "AES-GCM", false, ["encrypt", "decrypt"]);
}

/** Returns `v1.<iv b64url>.<ciphertext+tag b64url>`. */
export async function seal(secret: string, plaintext: string): Promise<string> {
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const ct = await crypto.subtle.encrypt(
    { name: "AES-GCM", iv },
    await importKey(secret),
    new TextEncoder().encode(plaintext),
  );
  return [VERSION, Buffer.from(iv).toString("base64url"), Buffer.from(ct).toString("base64url")].join(".");
}

/** Throws when the value was tampered with or sealed under another key. */
export async function unseal(secret: string, sealed: string): Promise<string> {
  const [version, iv, ct] = sealed.split(".");
  if (version !== VERSION || !iv || !ct) throw new Error("sealed value has an unknown format");
  const pt = await crypto.subtle.decrypt(
    { name: "AES-GCM", iv: new Uint8Array(Buffer.from(iv, "base64url")) },
    await importKey(secret),
    new Uint8Array(Buffer.from(ct, "base64url")),
  );
  return new TextDecoder().decode(pt);
}

export function isValidEncryptionKey(secret: string): boolean {
  try {
    keyBytes(secret);
    return true;
  } catch {
    return false;
  }
}

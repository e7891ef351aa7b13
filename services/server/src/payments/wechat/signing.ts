// WeChat Pay API v3 signatures: the merchant's RSA-SHA256 Authorization header on requests, the platform's
// Wechatpay-Signature on answers and notifies, and AES-256-GCM decryption of a notify's resource.
import {
  createDecipheriv,
  createPublicKey,
  createSign,
  createVerify,
  type KeyObject,
  X509Certificate,
} from "node:crypto";

export const WECHAT_AUTH_SCHEMA = "WECHATPAY2-SHA256-RSA2048";

export type MerchantKey = { mchid: string; serialNo: string; privateKey: string };

/** The Authorization header of one request: `METHOD\nURL\nTIMESTAMP\nNONCE\nBODY\n` signed with the merchant key. */
export function authorizationHeader(
  key: MerchantKey,
  request: { method: string; pathWithQuery: string; body: string; timestampSeconds: number; nonce: string },
): string {
  const message = `${request.method}\n${request.pathWithQuery}\n${request.timestampSeconds}\n${request.nonce}\n${request.body}\n`;
  const signature = createSign("RSA-SHA256").update(message).sign(key.privateKey, "base64");
  return `${WECHAT_AUTH_SCHEMA} mchid="${key.mchid}",nonce_str="${request.nonce}",signature="${signature}",timestamp="${request.timestampSeconds}",serial_no="${key.serialNo}"`;
}

/** The platform key from a PEM public key or certificate, as operators paste either. */
export function platformKeyOf(pem: string): KeyObject {
  return pem.includes("BEGIN CERTIFICATE") ? new X509Certificate(pem).publicKey : createPublicKey(pem);
}

export type SignedMessage = { timestamp: string; nonce: string; signature: string; serial: string; body: string };

/** One answer of the WeChat Pay API: its status, its text, and its signature headers when it carried them. */
export type WechatAnswer = { status: number; text: string; signed: SignedMessage | null };

export function signedMessageOf(headers: Headers, body: string): SignedMessage | null {
  const timestamp = headers.get("wechatpay-timestamp");
  const nonce = headers.get("wechatpay-nonce");
  const signature = headers.get("wechatpay-signature");
  const serial = headers.get("wechatpay-serial");
  if (!timestamp || !nonce || !signature || !serial) return null;
  return { timestamp, nonce, signature, serial, body };
}

/** Verifies `TIMESTAMP\nNONCE\nBODY\n` against the platform key. */
export function verifyPlatformSignature(message: SignedMessage, platformKey: KeyObject): boolean {
  try {
    return createVerify("RSA-SHA256")
      .update(`${message.timestamp}\n${message.nonce}\n${message.body}\n`)
      .verify(platformKey, message.signature, "base64");
  } catch {
    return false;
  }
}

export type EncryptedResource = { algorithm: string; ciphertext: string; associated_data?: string; nonce: string };

/** AEAD_AES_256_GCM with the APIv3 key; the last 16 bytes of the ciphertext are the tag. Throws when tampered. */
export function decryptResource(resource: EncryptedResource, apiV3Key: string): string {
  if (resource.algorithm !== "AEAD_AES_256_GCM") throw new Error(`unknown algorithm ${resource.algorithm}`);
  const data = Buffer.from(resource.ciphertext, "base64");
  if (data.length < 17) throw new Error("ciphertext too short");
  const decipher = createDecipheriv("aes-256-gcm", Buffer.from(apiV3Key, "utf8"), Buffer.from(resource.nonce, "utf8"));
  decipher.setAuthTag(data.subarray(data.length - 16));
  decipher.setAAD(Buffer.from(resource.associated_data ?? "", "utf8"));
  return Buffer.concat([decipher.update(data.subarray(0, data.length - 16)), decipher.final()]).toString("utf8");
}

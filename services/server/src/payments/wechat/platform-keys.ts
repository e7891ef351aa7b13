// The keys WeChat Pay signs answers and notifies with: the platform public key the operator pasted (微信支付公钥), or,
// when none is pasted, the platform certificates downloaded from GET /v3/certificates. Those arrive encrypted with
// the APIv3 key (only WeChat and the merchant know it), and the download's own signature is checked with them once
// decrypted. They are kept per merchant, fetched again every 12 hours, and at once (at most once a minute) when a
// signature names a serial not yet known: WeChat rotates certificates by publishing the new one ahead of use.
import { type KeyObject, X509Certificate } from "node:crypto";
import { AppError } from "@waule/shared/errors";
import {
  decryptResource,
  type EncryptedResource,
  platformKeyOf,
  verifyPlatformSignature,
  type WechatAnswer,
} from "./signing";

export type PlatformKeys = { keyFor(serial: string): Promise<KeyObject | null> };

export const CERTIFICATES_PATH = "/v3/certificates";
export const CERTIFICATES_REFRESH_MS = 12 * 3600_000;
const UNKNOWN_SERIAL_RETRY_MS = 60_000;

/** Serials are hex; WeChat writes them upper-case with leading zeros, X509Certificate without. */
const serialKey = (serial: string) => serial.trim().toUpperCase().replace(/^0+/, "");

export function pastedPlatformKey(pem: string, serial: string | null): PlatformKeys {
  const key = platformKeyOf(pem);
  return { keyFor: async (s) => (!serial || serialKey(s) === serialKey(serial) ? key : null) };
}

type Certificates = { at: number; keys: Map<string, { key: KeyObject; expiresAt: number }> };
type CertificateItem = { serial_no?: string; expire_time?: string; encrypt_certificate?: EncryptedResource };

/** Downloads, decrypts and checks the platform certificates. */
export async function downloadCertificates(
  fetchAnswer: () => Promise<WechatAnswer>,
  apiV3Key: string,
  now: number,
): Promise<Certificates> {
  const { status, text, signed } = await fetchAnswer();
  if (status !== 200)
    throw new AppError(
      "upstream_unavailable",
      `wechat pay certificate download answered ${status}: ${text.slice(0, 200)}`,
    );
  let items: CertificateItem[];
  try {
    items = (JSON.parse(text) as { data?: CertificateItem[] }).data ?? [];
  } catch {
    throw new AppError("upstream_unavailable", "wechat pay certificate download is not JSON");
  }
  const keys: Certificates["keys"] = new Map();
  for (const item of items) {
    if (!item.serial_no || !item.encrypt_certificate) continue;
    let certificate: X509Certificate;
    try {
      certificate = new X509Certificate(decryptResource(item.encrypt_certificate, apiV3Key));
    } catch {
      throw new AppError(
        "upstream_unavailable",
        `wechat pay certificate ${item.serial_no} does not decrypt with the APIv3 key`,
      );
    }
    if (serialKey(certificate.serialNumber) !== serialKey(item.serial_no))
      throw new AppError("upstream_unavailable", `wechat pay certificate ${item.serial_no} carries another serial`);
    const expiresAt = Date.parse(item.expire_time ?? certificate.validTo);
    if (!(expiresAt > now)) continue;
    keys.set(serialKey(item.serial_no), { key: certificate.publicKey, expiresAt });
  }
  const signer = signed ? keys.get(serialKey(signed.serial)) : undefined;
  if (!signed || !signer || !verifyPlatformSignature(signed, signer.key))
    throw new AppError(
      "upstream_unavailable",
      "wechat pay certificate download is not signed by a certificate it carries",
    );
  return { at: now, keys };
}

const downloaded = new Map<string, Certificates>();
const inFlight = new Map<string, Promise<Certificates>>();

/** Keys from downloaded certificates, shared by every adapter of the same merchant (`cacheKey`) in this process. */
export function downloadedPlatformCertificates(opts: {
  cacheKey: string;
  apiV3Key: string;
  now: () => number;
  fetchAnswer: () => Promise<WechatAnswer>;
}): PlatformKeys {
  const refresh = () => {
    let pending = inFlight.get(opts.cacheKey);
    if (!pending) {
      pending = downloadCertificates(opts.fetchAnswer, opts.apiV3Key, opts.now())
        .then((certs) => {
          downloaded.set(opts.cacheKey, certs);
          return certs;
        })
        .finally(() => inFlight.delete(opts.cacheKey));
      inFlight.set(opts.cacheKey, pending);
    }
    return pending;
  };
  return {
    async keyFor(serial) {
      const now = opts.now();
      let current = downloaded.get(opts.cacheKey);
      if (!current || now - current.at >= CERTIFICATES_REFRESH_MS) current = await refresh();
      let hit = current.keys.get(serialKey(serial));
      if (!hit && now - current.at >= UNKNOWN_SERIAL_RETRY_MS) hit = (await refresh()).keys.get(serialKey(serial));
      return hit && hit.expiresAt > now ? hit.key : null;
    },
  };
}

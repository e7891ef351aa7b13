// The server's side of the shared tenant-URL policy: which config allows private hosts, and the webhook/callback check.
import {
  assertResolvesPublic,
  assertTenantUrl,
  type HostLookup,
  isPrivateHost,
  type TenantUrlPolicy,
} from "@waule/shared/url-policy";
import type { ServerConfig } from "../config";

export { isPrivateHost };

type PolicyConfig = Pick<ServerConfig, "NODE_ENV" | "WEBHOOK_ALLOW_PRIVATE_URLS">;

/** Production refuses private hosts unless the operator says otherwise; development and tests allow them. */
export function privateUrlsAllowed(config: PolicyConfig): boolean {
  if (config.WEBHOOK_ALLOW_PRIVATE_URLS) return config.WEBHOOK_ALLOW_PRIVATE_URLS === "true";
  return config.NODE_ENV !== "production";
}

/** The policy for tenant URLs the server accepts; `images` also admits data:image URLs (size-capped). */
export function tenantUrlPolicy(config: PolicyConfig, kind: "callback" | "image"): TenantUrlPolicy {
  return { allowPrivate: privateUrlsAllowed(config), allowDataImage: kind === "image" };
}

/** Throws 400 for a URL the platform must not POST to; `what` names the field in the message. */
export function assertWebhookUrl(url: string, config: PolicyConfig, what: string): void {
  assertTenantUrl(url, tenantUrlPolicy(config, "callback"), what);
}

/** Throws 400 for an image input (reference image, video frame) the gateway must not fetch. */
export function assertImageUrl(url: string, config: PolicyConfig, what: string): void {
  assertTenantUrl(url, tenantUrlPolicy(config, "image"), what);
}

const bunLookup: HostLookup = async (hostname) => (await Bun.dns.lookup(hostname)).map((entry) => entry.address);

/**
 * The dispatcher's per-attempt check: none where private URLs are allowed, otherwise the URL's name must
 * resolve to public addresses only (registration could only judge the literal host).
 */
export function webhookDeliveryGuard(
  config: PolicyConfig,
  lookup: HostLookup = bunLookup,
): ((url: string) => Promise<void>) | undefined {
  if (privateUrlsAllowed(config)) return undefined;
  return (url) => assertResolvesPublic(url, lookup, "webhook URL");
}

// Webhook and callback URLs under the shared tenant-URL policy: WEBHOOK_ALLOW_PRIVATE_URLS switches private hosts,
// checked at registration by the literal host and before each delivery by what the name resolves to.
import {
  assertResolvesPublic,
  assertTenantUrl,
  type HostLookup,
  isPrivateHost,
  type TenantUrlPolicy,
} from "@waule/shared/url-policy";
import type { ServerConfig } from "../config";
import { privateHostsAllowed } from "../tenant-urls/policy";

export { isPrivateHost };

type PolicyConfig = Pick<ServerConfig, "NODE_ENV" | "WEBHOOK_ALLOW_PRIVATE_URLS">;

export function privateUrlsAllowed(config: PolicyConfig): boolean {
  return privateHostsAllowed(config.WEBHOOK_ALLOW_PRIVATE_URLS, config.NODE_ENV);
}

/** Throws 400 for a URL the platform must not POST to; `what` names the field in the message. */
export function assertWebhookUrl(url: string, config: PolicyConfig, what: string): void {
  const policy: TenantUrlPolicy = { allowPrivate: privateUrlsAllowed(config), allowDataImage: false };
  assertTenantUrl(url, policy, what);
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

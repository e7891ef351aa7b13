// The one way a provider downloads a URL a tenant supplied (video frames for providers that need bytes): no private networks, capped, timed out.
import { AppError } from "@waule/shared/errors";
import { assertResolvesPublic, assertTenantUrl } from "@waule/shared/url-policy";
import { readBodyCapped } from "../http/capped-body";
import type { ProviderContext } from "./types";

export const TENANT_MEDIA_MAX_BYTES = 20 * 1024 * 1024;
export const TENANT_MEDIA_TIMEOUT_MS = 30_000;
const MAX_REDIRECTS = 3;

const bunLookup = async (hostname: string) => (await Bun.dns.lookup(hostname)).map((entry) => entry.address);

/**
 * Every hop (redirects are followed by hand) is checked: http(s) only, and unless allowed, neither a
 * private literal host nor a name resolving to a private address. The check and the fetch resolve the
 * name separately, so a DNS answer flipping between them (rebinding) is not caught; what it would reach
 * is bounded by the size cap and timeout, and the bytes only go to the provider, never back to the tenant.
 */
export async function downloadTenantMedia(
  url: string,
  ctx: ProviderContext,
  what: string,
): Promise<{ data: Uint8Array; mimeType: string }> {
  const access = ctx.tenantUrls ?? { allowPrivate: false };
  const maxBytes = access.maxBytes ?? TENANT_MEDIA_MAX_BYTES;
  const timeout = AbortSignal.timeout(access.timeoutMs ?? TENANT_MEDIA_TIMEOUT_MS);
  const signal = ctx.signal ? AbortSignal.any([ctx.signal, timeout]) : timeout;
  let target = url;
  for (let hop = 0; ; hop++) {
    await assertFetchable(target, access, what);
    let res: Response;
    try {
      res = await ctx.fetch(target, { signal, redirect: "manual" });
    } catch {
      throw new AppError(
        "invalid_request",
        timeout.aborted ? `${what} did not answer in time` : `${what} could not be fetched`,
      );
    }
    const location = res.headers.get("location");
    if (res.status >= 300 && res.status < 400 && location) {
      await res.body?.cancel();
      if (hop >= MAX_REDIRECTS) throw new AppError("invalid_request", `${what} redirected too many times`);
      target = new URL(location, target).toString();
      continue;
    }
    if (!res.ok) {
      await res.body?.cancel();
      throw new AppError("invalid_request", `${what} answered HTTP ${res.status}`);
    }
    const data = await readBodyCapped(res, maxBytes);
    if (!data) throw new AppError("invalid_request", `${what} is larger than ${maxBytes} bytes`);
    const mimeType = res.headers.get("content-type")?.split(";")[0]?.trim() || "image/png";
    return { data, mimeType };
  }
}

async function assertFetchable(
  url: string,
  access: NonNullable<ProviderContext["tenantUrls"]>,
  what: string,
): Promise<void> {
  assertTenantUrl(url, { allowPrivate: access.allowPrivate }, what);
  if (!access.allowPrivate) await assertResolvesPublic(url, access.lookup ?? bunLookup, what);
}

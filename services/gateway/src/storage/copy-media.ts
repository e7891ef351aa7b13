// Persists one provider output (bytes, or an upstream URL that will expire) into storage and describes the stored file.
import type { StoredFile } from "@waule/shared/images";
import { readBodyCapped } from "../http/capped-body";
import type { MediaOutput } from "../providers/types";
import { networkFailure, UpstreamError } from "../providers/upstream-error";
import { extensionFor, tenantObjectKey } from "./keys";
import type { ObjectStorage } from "./types";

export type CopyMediaOptions = {
  storage: ObjectStorage;
  /** Injected fetch, used to download `kind: "url"` outputs. */
  fetch: typeof fetch;
  tenantId: string;
  /** The file id: the last part of tenants/<tenantId>/<yyyy>/<mm>/<id>.<ext>. */
  id: string;
  /** When the file is stored; picks the yyyy/mm folder. */
  atMs: number;
  /** Named in errors when the upstream URL cannot be downloaded. */
  provider: string;
  maxBytes?: number;
  signal?: AbortSignal;
};

const DEFAULT_MAX_BYTES = 512 * 1024 * 1024;

export async function copyMediaToStorage(media: MediaOutput, options: CopyMediaOptions): Promise<StoredFile> {
  const { data, mimeType: declared } = media.kind === "bytes" ? media : await download(media, options);
  // Only the media types we know keep their type: an upstream's text/html or image/svg+xml would otherwise be put
  // (S3 ContentType) and served under a type a browser runs as a page.
  const mimeType = extensionFor(declared) === "bin" ? "application/octet-stream" : declared;
  const key = tenantObjectKey({ tenantId: options.tenantId, id: options.id, mimeType, atMs: options.atMs });
  const stored = await options.storage.put(key, data, mimeType);
  return {
    url: stored.url,
    key: stored.key,
    mimeType: stored.mimeType,
    bytes: stored.bytes,
    ...(media.width === undefined ? {} : { width: media.width }),
    ...(media.height === undefined ? {} : { height: media.height }),
    ...(media.durationSeconds === undefined ? {} : { durationSeconds: media.durationSeconds }),
  };
}

async function download(
  media: Extract<MediaOutput, { kind: "url" }>,
  options: CopyMediaOptions,
): Promise<{ data: Uint8Array; mimeType: string }> {
  let res: Response;
  try {
    res = await options.fetch(media.url, { signal: options.signal });
  } catch (err) {
    throw networkFailure(options.provider, err);
  }
  if (!res.ok) {
    await res.body?.cancel();
    throw new UpstreamError({
      provider: options.provider,
      status: res.status,
      message: `result download answered ${res.status}`,
    });
  }
  const limit = options.maxBytes ?? DEFAULT_MAX_BYTES;
  // Read against the cap as it streams: a provider URL answering without Content-Length cannot fill memory.
  const data = await readBodyCapped(res, limit);
  if (!data)
    throw new UpstreamError({
      provider: options.provider,
      status: 502,
      message: `result is larger than ${limit} bytes`,
    });
  const mimeType =
    media.mimeType ?? res.headers.get("content-type")?.split(";")[0]?.trim() ?? "application/octet-stream";
  return { data, mimeType };
}

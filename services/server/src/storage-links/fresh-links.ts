// Result links signed when they are read. A link stored at creation time expires (the gateway's local links and S3
// presigned URLs live 7 days at most), the object key beside it does not: History and the task API answer links signed
// now from the key, so work of any age opens. The keys come from rows already scoped to the caller's tenant, and the
// gateway signs only keys under that tenant's prefix.
import type { ServerDeps } from "../deps";
import { storageTargetFor } from "../tenant-storage";

export type LinkDeps = Pick<ServerDeps, "db" | "gateway" | "config">;

/** Answers the fresh link of a stored file, or its stored link when it has no key or signing was not possible. */
export type LinkOf = (file: { url: string; key?: string | null }) => string;

/** One signing call for every key of one answer (a History or task page), then a lookup per file. */
export async function freshLinks(
  deps: LinkDeps,
  tenantId: string,
  keys: readonly (string | null | undefined)[],
): Promise<LinkOf> {
  const unique = [...new Set(keys.filter((k): k is string => typeof k === "string" && k !== ""))];
  const signed = new Map<string, string>();
  if (unique.length > 0) {
    try {
      const urls = await deps.gateway.fileLinks({
        tenantId,
        storage: await storageTargetFor(deps, tenantId),
        keys: unique,
      });
      unique.forEach((key, i) => {
        const url = urls[i];
        if (url) signed.set(key, url);
      });
    } catch {
      // The gateway unreachable: the listing still answers, with the links stored at creation time.
    }
  }
  return (file) => (file.key ? (signed.get(file.key) ?? file.url) : file.url);
}

// The tenant's own S3-compatible bucket as the server keeps it: the CUSTOM storage target without its `mode` tag.
import { storageTarget } from "@waule/shared/images";
import type { z } from "zod";

/** One definition with the internal call's CUSTOM target, so what is saved is exactly what the gateway accepts. */
export const customStorageConfig = storageTarget.options[1].omit({ mode: true });
export type CustomStorageConfig = z.infer<typeof customStorageConfig>;

/** What GET answers: where files go, never a usable credential (one schema, shared with the web). */
export type { TenantStorageView } from "@waule/shared/tenant-admin";

export function maskCredential(value: string): string {
  // Enough to tell two keys apart, too little to use one.
  return value.length <= 8 ? "****" : `${value.slice(0, 4)}****${value.slice(-4)}`;
}

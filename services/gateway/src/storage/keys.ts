// Object keys: tenants/<tenantId>/<yyyy>/<mm>/<id>.<ext>, and the mime ↔ extension table both drivers use.
import { AppError } from "@waule/shared/errors";

const extensions: Record<string, string> = {
  "image/png": "png",
  "image/jpeg": "jpg",
  "image/webp": "webp",
  "image/gif": "gif",
  "video/mp4": "mp4",
  "video/webm": "webm",
  "audio/mpeg": "mp3",
  "audio/wav": "wav",
  "audio/ogg": "ogg",
  "audio/opus": "opus",
  "audio/aac": "aac",
  "audio/flac": "flac",
  "audio/pcm": "pcm",
  "text/plain": "txt",
  "application/json": "json",
};

const mimeTypes: Record<string, string> = {
  ...Object.fromEntries(Object.entries(extensions).map(([mime, ext]) => [ext, mime])),
  jpeg: "image/jpeg",
};

export function extensionFor(mimeType: string): string {
  const base = mimeType.split(";")[0]!.trim().toLowerCase();
  return extensions[base] ?? (base === "audio/x-wav" || base === "audio/wave" ? "wav" : "bin");
}

export function mimeTypeFor(key: string): string {
  const ext = key.slice(key.lastIndexOf(".") + 1).toLowerCase();
  return mimeTypes[ext] ?? "application/octet-stream";
}

const SEGMENT = /^[A-Za-z0-9_-][A-Za-z0-9._-]*$/;

/** Keys are relative paths of safe segments: no "..", no empty or absolute parts, so no driver can escape its root. */
export function isSafeKey(key: string): boolean {
  if (key.length === 0 || key.length > 512) return false;
  return key.split("/").every((s) => SEGMENT.test(s) && s !== "." && s !== ".." && !s.startsWith(".."));
}

/** One path segment: what a tenant id or file id must be, so one tenant's prefix never nests inside another's. */
export function isSafeSegment(segment: string): boolean {
  return isSafeKey(segment) && !segment.includes("/");
}

/** Refuses a tenant id that cannot be a storage prefix, before anything is paid for or written. */
export function assertStorableTenant(tenantId: string): void {
  if (!isSafeSegment(tenantId))
    throw new AppError("invalid_request", "tenantId may only contain letters, digits, '.', '_' and '-'");
}

export function tenantObjectKey(input: { tenantId: string; id: string; mimeType: string; atMs: number }): string {
  if (!isSafeSegment(input.tenantId) || !isSafeSegment(input.id)) {
    throw new AppError("invalid_request", "tenantId and file id may only contain letters, digits, '.', '_' and '-'");
  }
  const at = new Date(input.atMs);
  const yyyy = String(at.getUTCFullYear());
  const mm = String(at.getUTCMonth() + 1).padStart(2, "0");
  return `tenants/${input.tenantId}/${yyyy}/${mm}/${input.id}.${extensionFor(input.mimeType)}`;
}

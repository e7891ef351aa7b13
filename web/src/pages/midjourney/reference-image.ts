// The optional reference image goes to the API inline (midjourney-proxy uploads it to Discord and fetches no URLs), so a
// URL the user gives is downloaded by the browser and sent as a data: URL; uploads are read the same way.
export const MAX_REFERENCE_BYTES = 10 * 1024 * 1024;
export const REFERENCE_TYPES = ["image/png", "image/jpeg", "image/webp"];

export type ReferenceProblem = "mj.referenceType" | "mj.referenceTooLarge" | "mj.referenceUnreachable";

export class ReferenceImageError extends Error {
  constructor(readonly problem: ReferenceProblem) {
    super(problem);
  }
}

/** A PNG/JPEG/WebP blob of at most 10 MB as a data: URL. */
export async function blobToDataUrl(blob: Blob): Promise<string> {
  const type = blob.type.split(";")[0]!.trim();
  if (!REFERENCE_TYPES.includes(type)) throw new ReferenceImageError("mj.referenceType");
  if (blob.size > MAX_REFERENCE_BYTES) throw new ReferenceImageError("mj.referenceTooLarge");
  const bytes = new Uint8Array(await blob.arrayBuffer());
  let binary = "";
  // Chunked: String.fromCharCode with a whole image as arguments would overflow the call stack.
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return `data:${type};base64,${btoa(binary)}`;
}

/** "" → none; a data: URL as is; an http(s) URL downloaded (the site must allow the page to read it). */
export type FetchImage = (url: string) => Promise<Response>;

export async function referenceAsDataUrl(
  value: string,
  doFetch: FetchImage = (url) => globalThis.fetch(url),
): Promise<string | null> {
  const trimmed = value.trim();
  if (trimmed === "") return null;
  if (trimmed.startsWith("data:image/")) return trimmed;
  if (!/^https?:\/\//.test(trimmed)) throw new ReferenceImageError("mj.referenceUnreachable");
  let res: Response;
  try {
    res = await doFetch(trimmed);
  } catch {
    throw new ReferenceImageError("mj.referenceUnreachable");
  }
  if (!res.ok) throw new ReferenceImageError("mj.referenceUnreachable");
  return blobToDataUrl(await res.blob());
}

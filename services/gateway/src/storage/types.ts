// The one interface both storage drivers (local directory, S3-compatible) implement.
export type StoredObject = { key: string; url: string; bytes: number; mimeType: string };

export interface ObjectStorage {
  put(key: string, data: Uint8Array, mimeType: string): Promise<StoredObject>;
  get(key: string): Promise<{ data: Uint8Array; mimeType: string } | null>;
  delete(key: string): Promise<void>;
  /** A URL a browser can fetch: signed and expiring unless the bucket is public. */
  urlFor(key: string): Promise<string>;
}

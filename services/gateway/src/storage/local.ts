// The default storage driver: a local directory whose files the gateway serves under signed, expiring URLs.

import { mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { dirname, resolve, sep } from "node:path";
import type { Clock } from "@waule/shared/clock";
import { AppError } from "@waule/shared/errors";
import { isSafeKey, mimeTypeFor } from "./keys";
import { signFileUrl } from "./signed-url";
import type { ObjectStorage } from "./types";

export type LocalStorageOptions = {
  dir: string;
  /** Public origin of the gateway, without a trailing slash. */
  publicBaseUrl: string;
  signingSecret: string;
  ttlSeconds: number;
  clock: Clock;
};

export function createLocalStorage(options: LocalStorageOptions): ObjectStorage {
  const root = resolve(options.dir);

  // Two guards: the key grammar refuses "..", and the resolved path must still sit under the root.
  function pathOf(key: string): string {
    const path = resolve(root, key);
    if (!isSafeKey(key) || !path.startsWith(root + sep))
      throw new AppError("invalid_request", `unsafe storage key: ${key}`);
    return path;
  }

  return {
    async put(key, data, mimeType) {
      const path = pathOf(key);
      await mkdir(dirname(path), { recursive: true });
      // Write then rename, so a reader never sees a half-written file.
      const partial = `${path}.${crypto.randomUUID()}.partial`;
      await writeFile(partial, data);
      await rename(partial, path);
      return { key, url: await this.urlFor(key), bytes: data.byteLength, mimeType };
    },
    async get(key) {
      let path: string;
      try {
        path = pathOf(key);
      } catch {
        return null;
      }
      try {
        return { data: new Uint8Array(await readFile(path)), mimeType: mimeTypeFor(key) };
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === "ENOENT" || (err as NodeJS.ErrnoException).code === "EISDIR")
          return null;
        throw err;
      }
    },
    async delete(key) {
      await rm(pathOf(key), { force: true });
    },
    async urlFor(key) {
      pathOf(key);
      const expiresSeconds = Math.floor(options.clock.now() / 1000) + options.ttlSeconds;
      return signFileUrl({ baseUrl: options.publicBaseUrl, secret: options.signingSecret, key, expiresSeconds });
    },
  };
}

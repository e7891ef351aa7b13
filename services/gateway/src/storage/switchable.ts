// The platform storage as a swappable slot: an operator's new platform OSS settings take effect for the next write
// without a restart, while files written before the switch stay readable (their /files links keep working).
import type { ObjectStorage } from "./types";

export type SwitchableStorage = ObjectStorage & {
  /** New writes and URLs go to `next`; reads still find files in the storages used before. */
  use(next: ObjectStorage): void;
};

export function createSwitchableStorage(initial: ObjectStorage): SwitchableStorage {
  // Newest first: a read asks the current storage, then each earlier one.
  const storages: ObjectStorage[] = [initial];
  const current = () => storages[0]!;
  return {
    use(next) {
      storages.unshift(next);
    },
    put: (key, data, mimeType) => current().put(key, data, mimeType),
    async get(key) {
      for (const storage of storages) {
        const found = await storage.get(key);
        if (found) return found;
      }
      return null;
    },
    delete: (key) => current().delete(key),
    urlFor: (key) => current().urlFor(key),
  };
}

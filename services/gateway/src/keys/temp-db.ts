// A real libSQL gateway database in a fresh temp directory, for tests of the pool and management API.

import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type GatewayDb, openGatewayDb } from "@waule/db/connect";

export async function openTempGatewayDb(): Promise<{ db: GatewayDb; url: string; close(): Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), "waule-gw-keys-"));
  const url = `file:${join(dir, "gateway.db")}`;
  const db = await openGatewayDb({ url });
  return {
    db,
    url,
    async close() {
      db.$client.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** A 32-byte hex key for sealing in tests. */
export const testEncryptionKey = "11".repeat(32);

/** mulberry32: a tiny seeded PRNG so weight tests see the same sequence every run. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

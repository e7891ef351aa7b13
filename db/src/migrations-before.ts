// For migration tests: the database as it stood before a given migration, so a test can fill it the way the older
// code did and then let the service's own opening (openServerDb / openGatewayDb) apply the rest.

import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Client, createClient } from "@libsql/client";
import { drizzle } from "drizzle-orm/libsql";
import { migrate } from "drizzle-orm/libsql/migrator";

const migrationsRoot = join(import.meta.dir, "..", "migrations");

/**
 * Opens `url` with every migration of `service` before `tag` applied, and none after; throws when `tag` is not one
 * of the service's migrations. The caller closes the client.
 */
export async function openMigratedBefore(service: "server" | "gateway", url: string, tag: string): Promise<Client> {
  const dir = await mkdtemp(join(tmpdir(), "waule-migrations-"));
  try {
    await cp(join(migrationsRoot, service), dir, { recursive: true });
    const journalPath = join(dir, "meta", "_journal.json");
    const journal = JSON.parse(await readFile(journalPath, "utf8")) as { entries: { tag: string }[] };
    const at = journal.entries.findIndex((e) => e.tag === tag);
    if (at < 0) throw new Error(`no ${service} migration ${tag}`);
    journal.entries = journal.entries.slice(0, at);
    await writeFile(journalPath, JSON.stringify(journal));
    const client = createClient({ url });
    await migrate(drizzle(client), { migrationsFolder: dir });
    return client;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

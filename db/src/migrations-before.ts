// For migration tests: a database as it stood before a given migration, in a file of its own, so a test can fill it
// the way the older code did and then let the service's own opening (openServerDb / openGatewayDb) apply the rest.

import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Client, createClient } from "@libsql/client";
import { drizzle } from "drizzle-orm/libsql";
import { migrate } from "drizzle-orm/libsql/migrator";

const migrationsRoot = join(import.meta.dir, "..", "migrations");

export type MigratedBefore = {
  /** Open on the file, migrated up to (not including) the migration named. */
  client: Client;
  /** The file's URL, for the service's own opening. */
  url: string;
  /** Deletes the file and its folder (close every connection to it first). */
  remove(): Promise<void>;
};

/** A fresh database file with every migration of `service` before `tag` applied; throws for an unknown `tag`. */
export async function openMigratedBefore(service: "server" | "gateway", tag: string): Promise<MigratedBefore> {
  const dir = await mkdtemp(join(tmpdir(), `waule-${service}-before-`));
  const migrations = join(dir, "migrations");
  try {
    await cp(join(migrationsRoot, service), migrations, { recursive: true });
    const journalPath = join(migrations, "meta", "_journal.json");
    const journal = JSON.parse(await readFile(journalPath, "utf8")) as { entries: { tag: string }[] };
    const at = journal.entries.findIndex((e) => e.tag === tag);
    if (at < 0) throw new Error(`no ${service} migration ${tag}`);
    journal.entries = journal.entries.slice(0, at);
    await writeFile(journalPath, JSON.stringify(journal));
    const url = `file:${join(dir, `${service}.db`)}`;
    const client = createClient({ url });
    await migrate(drizzle(client), { migrationsFolder: migrations });
    return { client, url, remove: () => rm(dir, { recursive: true, force: true }) };
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
}

// Opens a libSQL database (file: by default, libsql:// with a token in production) and applies its migrations.

import { mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { type Client, createClient } from "@libsql/client";
import { drizzle, type LibSQLDatabase } from "drizzle-orm/libsql";
import { migrate } from "drizzle-orm/libsql/migrator";
import * as gatewaySchema from "./gateway/schema";
import * as serverSchema from "./server/schema";

export type ServerDb = LibSQLDatabase<typeof serverSchema> & { $client: Client };
export type GatewayDb = LibSQLDatabase<typeof gatewaySchema> & { $client: Client };

export type DbOptions = { url: string; authToken?: string };

const migrationsRoot = join(import.meta.dir, "..", "migrations");

function openClient({ url, authToken }: DbOptions): Client {
  if (url.startsWith("file:")) {
    const path = url.slice("file:".length);
    if (path && path !== ":memory:") mkdirSync(dirname(path), { recursive: true });
  }
  const client = createClient({ url, authToken });
  return client;
}

async function prepare(client: Client, url: string): Promise<void> {
  if (url.startsWith("file:")) {
    // WAL lets readers proceed during writes; busy_timeout makes concurrent writers wait instead of failing.
    await client.execute("PRAGMA journal_mode = WAL");
    await client.execute("PRAGMA busy_timeout = 10000");
  }
  await client.execute("PRAGMA foreign_keys = ON");
}

export async function openServerDb(options: DbOptions): Promise<ServerDb> {
  const client = openClient(options);
  await prepare(client, options.url);
  const db = drizzle(client, { schema: serverSchema });
  await migrate(db, { migrationsFolder: join(migrationsRoot, "server") });
  return db;
}

export async function openGatewayDb(options: DbOptions): Promise<GatewayDb> {
  const client = openClient(options);
  await prepare(client, options.url);
  const db = drizzle(client, { schema: gatewaySchema });
  await migrate(db, { migrationsFolder: join(migrationsRoot, "gateway") });
  return db;
}

// Opens a libSQL database (file: by default, libsql:// with a token in production) and applies its migrations.

import { mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { type Client, createClient } from "@libsql/client";
import { drizzle, type LibSQLDatabase } from "drizzle-orm/libsql";
import { migrate } from "drizzle-orm/libsql/migrator";
import * as gatewaySchema from "./gateway/schema";
import * as serverSchema from "./server/schema";
import { openStatements, type Statements } from "./statements";

/** `$sql`: the hot path's prepared statements and group commit (statements.ts), on the same database. */
export type ServerDb = LibSQLDatabase<typeof serverSchema> & { $client: Client; $sql: Statements };
export type GatewayDb = LibSQLDatabase<typeof gatewaySchema> & { $client: Client; $sql: Statements };

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

/** Adds `$sql` beside the client; closing the client closes its connection too. */
function withStatements<T extends { $client: Client }>(db: T, url: string): T & { $sql: Statements } {
  const $sql = openStatements(url, db.$client);
  const closeClient = db.$client.close.bind(db.$client);
  db.$client.close = () => {
    $sql.close();
    closeClient();
  };
  return Object.assign(db, { $sql });
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
  return withStatements(db, options.url);
}

export async function openGatewayDb(options: DbOptions): Promise<GatewayDb> {
  const client = openClient(options);
  await prepare(client, options.url);
  const db = drizzle(client, { schema: gatewaySchema });
  await migrate(db, { migrationsFolder: join(migrationsRoot, "gateway") });
  return withStatements(db, options.url);
}

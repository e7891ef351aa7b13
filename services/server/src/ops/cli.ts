// The frame every ops script shares: typed flags (node:util parseArgs + zod), the DB from SERVER_DB_URL, clear failures.

import { type ParseArgsConfig, parseArgs } from "node:util";
import { openServerDb, type ServerDb } from "@waule/db/connect";
import { type Clock, type Ids, randomIds, systemClock } from "@waule/shared/clock";
import { AppError } from "@waule/shared/errors";
import type { z } from "zod";

export type OpsContext = { db: ServerDb; clock: Clock; ids: Ids };

/** Thrown for bad input: printed with the usage line, exit code 2. */
export class UsageError extends Error {}

export function parseFlags<T extends z.ZodType>(
  argv: string[],
  options: NonNullable<ParseArgsConfig["options"]>,
  schema: T,
): z.infer<T> {
  let values: Record<string, unknown>;
  try {
    values = parseArgs({ args: argv, options, strict: true, allowPositionals: false }).values;
  } catch (err) {
    throw new UsageError(err instanceof Error ? err.message : String(err));
  }
  const parsed = schema.safeParse(values);
  if (!parsed.success) {
    throw new UsageError(parsed.error.issues.map((i) => `--${i.path.join(".") || "?"}: ${i.message}`).join("; "));
  }
  return parsed.data;
}

/** Opens the same database the server uses (SERVER_DB_URL, default file:./data/server.db). */
export async function openOpsContext(env: Record<string, string | undefined> = process.env): Promise<OpsContext> {
  const url = env.SERVER_DB_URL || "file:./data/server.db";
  const db = await openServerDb({ url, authToken: env.SERVER_DB_AUTH_TOKEN || undefined });
  return { db, clock: systemClock, ids: randomIds };
}

/** Runs a script body; any failure prints one readable line to stderr and exits non-zero. */
export async function runOps(usage: string, body: (argv: string[]) => Promise<void>): Promise<void> {
  try {
    await body(process.argv.slice(2));
    process.exit(0);
  } catch (err) {
    if (err instanceof UsageError) {
      console.error(`error: ${err.message}\nusage: ${usage}`);
      process.exit(2);
    }
    console.error(`error: ${err instanceof AppError || err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  }
}

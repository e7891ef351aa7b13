// The server's Redis connections: one for commands (limits, PUBLISH) and one held by SUBSCRIBE for task events.
import Redis from "ioredis";
import type { ServerConfig } from "../config";

export type RedisConnections = {
  command: Redis;
  /** Once subscribed, Redis lets this connection run nothing else, hence a second one. */
  subscriber: Redis;
  /** Namespaces every key and channel of this deployment (or test run). */
  prefix: string;
  close(): Promise<void>;
};

/**
 * Connects both and checks they answer, so a wrong REDIS_URL stops start-up with a message naming it
 * rather than failing the first request. A request then fails fast (not queued forever) while Redis is down.
 */
export async function openRedisConnections(url: string, prefix: string): Promise<RedisConnections> {
  const options = { lazyConnect: true, maxRetriesPerRequest: 2, connectTimeout: 5_000 };
  const command = new Redis(url, options);
  const subscriber = new Redis(url, options);
  // ioredis reconnects by itself; say so once per error instead of its "Unhandled error event" dump.
  // Before start-up succeeds the thrown error below says it all.
  let started = false;
  for (const connection of [command, subscriber])
    connection.on("error", (error: Error) => started && console.error(`[server] redis: ${error.message}`));
  const close = async () => {
    await Promise.allSettled([command.quit(), subscriber.quit()]);
    command.disconnect();
    subscriber.disconnect();
  };
  try {
    await Promise.all([command.connect(), subscriber.connect()]);
    await command.ping();
    started = true;
  } catch (error) {
    await close();
    throw new Error(`REDIS_URL: cannot reach Redis (${error instanceof Error ? error.message : String(error)})`);
  }
  return { command, subscriber, prefix, close };
}

/** Null without REDIS_URL: the instance then keeps limits and task events in its own memory. */
export async function openConfiguredRedis(
  config: Pick<ServerConfig, "REDIS_URL" | "REDIS_PREFIX">,
): Promise<RedisConnections | null> {
  return config.REDIS_URL ? openRedisConnections(config.REDIS_URL, config.REDIS_PREFIX) : null;
}

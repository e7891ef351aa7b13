// Real Redis at 127.0.0.1:6379 for tests: every connection of a run shares one unique prefix, deleted at the end.
import Redis from "ioredis";
import { openRedisConnections, type RedisConnections } from "../../src/redis/connections";

export const TEST_REDIS_URL = "redis://127.0.0.1:6379";

export function testRedis(name: string) {
  const prefix = `test:${name}:${crypto.randomUUID()}:`;
  const opened: RedisConnections[] = [];
  const inspector = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: 1 });
  return {
    prefix,
    /** Direct access, to assert on what the app stored. */
    inspector,
    /** One server instance's connections (a command and a subscriber connection). */
    async connect(): Promise<RedisConnections> {
      const connections = await openRedisConnections(TEST_REDIS_URL, prefix);
      opened.push(connections);
      return connections;
    },
    async keys(): Promise<string[]> {
      return (await inspector.keys(`${prefix}*`)).sort();
    },
    async cleanup() {
      const keys = await inspector.keys(`${prefix}*`);
      if (keys.length) await inspector.del(...keys);
      await Promise.all(opened.map((c) => c.close()));
      await inspector.quit();
    },
  };
}

// The real bucket probe of a tenant's endpoint: in production a name resolving to a private address is never
// connected to, and every connection failure reads the same, so the probe tells a tenant nothing about ports.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { AppError } from "@waule/shared/errors";
import { CONNECTION_FAILED } from "@waule/shared/s3-probe";
import type { CustomStorageConfig } from "./config";
import { verifyCustomStorage } from "./verify";

let connections = 0;
/** A TCP listener on loopback that counts who connects and answers garbage (neither TLS nor HTTP). */
let listener: { port: number; stop(closeActive?: boolean): void };
let closedPort: number;
beforeAll(() => {
  listener = Bun.listen({
    hostname: "127.0.0.1",
    port: 0,
    socket: {
      open(socket) {
        connections++;
        socket.write("SSH-2.0-OpenSSH_9.2\r\n");
        socket.end();
      },
      data() {},
    },
  });
  const probe = Bun.listen({ hostname: "127.0.0.1", port: 0, socket: { data() {} } });
  closedPort = probe.port;
  probe.stop(true);
});
afterAll(() => {
  listener.stop(true);
});

const bucket = (endpoint: string): CustomStorageConfig => ({
  endpoint,
  bucket: "acme",
  region: "us-east-1",
  accessKeyId: "AKIAACME",
  secretAccessKey: "acme-secret-key-0123456789",
  forcePathStyle: true,
});

async function failure(endpoint: string, publicOnly: boolean, lookup?: (host: string) => Promise<string[]>) {
  const err = await verifyCustomStorage(bucket(endpoint), "probe_1", { publicOnly, lookup }).then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AppError);
  expect((err as AppError).code).toBe("invalid_request");
  return (err as AppError).message;
}

describe("verifyCustomStorage", () => {
  test("production: a name resolving to loopback is refused without a connection, the lookup's answer is what is judged", async () => {
    const asked: string[] = [];
    const lookup = async (host: string) => {
      asked.push(host);
      return ["127.0.0.1"];
    };
    const before = connections;
    const message = await failure(`http://s3.rebind.example:${listener.port}`, true, lookup);
    expect(message).toContain(CONNECTION_FAILED);
    expect(connections).toBe(before);
    expect(asked.length).toBeGreaterThan(0);
    expect(new Set(asked)).toEqual(new Set(["s3.rebind.example"]));
  });

  test("a refused port, a non-TLS answer and a private address all read the same: no port-scan oracle", async () => {
    const lookup = async () => ["127.0.0.1"];
    const messages = [
      await failure(`http://127.0.0.1:${closedPort}`, false),
      await failure(`https://127.0.0.1:${listener.port}`, false),
      await failure(`http://127.0.0.1:${listener.port}`, false),
      await failure(`https://s3.rebind.example:${listener.port}`, true, lookup),
    ];
    expect(new Set(messages).size).toBe(1);
    expect(messages[0]).not.toMatch(/ECONNREFUSED|TLS|SSL|127\.0\.0\.1|socket/i);
  });
});

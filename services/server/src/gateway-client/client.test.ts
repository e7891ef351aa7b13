import { afterEach, describe, expect, test } from "bun:test";
import { AppError } from "@waule/shared/errors";
import type { InternalImageRequest, InternalImageResponse } from "@waule/shared/images";
import {
  NONCE_HEADER,
  SIGNATURE_HEADER,
  TIMESTAMP_HEADER,
  verifyInternalRequest,
} from "@waule/shared/internal-signature";
import { createGatewayClient } from "./client";

const SECRET = "client-test-secret-0123456789abcdef0123";
const NOW = Date.UTC(2026, 10, 26, 12, 0, 0);
const request: InternalImageRequest = {
  tenantId: "tnt_1",
  requestId: "req_1",
  model: "sandbox-image",
  prompt: "a kite",
  n: 1,
  width: 64,
  height: 64,
  storage: { mode: "PLATFORM" },
};
const answer: InternalImageResponse = {
  provider: "sandbox",
  model: "sandbox-image",
  sandbox: true,
  images: [{ url: "http://files/x.png", key: "tenants/tnt_1/2026/11/x.png", mimeType: "image/png", bytes: 10 }],
};

let server: ReturnType<typeof Bun.serve> | undefined;
afterEach(async () => {
  await server?.stop(true);
  server = undefined;
});

/** A real HTTP gateway stand-in that records what it received and answers what the test says. */
function fakeGateway(reply: (req: Request) => Response | Promise<Response>) {
  const seen: { method: string; path: string; headers: Headers; body: string }[] = [];
  server = Bun.serve({
    port: 0,
    async fetch(req) {
      const url = new URL(req.url);
      seen.push({
        method: req.method,
        path: url.pathname + url.search,
        headers: req.headers,
        body: await req.clone().text(),
      });
      return reply(req);
    },
  });
  const client = createGatewayClient({
    baseUrl: `http://127.0.0.1:${server.port}/`,
    secret: SECRET,
    timeoutMs: 2000,
    clock: { now: () => NOW },
  });
  return { client, seen };
}

async function failure(p: Promise<unknown>): Promise<AppError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AppError);
  return err as AppError;
}

describe("gateway client", () => {
  test("posts the request JSON to the internal path with a signature the gateway's verifier accepts", async () => {
    const { client, seen } = fakeGateway(() => Response.json(answer));
    expect(await client.generateImages(request)).toEqual(answer);
    expect(seen.length).toBe(1);
    const call = seen[0]!;
    expect([call.method, call.path]).toEqual(["POST", "/internal/v1/images/generations"]);
    expect(JSON.parse(call.body)).toEqual(request);
    expect(call.headers.get(TIMESTAMP_HEADER)).toBe(String(NOW));
    const check = await verifyInternalRequest(SECRET, {
      method: "POST",
      path: call.path,
      body: new TextEncoder().encode(call.body),
      signature: call.headers.get(SIGNATURE_HEADER) ?? undefined,
      timestamp: call.headers.get(TIMESTAMP_HEADER) ?? undefined,
      nonce: call.headers.get(NONCE_HEADER) ?? undefined,
      nowMs: NOW,
    });
    expect(check).toEqual({ ok: true });
  });

  test("two identical calls at the same instant carry different nonces and signatures (the gateway refuses a repeated one)", async () => {
    const { client, seen } = fakeGateway(() => Response.json(answer));
    await client.generateImages(request);
    await client.generateImages(request);
    expect(seen.map((c) => c.headers.get(TIMESTAMP_HEADER))).toEqual([String(NOW), String(NOW)]);
    const nonces = new Set(seen.map((c) => c.headers.get(NONCE_HEADER)));
    const signatures = new Set(seen.map((c) => c.headers.get(SIGNATURE_HEADER)));
    expect([nonces.size, signatures.size]).toEqual([2, 2]);
  });

  test("passes upstream error codes through so the tenant can tell a refusal from an outage", async () => {
    const { client } = fakeGateway(() =>
      Response.json({ error: { code: "content_refused", message: "the prompt was refused" } }, { status: 422 }),
    );
    const err = await failure(client.generateImages(request));
    expect([err.code, err.status, err.message]).toEqual(["content_refused", 422, "the prompt was refused"]);
  });

  test("a rejected signature, a non-JSON 500 or an unexpected body become gateway_unavailable", async () => {
    const replies = [
      () =>
        Response.json(
          { error: { code: "unauthorized", message: "internal signature rejected: mismatch" } },
          { status: 401 },
        ),
      () => new Response("<html>oops</html>", { status: 500 }),
      () => Response.json({ images: "not a list" }),
    ];
    for (const reply of replies) {
      const { client } = fakeGateway(reply);
      const err = await failure(client.generateImages(request));
      expect([err.code, err.status]).toEqual(["gateway_unavailable", 502]);
      await server?.stop(true);
    }
  });

  test("a gateway that never answers within the timeout is gateway_unavailable", async () => {
    server = Bun.serve({ port: 0, fetch: () => new Promise<Response>(() => {}) });
    const client = createGatewayClient({
      baseUrl: `http://127.0.0.1:${server.port}`,
      secret: SECRET,
      timeoutMs: 150,
      clock: { now: () => NOW },
    });
    const err = await failure(client.generateImages(request));
    expect(err.code).toBe("gateway_unavailable");
    expect(err.message).toContain("did not answer");
  });

  test("fetchFile returns the bytes and reports a missing file", async () => {
    const { client } = fakeGateway((req) =>
      new URL(req.url).pathname === "/files/ok"
        ? new Response(new Uint8Array([1, 2, 3]))
        : new Response("no", { status: 404 }),
    );
    const base = `http://127.0.0.1:${server!.port}`;
    expect(await client.fetchFile(`${base}/files/ok`)).toEqual(new Uint8Array([1, 2, 3]));
    expect((await failure(client.fetchFile(`${base}/files/missing`))).code).toBe("gateway_unavailable");
  });
});

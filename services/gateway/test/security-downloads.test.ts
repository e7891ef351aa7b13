// Tenant-supplied URLs the gateway downloads (video frames): private networks refused unless allowed, every redirect re-checked, size and time capped.
import { afterEach, describe, expect, test } from "bun:test";
import { soraVideoBody } from "../src/providers/sora/video";
import { downloadTenantMedia } from "../src/providers/tenant-media";
import type { ProviderContext, TenantUrlAccess } from "../src/providers/types";
import { startTestGateway } from "./support/gateway";

const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]);
const servers: ReturnType<typeof Bun.serve>[] = [];
afterEach(() => {
  for (const s of servers.splice(0)) s.stop(true);
});

function frameServer() {
  const hits: string[] = [];
  const server = Bun.serve({
    port: 0,
    hostname: "127.0.0.1",
    fetch(req) {
      hits.push(new URL(req.url).pathname);
      return new Response(PNG, { headers: { "content-type": "image/png" } });
    },
  });
  servers.push(server);
  return { url: `http://127.0.0.1:${server.port}`, hits };
}

const ctx = (tenantUrls: TenantUrlAccess | undefined, fetchImpl: typeof fetch = fetch): ProviderContext => ({
  key: { id: null, secret: "" },
  fetch: fetchImpl,
  clock: { now: () => 0 },
  ...(tenantUrls ? { tenantUrls } : {}),
});
const video = (firstFrame: string) => ({
  model: "sora-2",
  prompt: "p",
  firstFrame,
  durationSeconds: 4,
  resolution: "720p",
  ratio: "16:9",
});
/** A fetch that records what it was asked for and answers from `routes`. */
function scriptedFetch(routes: Record<string, () => Response | Promise<Response>>) {
  const asked: string[] = [];
  const impl = (async (input: string | URL | Request) => {
    const url = String(input instanceof Request ? input.url : input);
    asked.push(url);
    const route = routes[url];
    if (!route) throw new TypeError(`unexpected fetch ${url}`);
    return route();
  }) as typeof fetch;
  return { impl, asked };
}
const publicDns = async () => ["93.184.216.34"];

describe("tenant frame downloads", () => {
  test("with the allowance on (as in tests) a 127.0.0.1 frame is fetched and sent as bytes", async () => {
    const frames = frameServer();
    const body = await soraVideoBody(video(`${frames.url}/first.png`), ctx({ allowPrivate: true }));
    expect(body.image).toBe(`data:image/png;base64,${Buffer.from(PNG).toString("base64")}`);
    expect(frames.hits).toEqual(["/first.png"]);
  });

  test("with the allowance off (the default) a loopback frame is refused with 400 and never requested", async () => {
    const frames = frameServer();
    for (const access of [undefined, { allowPrivate: false }]) {
      const err = await soraVideoBody(video(`${frames.url}/first.png`), ctx(access)).catch((e) => e);
      expect(err).toMatchObject({ code: "invalid_request", status: 400 });
      expect(String(err.message)).toContain("private or loopback");
    }
    expect(frames.hits).toEqual([]);
  });

  test("a public name that resolves to a private or metadata address is refused before any request", async () => {
    const fake = scriptedFetch({ "http://frames.example.com/a.png": () => new Response(PNG) });
    for (const address of ["10.0.0.7", "169.254.169.254", "::1", "fd12::3"]) {
      const err = await downloadTenantMedia(
        "http://frames.example.com/a.png",
        ctx({ allowPrivate: false, lookup: async () => ["93.184.216.34", address] }, fake.impl),
        "frame",
      ).catch((e) => e);
      expect(err).toMatchObject({ code: "invalid_request" });
    }
    expect(fake.asked).toEqual([]);
  });

  test("a redirect into the platform network is re-checked and refused", async () => {
    const fake = scriptedFetch({
      "http://frames.example.com/a.png": () =>
        new Response(null, { status: 302, headers: { location: "http://169.254.169.254/latest/meta-data/iam" } }),
    });
    const err = await downloadTenantMedia(
      "http://frames.example.com/a.png",
      ctx({ allowPrivate: false, lookup: publicDns }, fake.impl),
      "frame",
    ).catch((e) => e);
    expect(err).toMatchObject({ code: "invalid_request" });
    expect(String(err.message)).toContain("private or loopback");
    expect(fake.asked).toEqual(["http://frames.example.com/a.png"]);
  });

  test("a public redirect is followed and its bytes returned", async () => {
    const fake = scriptedFetch({
      "https://frames.example.com/a.png": () => new Response(null, { status: 301, headers: { location: "/b.png" } }),
      "https://frames.example.com/b.png": () => new Response(PNG, { headers: { "content-type": "image/png" } }),
    });
    const got = await downloadTenantMedia(
      "https://frames.example.com/a.png",
      ctx({ allowPrivate: false, lookup: publicDns }, fake.impl),
      "frame",
    );
    expect(Array.from(got.data)).toEqual(Array.from(PNG));
    expect(got.mimeType).toBe("image/png");
  });

  test("a body past the size cap is refused, with or without Content-Length", async () => {
    const big = () =>
      new Response(
        new ReadableStream({
          pull(c) {
            c.enqueue(new Uint8Array(64));
          },
        }),
      );
    const declared = () => new Response(new Uint8Array(10), { headers: { "content-length": "1000000" } });
    const fake = scriptedFetch({ "https://a.example.com/stream": big, "https://a.example.com/declared": declared });
    for (const url of ["https://a.example.com/stream", "https://a.example.com/declared"]) {
      const err = await downloadTenantMedia(
        url,
        ctx({ allowPrivate: false, lookup: publicDns, maxBytes: 1000 }, fake.impl),
        "frame",
      ).catch((e) => e);
      expect(err).toMatchObject({ code: "invalid_request" });
      expect(String(err.message)).toContain("larger than 1000 bytes");
    }
  });

  test("a frame host that never answers is cut off by the timeout", async () => {
    const hanging = (async (_: unknown, init?: RequestInit) =>
      new Promise<Response>((_, reject) =>
        init?.signal?.addEventListener("abort", () => reject(init.signal!.reason)),
      )) as typeof fetch;
    const err = await downloadTenantMedia(
      "https://slow.example.com/a.png",
      ctx({ allowPrivate: false, lookup: publicDns, timeoutMs: 20 }, hanging),
      "frame",
    ).catch((e) => e);
    expect(err).toMatchObject({ code: "invalid_request" });
    expect(String(err.message)).toContain("did not answer in time");
  });

  test("only http(s) is fetched, even with the allowance on", async () => {
    const fake = scriptedFetch({});
    for (const url of ["file:///etc/passwd", "ftp://example.com/a.png"]) {
      await expect(downloadTenantMedia(url, ctx({ allowPrivate: true }, fake.impl), "frame")).rejects.toMatchObject({
        code: "invalid_request",
      });
    }
    expect(fake.asked).toEqual([]);
  });
});

describe("the operator allowance reaches providers through the gateway config", () => {
  async function submitWithFrame(env: Record<string, string>) {
    const gw = await startTestGateway({ env });
    const frames = frameServer();
    const fetched: number[] = [];
    gw.deps.providers.register(
      {
        name: "framer",
        requiresKey: false,
        video: {
          async submit(input, ctx) {
            fetched.push((await downloadTenantMedia(input.firstFrame!, ctx, "frame")).data.byteLength);
            return { upstreamTaskId: "up-1" };
          },
          async poll() {
            return { status: "running" };
          },
        },
      },
      { models: ["framer-video"] },
    );
    try {
      const res = await gw.signedPost("/internal/v1/videos/generations", {
        tenantId: "t1",
        serverTaskId: "task_1",
        model: "framer-video",
        prompt: "p",
        durationSeconds: 2,
        resolution: "720p",
        ratio: "16:9",
        firstFrame: `${frames.url}/first.png`,
        storage: { mode: "PLATFORM" },
      });
      return { status: res.status, body: await res.text(), fetched, hits: frames.hits };
    } finally {
      await gw.stop();
    }
  }

  test("without ALLOW_PRIVATE_TENANT_URLS a loopback frame is refused and never requested", async () => {
    const got = await submitWithFrame({});
    expect(got.hits).toEqual([]);
    expect(got.fetched).toEqual([]);
    expect(got.status).toBe(400);
    expect(got.body).toContain("private or loopback");
  });

  test("with ALLOW_PRIVATE_TENANT_URLS=true the same frame is downloaded", async () => {
    const got = await submitWithFrame({ ALLOW_PRIVATE_TENANT_URLS: "true" });
    expect(got.status).toBeLessThan(300);
    expect(got.hits).toEqual(["/first.png"]);
    expect(got.fetched).toEqual([PNG.byteLength]);
  });
});

// A client-named `provider` on a billed call: only the model catalogue's provider is accepted, checked before any
// hold; anything else answers 400 with nothing written and the gateway never called.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import type { GatewayClient } from "../src/gateway-client/client";
import { type Stack, startStack } from "./support/stack";
import { stateSnapshot } from "./support/temp-db";

let stack: Stack;
let apiKey: string;
/** Every gateway call the server made: method name and the provider it named. */
const gatewayCalls: { method: string; provider: unknown }[] = [];

beforeAll(async () => {
  stack = await startStack({
    wrapGateway: (real) =>
      new Proxy(real, {
        get(target, name, receiver) {
          const value = Reflect.get(target, name, receiver);
          if (typeof value !== "function") return value;
          return (...args: unknown[]) => {
            const body = args.find((a) => typeof a === "object" && a !== null && "provider" in a) as
              | { provider?: unknown }
              | undefined;
            gatewayCalls.push({ method: String(name), provider: body?.provider });
            return value.apply(target, args);
          };
        },
      }) as GatewayClient,
  });
  apiKey = (await stack.createTenant(10_000)).apiKey;
  // The key's first use stamps last_used_at; done here so the snapshots below compare only what a call writes.
  await stack.app.request("/api/v1/me", { headers: { authorization: `Bearer ${apiKey}` } });
});
afterAll(async () => {
  await stack.stop();
});

const ROUTES: { path: string; body: Record<string, unknown>; ok: number }[] = [
  { path: "/images/generations", body: { model: "sandbox-image", prompt: "a fox" }, ok: 200 },
  {
    path: "/chat/completions",
    body: { model: "sandbox-chat", messages: [{ role: "user", content: "hi" }] },
    ok: 200,
  },
  {
    path: "/chat/completions",
    body: { model: "sandbox-chat", messages: [{ role: "user", content: "hi" }], stream: true },
    ok: 200,
  },
  { path: "/audio/speech", body: { model: "sandbox-tts", input: "hello", voice: "alloy" }, ok: 200 },
  {
    path: "/videos/generations",
    body: { model: "sandbox-video", prompt: "a fox", duration: 4, resolution: "720p" },
    ok: 202,
  },
];

const BAD_PROVIDERS = ["openai", "no-such-provider", "sandbox\u0000", "../../etc", "SANDBOX", "", "sandbox "];

function call(path: string, body: unknown) {
  return stack.app.request(`/api/v1${path}`, {
    method: "POST",
    headers: { authorization: `Bearer ${apiKey}`, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
}

const count = async (table: string) =>
  Number((await stack.db.$client.execute(`SELECT COUNT(*) AS n FROM ${table}`)).rows[0]!.n);

describe("provider named by the client", () => {
  test("any provider but the catalogue's is refused with 400 before a hold, a task or a gateway call", async () => {
    for (const route of ROUTES) {
      for (const provider of BAD_PROVIDERS) {
        const before = await stateSnapshot(stack.db);
        const tasksBefore = await count("tasks");
        const ledgerBefore = await count("credit_ledger");
        gatewayCalls.length = 0;
        const res = await call(route.path, { ...route.body, provider });
        const answer = (await res.json()) as { error?: { code: string } };
        expect({ path: route.path, provider, status: res.status, code: answer.error?.code }).toEqual({
          path: route.path,
          provider,
          status: 400,
          code: "invalid_request",
        });
        expect(await stateSnapshot(stack.db)).toBe(before);
        expect(await count("tasks")).toBe(tasksBefore);
        expect(await count("credit_ledger")).toBe(ledgerBefore);
        expect(gatewayCalls).toEqual([]);
      }
    }
  });

  test("the catalogue's own provider is accepted, and the gateway is told the catalogue's provider", async () => {
    for (const route of ROUTES) {
      for (const body of [route.body, { ...route.body, provider: "sandbox" }]) {
        gatewayCalls.length = 0;
        const res = await call(route.path, body);
        await res.arrayBuffer();
        expect({ path: route.path, status: res.status }).toEqual({ path: route.path, status: route.ok });
        expect(gatewayCalls.filter((c) => c.provider !== undefined).map((c) => c.provider)).toEqual(["sandbox"]);
      }
    }
  });
});

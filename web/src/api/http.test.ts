import { expect, test } from "bun:test";
import { z } from "zod";
import { ApiError } from "./api-error";
import { createHttp, queryString } from "./http";

type Seen = { url: string; method: string; auth: string | null; type: string | null; body: string | null };

function transport(answer: Response, prefix = "/admin/api") {
  const seen: Seen[] = [];
  let unauthorized = 0;
  const http = createHttp({
    baseUrl: "https://waule.example/",
    prefix,
    getToken: () => "tok-1",
    onUnauthorized: () => unauthorized++,
    fetch: (async (input: RequestInfo | URL, init?: RequestInit) => {
      const headers = new Headers(init?.headers);
      seen.push({
        url: String(input),
        method: init?.method ?? "GET",
        auth: headers.get("authorization"),
        type: headers.get("content-type"),
        body: init?.body === undefined ? null : String(init.body),
      });
      return answer.clone();
    }) as typeof fetch,
  });
  return { http, seen, unauthorized: () => unauthorized };
}

test("sends the token and a JSON body under the prefix, and checks the answer's shape", async () => {
  const { http, seen } = transport(Response.json({ ok: true }));
  expect(await http.patch(z.object({ ok: z.boolean() }), "/admins/a1", { role: "owner" })).toEqual({ ok: true });
  expect(await http.get(z.object({ ok: z.boolean() }), "/dashboard")).toEqual({ ok: true });
  expect(seen).toEqual([
    {
      url: "https://waule.example/admin/api/admins/a1",
      method: "PATCH",
      auth: "Bearer tok-1",
      type: "application/json",
      body: '{"role":"owner"}',
    },
    { url: "https://waule.example/admin/api/dashboard", method: "GET", auth: "Bearer tok-1", type: null, body: null },
  ]);
  const wrong = transport(Response.json({ ok: "yes" }));
  expect(((await wrong.http.get(z.object({ ok: z.boolean() }), "/x").catch((e: unknown) => e)) as ApiError).code).toBe(
    "unexpected_response",
  );
});

test("a refusal keeps its code, status and the rule it names; only a 401 reports the session as stale", async () => {
  const seats = transport(
    Response.json(
      { error: { code: "conflict", message: "seats full", details: { reason: "seats_full" } } },
      { status: 409 },
    ),
    "/api/v1",
  );
  const err = (await seats.http.post(z.unknown(), "/tenant/users", {}).catch((e: unknown) => e)) as ApiError;
  expect(err).toBeInstanceOf(ApiError);
  expect([err.code, err.status, err.reason, err.message]).toEqual(["conflict", 409, "seats_full", "seats full"]);
  expect(seats.unauthorized()).toBe(0);

  const stale = transport(Response.json({ error: { code: "unauthorized", message: "expired" } }, { status: 401 }));
  const expired = (await stale.http.get(z.unknown(), "/dashboard").catch((e: unknown) => e)) as ApiError;
  expect([expired.code, expired.reason]).toEqual(["unauthorized", undefined]);
  expect(stale.unauthorized()).toBe(1);
});

test("a query string keeps set values in order and drops empty ones", () => {
  expect(queryString({ page: 2, limit: 20, q: "", status: undefined, order: "asc", tenantId: null })).toBe(
    "?page=2&limit=20&order=asc",
  );
  expect(queryString({ q: undefined })).toBe("");
});

import { expect, test } from "bun:test";
import { queuedTask } from "../pages/tasks/queued-task";
import { ApiError } from "./api-error";
import { createApiClient } from "./client";

type Seen = { url: string; method: string; auth: string | null; body: unknown };

function client(answer: Response) {
  const seen: Seen[] = [];
  let unauthorized = 0;
  const { midjourney: api } = createApiClient({
    baseUrl: "https://waule.example/",
    getToken: () => "jwt-1",
    onUnauthorized: () => unauthorized++,
    fetch: (async (input: RequestInfo | URL, init?: RequestInit) => {
      seen.push({
        url: String(input),
        method: init?.method ?? "GET",
        auth: new Headers(init?.headers).get("authorization"),
        body: JSON.parse(String(init?.body)),
      });
      return answer.clone();
    }) as typeof fetch,
  });
  return { api, seen, unauthorized: () => unauthorized };
}

const accepted = { id: "task_1", object: "task", type: "midjourney", status: "queued", created_at: 1_700_000_000 };

test("imagine and action post the documented bodies with the session's token and answer the new task", async () => {
  const { api, seen } = client(Response.json(accepted, { status: 202 }));
  expect(await api.imagine({ model: "midjourney", prompt: "a fox", reference_images: [] })).toEqual(accepted as never);
  expect(await api.action({ task_id: "task_0", custom_id: "MJ::JOB::upsample::1::h" })).toEqual(accepted as never);
  expect(seen).toEqual([
    {
      url: "https://waule.example/api/v1/midjourney/imagine",
      method: "POST",
      auth: "Bearer jwt-1",
      body: { model: "midjourney", prompt: "a fox", reference_images: [] },
    },
    {
      url: "https://waule.example/api/v1/midjourney/action",
      method: "POST",
      auth: "Bearer jwt-1",
      body: { task_id: "task_0", custom_id: "MJ::JOB::upsample::1::h" },
    },
  ]);
});

test("an API error keeps its code; a 401 also drops the session", async () => {
  const { api, unauthorized } = client(
    Response.json({ error: { code: "insufficient_credits", message: "balance 10 < 40" } }, { status: 402 }),
  );
  const err = await api.imagine({ model: "midjourney", prompt: "a fox" }).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(ApiError);
  expect([(err as ApiError).code, (err as ApiError).status]).toEqual(["insufficient_credits", 402]);
  expect(unauthorized()).toBe(0);
  const expired = client(Response.json({ error: { code: "unauthorized", message: "expired" } }, { status: 401 }));
  await expired.api.action({ task_id: "t", custom_id: "c" }).catch(() => undefined);
  expect(expired.unauthorized()).toBe(1);
});

test("an answer of another shape is an unexpected_response, and an accepted job shows as a queued task", async () => {
  const { api } = client(Response.json({ id: "x" }, { status: 202 }));
  expect(((await api.imagine({ model: "m", prompt: "p" }).catch((e: unknown) => e)) as ApiError).code).toBe(
    "unexpected_response",
  );
  expect(queuedTask(accepted as never, "midjourney", "midjourney")).toMatchObject({
    id: "task_1",
    type: "midjourney",
    model: "midjourney",
    status: "queued",
    progress: 0,
    result: null,
  });
});

import { expect, test } from "bun:test";
import { eventTypeFor, isTerminalStatus, taskListQuery, webhookPayload } from "./tasks";

test("list query coerces paging and refuses unknown statuses", () => {
  expect(taskListQuery.parse({ page: "2", status: "running" })).toMatchObject({
    page: 2,
    limit: 20,
    status: "running",
  });
  expect(taskListQuery.safeParse({ status: "done" }).success).toBe(false);
});

test("terminal statuses and event names", () => {
  expect(isTerminalStatus("running")).toBe(false);
  expect(isTerminalStatus("canceled")).toBe(true);
  expect(eventTypeFor({ status: "running" }, true)).toBe("task.progress");
  expect(eventTypeFor({ status: "failed" })).toBe("task.failed");
});

test("a webhook payload carries the finished task", () => {
  const t = {
    id: "t1",
    object: "task",
    type: "video",
    model: "m",
    status: "succeeded",
    progress: 100,
    result: { urls: ["https://x/v.webm"] },
    error: null,
    credits: 10,
    created_at: 1,
    updated_at: 2,
    finished_at: 2,
  };
  expect(
    webhookPayload.parse({ id: "evt_1", object: "event", type: "task.succeeded", created_at: 2, data: t }).data.result
      ?.urls,
  ).toEqual(["https://x/v.webm"]);
  expect(
    webhookPayload.safeParse({ id: "evt_1", object: "event", type: "task.running", created_at: 2, data: t }).success,
  ).toBe(false);
});

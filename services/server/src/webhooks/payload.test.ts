import { expect, test } from "bun:test";
import type { Task } from "@waule/shared/tasks";
import { webhookPayloadFor } from "./payload";

const task: Task = {
  id: "t1",
  object: "task",
  type: "video",
  model: "m",
  status: "failed",
  progress: 40,
  result: null,
  error: { code: "upstream_timeout", message: "slow" },
  credits: 0,
  created_at: 1,
  updated_at: 9,
  finished_at: 9,
};

test("announces a finished task under its terminal event type", () => {
  expect(webhookPayloadFor(task, "evt_t1", 9.7)).toEqual({
    id: "evt_t1",
    object: "event",
    type: "task.failed",
    created_at: 9,
    data: task,
  });
});

test("refuses to announce a task that is still running", () => {
  expect(() => webhookPayloadFor({ ...task, status: "running" }, "evt_t1", 9)).toThrow("only finished tasks");
});

import { describe, expect, test } from "bun:test";
import { taskDeadlineAt } from "./deadline";

const config = { VIDEO_TASK_DEADLINE_SECONDS: 1800 };

describe("taskDeadlineAt", () => {
  test("uses the model's pricing.deadlineSeconds", () => {
    expect(taskDeadlineAt({ pricing: { deadlineSeconds: 90, "720p": 1 } }, config, 1_000).getTime()).toBe(91_000);
  });
  test("falls back to the configured default without one, or with a nonsense value", () => {
    expect(taskDeadlineAt({ pricing: null }, config, 0).getTime()).toBe(1_800_000);
    expect(taskDeadlineAt({ pricing: { deadlineSeconds: 0 } }, config, 0).getTime()).toBe(1_800_000);
    expect(taskDeadlineAt({ pricing: { deadlineSeconds: -5 } }, config, 0).getTime()).toBe(1_800_000);
  });
});

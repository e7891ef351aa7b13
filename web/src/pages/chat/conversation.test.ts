import { expect, test } from "bun:test";
import { messagesForRequest, type Turn } from "./conversation";

test("sends finished and stopped turns in order, leaving out empty and failed answers", () => {
  const turns: Turn[] = [
    { role: "user", content: "hi", state: "done" },
    { role: "assistant", content: "Hel", state: "stopped" },
    { role: "user", content: "again", state: "done" },
    { role: "assistant", content: "partial", state: "failed" },
    { role: "user", content: "third", state: "done" },
    { role: "assistant", content: "", state: "streaming" },
  ];
  expect(messagesForRequest(turns)).toEqual([
    { role: "user", content: "hi" },
    { role: "assistant", content: "Hel" },
    { role: "user", content: "again" },
    { role: "user", content: "third" },
  ]);
});

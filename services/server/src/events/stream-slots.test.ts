import { describe, expect, test } from "bun:test";
import { createStreamSlots } from "./stream-slots";

describe("stream slots", () => {
  test("a tenant holds at most max streams; a release frees one, once, and other tenants are unaffected", () => {
    const slots = createStreamSlots(2);
    const a1 = slots.acquire("a");
    const a2 = slots.acquire("a");
    expect(a1 && a2).toBeTruthy();
    expect(slots.acquire("a")).toBeNull();
    expect(slots.acquire("b")).not.toBeNull();
    a1!();
    a1!();
    expect(slots.open("a")).toBe(1);
    expect(slots.acquire("a")).not.toBeNull();
    expect(slots.acquire("a")).toBeNull();
  });

  test("0 turns the cap off", () => {
    const slots = createStreamSlots(0);
    for (let i = 0; i < 1000; i++) expect(slots.acquire("a")).not.toBeNull();
    expect(slots.open("a")).toBe(1000);
  });
});

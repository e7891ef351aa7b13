import { expect, test } from "bun:test";
import { generateCode, hashCode, normalizeCode, prefixOf } from "./codes";

test("a generated code normalizes back to its 16 characters, however it is typed", () => {
  const code = generateCode();
  expect(code).toMatch(/^WR-[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}$/);
  const body = normalizeCode(code);
  expect(body).toHaveLength(16);
  expect(normalizeCode(code.toLowerCase().replaceAll("-", " "))).toBe(body);
  expect(normalizeCode(code.slice(3))).toBe(body);
  expect(prefixOf(body!)).toBe(code.slice(0, 7));
  expect(hashCode(body!)).toMatch(/^[0-9a-f]{64}$/);
});

test("codes with letters outside the alphabet or the wrong length are not codes", () => {
  expect(normalizeCode("WR-IIII-0000-0000-0000")).toBeNull();
  expect(normalizeCode("WR-0000-0000-0000")).toBeNull();
  expect(normalizeCode("")).toBeNull();
});

test("every byte value maps into the alphabet (no bias toward the first letters)", () => {
  const counts = new Map<string, number>();
  const bytes = Uint8Array.from({ length: 16 }, (_, i) => i * 16);
  for (let shift = 0; shift < 16; shift++) {
    const code = generateCode(() => bytes.map((b) => (b + shift) % 256));
    for (const ch of code.slice(3).replaceAll("-", "")) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  }
  expect(counts.size).toBe(32);
  expect(new Set(counts.values())).toEqual(new Set([8]));
});

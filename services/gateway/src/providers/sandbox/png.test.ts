import { describe, expect, test } from "bun:test";
import { crc32 as zlibCrc32 } from "node:zlib";
import { parsePng } from "../../../test/support/png";
import { crc32, encodePng } from "./png";

describe("png encoder", () => {
  test("crc32 matches zlib's on the standard check value and on random data", () => {
    expect(crc32(new TextEncoder().encode("123456789"))).toBe(0xcbf43926);
    const data = new Uint8Array(1000).map((_, i) => (i * 7919) & 0xff);
    expect(crc32(data)).toBe(zlibCrc32(data));
  });

  test("encodes the exact pixels given, one filter-0 scanline per row", () => {
    const rgb = new Uint8Array([255, 0, 0, 0, 255, 0, 0, 0, 255, 9, 8, 7, 1, 2, 3, 4, 5, 6]); // 3×2
    const png = parsePng(encodePng(3, 2, rgb));
    expect([png.width, png.height, png.bitDepth, png.colourType]).toEqual([3, 2, 8, 2]);
    expect(png.chunks).toEqual(["IHDR", "IDAT", "IEND"]);
    expect([...png.raw]).toEqual([0, ...rgb.subarray(0, 9), 0, ...rgb.subarray(9)]);
  });

  test("refuses a pixel buffer of the wrong size", () => {
    expect(() => encodePng(2, 2, new Uint8Array(11))).toThrow(/expected 12/);
  });
});

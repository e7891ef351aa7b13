import { expect, test } from "bun:test";
import { createLinePrefixer } from "./line-prefixer";

test("prefixes whole lines and holds a partial line until it is completed", () => {
  const p = createLinePrefixer("[server]");
  expect(p.push("listening on 3000\nfirst ha")).toEqual(["[server] listening on 3000"]);
  expect(p.push("lf\r\nsecond\n")).toEqual(["[server] first half", "[server] second"]);
  expect(p.push("tail without newline")).toEqual([]);
  expect(p.flush()).toEqual(["[server] tail without newline"]);
  expect(p.flush()).toEqual([]);
});

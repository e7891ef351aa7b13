import { expect, test } from "bun:test";
import { readBodyCapped } from "./capped-body";

test("reads a body within the cap and stops an endless one just past it", async () => {
  expect(Array.from((await readBodyCapped(new Response(new Uint8Array([1, 2, 3])), 3))!)).toEqual([1, 2, 3]);
  let pulled = 0;
  const endless = new Response(
    new ReadableStream({
      pull(c) {
        pulled++;
        c.enqueue(new Uint8Array(100));
      },
    }),
  );
  expect(await readBodyCapped(endless, 1_000)).toBeNull();
  expect(pulled).toBeLessThan(20);
  expect(await readBodyCapped(new Response("x", { headers: { "content-length": "5000" } }), 1_000)).toBeNull();
});

import { expect, test } from "bun:test";
import { blobToDataUrl, ReferenceImageError, referenceAsDataUrl } from "./reference-image";

const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);
const problemOf = (p: Promise<unknown>) =>
  p.then(
    () => "no problem",
    (e: unknown) => (e instanceof ReferenceImageError ? e.problem : String(e)),
  );

test("an image blob becomes a data: URL with its exact bytes", async () => {
  const url = await blobToDataUrl(new Blob([png], { type: "image/png" }));
  expect(url).toBe(`data:image/png;base64,${Buffer.from(png).toString("base64")}`);
});

test("other types and oversized images are refused before reading", async () => {
  expect(await problemOf(blobToDataUrl(new Blob(["<svg/>"], { type: "image/svg+xml" })))).toBe("mj.referenceType");
  expect(await problemOf(blobToDataUrl(new Blob([new Uint8Array(10 * 1024 * 1024 + 1)], { type: "image/jpeg" })))).toBe(
    "mj.referenceTooLarge",
  );
});

test("a URL is downloaded and inlined; empty means none; a data: URL passes as is", async () => {
  const asked: string[] = [];
  const fetchImage = async (url: string) => {
    asked.push(url);
    return new Response(png, { headers: { "content-type": "image/png" } });
  };
  expect(await referenceAsDataUrl(" https://img.example/fox.png ", fetchImage)).toBe(
    `data:image/png;base64,${Buffer.from(png).toString("base64")}`,
  );
  expect(asked).toEqual(["https://img.example/fox.png"]);
  expect(await referenceAsDataUrl("", fetchImage)).toBeNull();
  expect(await referenceAsDataUrl("data:image/webp;base64,AAAA", fetchImage)).toBe("data:image/webp;base64,AAAA");
  expect(asked).toHaveLength(1);
});

test("an unreachable, failing or non-http reference is reported, never sent", async () => {
  expect(
    await problemOf(
      referenceAsDataUrl("https://img.example/x.png", async () => {
        throw new TypeError("CORS");
      }),
    ),
  ).toBe("mj.referenceUnreachable");
  expect(
    await problemOf(referenceAsDataUrl("https://img.example/x.png", async () => new Response("no", { status: 404 }))),
  ).toBe("mj.referenceUnreachable");
  expect(await problemOf(referenceAsDataUrl("ftp://img.example/x.png"))).toBe("mj.referenceUnreachable");
});

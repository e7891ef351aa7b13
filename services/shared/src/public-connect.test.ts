import { describe, expect, test } from "bun:test";
import type { LookupAddress } from "node:dns";
import { PRIVATE_ADDRESS, publicOnlyLookup } from "./public-connect";

function ask(lookup: ReturnType<typeof publicOnlyLookup>, host: string, all: boolean) {
  return new Promise<{ err: NodeJS.ErrnoException | null; result: unknown }>((done) => {
    lookup(host, { all }, (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) =>
      done({ err, result: all ? address : { address, family } }),
    );
  });
}

describe("publicOnlyLookup", () => {
  test("hands the socket exactly the addresses it resolved and judged, with one lookup per connect", async () => {
    let lookups = 0;
    const lookup = publicOnlyLookup(async () => {
      lookups++;
      return ["93.184.216.34", "2606:2800:220:1::1"];
    });
    expect(await ask(lookup, "s3.example.com", true)).toEqual({
      err: null,
      result: [
        { address: "93.184.216.34", family: 4 },
        { address: "2606:2800:220:1::1", family: 6 },
      ],
    });
    expect(await ask(lookup, "s3.example.com", false)).toEqual({
      err: null,
      result: { address: "93.184.216.34", family: 4 },
    });
    expect(lookups).toBe(2);
  });

  test("refuses the connect when any address is private, special or none resolves", async () => {
    for (const answer of [["93.184.216.34", "10.0.0.5"], ["::7f00:1"], ["198.18.0.1"], []]) {
      const { err } = await ask(
        publicOnlyLookup(async () => answer),
        "s3.example.com",
        true,
      );
      expect([answer, err?.code]).toEqual([answer, PRIVATE_ADDRESS]);
    }
    const { err } = await ask(
      publicOnlyLookup(async () => {
        throw Object.assign(new Error("nope"), { code: "ENOTFOUND" });
      }),
      "nowhere.example.com",
      true,
    );
    expect(err?.code).toBe("ENOTFOUND");
  });
});

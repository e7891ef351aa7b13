import { describe, expect, test } from "bun:test";
import { networkInterfaces } from "node:os";
import { assertResolvesPublic, assertTenantUrl, isPrivateAddress, isPrivateHost, ownAddresses } from "./url-policy";

describe("tenant URL policy", () => {
  test("recognises loopback, private, link-local, metadata and internal names", () => {
    for (const host of [
      "localhost",
      "127.0.0.1",
      "0.0.0.0",
      "10.1.2.3",
      "172.16.0.1",
      "172.31.255.255",
      "192.168.1.1",
      "169.254.169.254",
      "[::1]",
      "fd00::1",
      "fc00::2",
      "fe80::1",
      "db.internal",
      "metadata.google.internal",
      "[::ffff:127.0.0.1]",
      "100.64.0.1",
    ]) {
      expect([host, isPrivateHost(host)]).toEqual([host, true]);
    }
    for (const host of ["hooks.example.com", "8.8.8.8", "172.32.0.1", "[2606:4700::1111]", "[::ffff:8.8.8.8]"])
      expect([host, isPrivateHost(host)]).toEqual([host, false]);
    expect(isPrivateAddress("::ffff:10.0.0.1")).toBe(true);
  });

  test("only public unicast passes: special, reserved, multicast and tunnelled forms of loopback are refused", () => {
    const none = new Set<string>();
    for (const address of [
      "198.18.0.1", // benchmarking
      "198.19.255.254",
      "240.0.0.1", // reserved
      "255.255.255.255", // broadcast
      "224.0.0.1", // multicast
      "239.255.255.250",
      "192.0.0.8",
      "192.0.2.1", // documentation
      "203.0.113.7",
      "::7f00:1", // IPv4-compatible loopback
      "::a00:1",
      "64:ff9b::7f00:1", // NAT64 of loopback
      "64:ff9b:1::1",
      "::ffff:7f00:1",
      "2002:7f00:1::", // 6to4
      "2001::1", // Teredo
      "2001:db8::1",
      "ff02::1",
      "fec0::1",
      "100::1",
      "fe80::1%eth0",
    ]) {
      expect([address, isPrivateAddress(address, none)]).toEqual([address, true]);
      expect([address, isPrivateHost(address.includes(":") ? `[${address}]` : address)]).toEqual([address, true]);
    }
    for (const address of ["8.8.8.8", "1.1.1.1", "93.184.216.34", "2606:4700::1111", "::ffff:8.8.8.8"])
      expect([address, isPrivateAddress(address, none)]).toEqual([address, false]);
  });

  test("this machine's own interface addresses are refused, whatever their range", async () => {
    // A public unicast address, refused only because it is one of ours.
    expect(isPrivateAddress("8.8.4.4", new Set())).toBe(false);
    expect(isPrivateAddress("8.8.4.4", new Set(["8.8.4.4"]))).toBe(true);
    expect(isPrivateAddress("[2606:4700:0::1111]", new Set(["2606:4700:0:0:0:0:0:1111"]))).toBe(true);
    expect(isPrivateAddress("::ffff:8.8.4.4", new Set(["8.8.4.4"]))).toBe(true);
    // And the real interfaces of the machine the test runs on, by default.
    const real = Object.values(networkInterfaces()).flatMap((list) => (list ?? []).map((entry) => entry.address));
    expect(real.length).toBeGreaterThan(0);
    for (const address of real) expect([address, isPrivateAddress(address)]).toEqual([address, true]);
    expect(ownAddresses().size).toBeGreaterThan(0);
    await expect(
      assertResolvesPublic("https://self.example.com/x", async () => ["8.8.8.8", ...real], "url"),
    ).rejects.toThrow("private or loopback");
  });

  test("only http(s) passes; private hosts only when allowed", () => {
    const strict = { allowPrivate: false };
    expect(() => assertTenantUrl("https://cdn.example.com/a.png", strict, "x")).not.toThrow();
    for (const url of [
      "file:///etc/passwd",
      "gopher://example.com/",
      "javascript:alert(1)",
      "ftp://example.com/a",
      "not a url",
    ]) {
      expect(() => assertTenantUrl(url, { allowPrivate: true }, "x")).toThrow();
    }
    expect(() => assertTenantUrl("http://169.254.169.254/latest/meta-data", strict, "frame")).toThrow(
      "frame may not point at a private or loopback address",
    );
    expect(() => assertTenantUrl("http://[::1]:8080/", strict, "x")).toThrow("private");
    expect(() => assertTenantUrl("http://169.254.169.254/latest/meta-data", { allowPrivate: true }, "x")).not.toThrow();
  });

  test("data: URLs only for images, only image types, and only up to the cap", () => {
    const png = "data:image/png;base64,iVBORw0KGgo=";
    expect(() => assertTenantUrl(png, { allowPrivate: false }, "callback_url")).toThrow("must be an http(s) URL");
    expect(() => assertTenantUrl(png, { allowPrivate: false, allowDataImage: true }, "x")).not.toThrow();
    expect(() =>
      assertTenantUrl("data:text/html;base64,PGgxPg==", { allowPrivate: false, allowDataImage: true }, "x"),
    ).toThrow("data:image");
    expect(() =>
      assertTenantUrl(png + "A".repeat(100), { allowPrivate: false, allowDataImage: true, maxDataChars: 50 }, "x"),
    ).toThrow("larger than 50");
  });

  test("a name is judged by every address it resolves to; literal hosts need no lookup; an unresolvable name is refused", async () => {
    const asked: string[] = [];
    const dns = (answers: Record<string, string[]>) => async (host: string) => {
      asked.push(host);
      if (!answers[host]) throw new Error("ENOTFOUND");
      return answers[host]!;
    };
    const lookup = dns({
      "hooks.example.com": ["93.184.216.34"],
      "sneaky.example.com": ["93.184.216.34", "10.1.2.3"],
      "v6.example.com": ["::ffff:127.0.0.1"],
    });
    await assertResolvesPublic("https://hooks.example.com/x", lookup, "url");
    await expect(assertResolvesPublic("https://sneaky.example.com/x", lookup, "url")).rejects.toThrow(
      "private or loopback",
    );
    await expect(assertResolvesPublic("https://v6.example.com/x", lookup, "url")).rejects.toThrow(
      "private or loopback",
    );
    await expect(assertResolvesPublic("https://nowhere.example.com/x", lookup, "url")).rejects.toThrow(
      "could not be resolved",
    );
    await assertResolvesPublic("https://8.8.8.8/x", lookup, "url");
    await expect(assertResolvesPublic("http://169.254.169.254/x", lookup, "url")).rejects.toThrow("private");
    expect(asked).toEqual(["hooks.example.com", "sneaky.example.com", "v6.example.com", "nowhere.example.com"]);
  });
});

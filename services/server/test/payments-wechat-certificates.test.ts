// WeChat Pay without a pasted platform public key: the platform certificates come from GET /v3/certificates (decrypted
// with the APIv3 key, the download checked with the certificate it carries), are kept, and are fetched again when a
// notify names a rotated-in serial; a download that does not decrypt or verify is not believed.
import { afterEach, beforeEach, expect, test } from "bun:test";
import { randomBytes } from "node:crypto";
import { type FakeWechat, startFakeWechat, strangerWechatKey, wechatSettingsFor } from "./fakes/wechat";
import { type CommerceStack, commerceStack, PUBLIC_BASE } from "./support/commerce";
import { balanceAndLedgerSum } from "./support/temp-db";

let s: CommerceStack;
let wechat: FakeWechat;
beforeEach(async () => {
  wechat = startFakeWechat();
  s = await commerceStack();
  await s.configure({
    payments: { publicBaseUrl: PUBLIC_BASE },
    wechat: wechatSettingsFor(wechat, "downloaded"),
  });
});
afterEach(async () => {
  await s.stack.stop();
  await wechat.close();
});

async function order() {
  const pkg = await s.addPackage({ currency: "CNY", price: 4900, credits: 5000, bonusCredits: 0 });
  return s.api("POST", "/orders", { package_id: pkg.id, provider: "wechat" });
}

test("the certificates are downloaded once and verify the order answer, the query and the notify", async () => {
  const created = await order();
  expect(created.status).toBe(201);
  expect(created.body.qr_code).toStartWith("weixin://wxpay/bizpayurl?pr=");
  expect(wechat.certificateDownloads).toBe(1);
  expect((await s.api("GET", `/orders/${created.body.id}?refresh=true`)).body.status).toBe("created");
  wechat.pay(created.body.id);
  const n = wechat.notify(created.body.id);
  expect((await s.notify("wechat", n.body, n.headers)).status).toBe(204);
  expect(await s.balance()).toBe(5000);
  expect(wechat.certificateDownloads).toBe(1);
  expect(wechat.badSignatures).toBe(0);
  expect(await balanceAndLedgerSum(s.stack.db, s.tenant.tenant.id)).toEqual({ balance: 5000, ledgerSum: 5000 });
});

test("a notify signed with a rotated-in certificate fetches the certificates again and is credited", async () => {
  const created = await order();
  expect(wechat.certificateDownloads).toBe(1);
  const { serial } = wechat.rotatePlatformKey();
  wechat.pay(created.body.id);
  const n = wechat.notify(created.body.id);
  expect(n.headers["wechatpay-serial"]).toBe(serial);
  // The cache is fresh: a new serial is looked for at most once a minute, so age it past that.
  const realNow = Date.now;
  Date.now = () => realNow() + 61_000;
  try {
    expect((await s.notify("wechat", n.body, n.headers)).status).toBe(204);
  } finally {
    Date.now = realNow;
  }
  expect(wechat.certificateDownloads).toBe(2);
  expect(await s.balance()).toBe(5000);
});

test("certificates not encrypted with our APIv3 key are not believed: the order fails and nothing is credited", async () => {
  wechat.certificatesEncryptedWith = randomBytes(16).toString("hex");
  const created = await order();
  expect(created.status).toBeGreaterThanOrEqual(500);
  expect(created.body.error.code).toBe("upstream_unavailable");
  expect(created.body.error.message).toContain("APIv3 key");
  const rows = await s.stack.db.$client.execute("SELECT status, failure FROM orders");
  expect(rows.rows.map((r) => r.status)).toEqual(["failed"]);
  expect(await s.balance()).toBe(0);
});

test("a certificate download not signed by a certificate it carries is not believed", async () => {
  wechat.answersSignedWith = strangerWechatKey();
  const created = await order();
  expect(created.status).toBeGreaterThanOrEqual(500);
  expect(created.body.error.message).toContain("not signed by a certificate it carries");
  expect(await s.balance()).toBe(0);
});

test("a forged notify under certificate mode is refused: unknown serial, or the right serial signed by another key", async () => {
  const created = await order();
  wechat.pay(created.body.id);
  const forged = wechat.notify(created.body.id, { signWith: strangerWechatKey() });
  expect((await s.notify("wechat", forged.body, forged.headers)).status).toBe(400);
  const renamed = wechat.notify(created.body.id);
  renamed.headers["wechatpay-serial"] = "7ABCDEF0123456789";
  expect((await s.notify("wechat", renamed.body, renamed.headers)).status).toBe(400);
  expect(await s.balance()).toBe(0);
  expect((await s.notifyLog()).map((l) => l.outcome)).toEqual(["refused", "refused"]);
});

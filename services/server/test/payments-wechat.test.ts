// WeChat Pay v3 Native against a local fake: signed requests, platform-signed answers, encrypted notifies, order query.
import { afterEach, beforeEach, expect, test } from "bun:test";
import { randomBytes } from "node:crypto";
import { sweepOrders } from "../src/orders";
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
    wechat: wechatSettingsFor(wechat),
  });
});
afterEach(async () => {
  await s.stack.stop();
  await wechat.close();
});

async function order() {
  const pkg = await s.addPackage({ currency: "CNY", price: 4900, credits: 5000, bonusCredits: 0 });
  const r = await s.api("POST", "/orders", { package_id: pkg.id, provider: "wechat" });
  expect(r.status).toBe(201);
  return r.body;
}

test("Native pay: the signed order reaches WeChat with the amount in fen and the code_url comes back as QR content", async () => {
  const o = await order();
  expect(wechat.badSignatures).toBe(0);
  expect(wechat.trades.get(o.id)).toMatchObject({
    total: 4900,
    currency: "CNY",
    notifyUrl: `${PUBLIC_BASE}/payments/wechat/notify`,
  });
  expect(o.qr_code).toStartWith("weixin://wxpay/bizpayurl?pr=");
  expect(o.pay_url).toBeNull();
});

test("a platform-signed, decryptable TRADE success notify credits once and is answered 204", async () => {
  const o = await order();
  wechat.pay(o.id);
  const n = wechat.notify(o.id);
  expect((await s.notify("wechat", n.body, n.headers)).status).toBe(204);
  expect(await s.balance()).toBe(5000);
  expect(await s.purchaseRows()).toEqual([{ amount: 5000, orderId: o.id, balanceAfter: 5000 }]);
  const sums = await balanceAndLedgerSum(s.stack.db, s.tenant.tenant.id);
  expect(sums.balance).toBe(sums.ledgerSum);
});

test("parallel duplicate notifies credit exactly once", async () => {
  const o = await order();
  wechat.pay(o.id);
  const same = wechat.notify(o.id);
  const all = Array.from({ length: 16 }, (_, i) => (i % 2 ? same : wechat.notify(o.id)));
  const answers = await Promise.all(all.map((n) => s.notify("wechat", n.body, n.headers)));
  expect(answers.every((a) => a.status === 204)).toBe(true);
  expect(await s.balance()).toBe(5000);
  expect((await s.purchaseRows()).length).toBe(1);
});

test("forged, replayed, undecryptable, wrong-merchant, wrong-amount and wrong-currency notifies are refused and logged", async () => {
  const o = await order();
  const bad = [
    wechat.notify(o.id, { signWith: strangerWechatKey() }),
    wechat.notify(o.id, { timestampSeconds: Math.floor(Date.now() / 1000) - 3600 }),
    wechat.notify(o.id, { apiV3Key: randomBytes(16).toString("hex") }),
    wechat.notify(o.id, { transaction: { mchid: "1900000000" } }),
    wechat.notify(o.id, { transaction: { amount: { total: 1, currency: "CNY" } } }),
    wechat.notify(o.id, { transaction: { amount: { total: 4900, currency: "USD" } } }),
  ];
  for (const n of bad) {
    const r = await s.notify("wechat", n.body, n.headers);
    expect(r.status).toBe(400);
    expect(JSON.parse(r.text).code).toBe("FAIL");
  }
  const tampered = wechat.notify(o.id);
  const r = await s.notify("wechat", tampered.body.replace('"summary":"支付成功"', '"summary":"x"'), tampered.headers);
  expect(r.status).toBe(400);
  expect(await s.balance()).toBe(0);
  const reasons = (await s.notifyLog()).map((l) => `${l.outcome}: ${l.reason}`);
  expect(reasons.length).toBe(7);
  expect(reasons.every((x) => x.startsWith("refused"))).toBe(true);
  expect(reasons[1]).toContain("replay window");
  expect(reasons[2]).toContain("does not decrypt");
  expect(reasons[4]).toContain("amount 1 does not match");
  expect(reasons[5]).toContain("currency USD does not match");
});

test("the order query reconciles a paid order whose notify never came; the sweep does it by itself", async () => {
  const o = await order();
  expect((await s.api("GET", `/orders/${o.id}?refresh=true`)).body.status).toBe("created");
  wechat.pay(o.id);
  // Make the order a minute old, so the sweep asks about it.
  await s.stack.db.$client.execute({
    sql: "UPDATE orders SET created_at = ?, checked_at = NULL WHERE id = ?",
    args: [Date.now() - 120_000, o.id],
  });
  expect(await sweepOrders(s.stack.deps)).toMatchObject({ checked: 1, credited: 1, expired: 0 });
  expect((await s.api("GET", `/orders/${o.id}`)).body.status).toBe("credited");
  expect(await s.balance()).toBe(5000);
});

test("an unpaid order past its time is closed (POST …/close, 204), then expired; unknown or closed already is fine", async () => {
  const a = await order();
  const b = await order();
  wechat.trades.delete(b.id);
  const c = await order();
  const cTrade = wechat.trades.get(c.id);
  if (cTrade) cTrade.state = "CLOSED";
  for (const o of [a, b, c]) await s.pastDue(o.id);
  expect(await sweepOrders(s.stack.deps)).toMatchObject({ checked: 3, closed: 3, expired: 3, credited: 0, errors: 0 });
  expect(wechat.closes.sort()).toEqual([a.id, b.id, c.id].sort());
  expect(wechat.trades.get(a.id)?.state).toBe("CLOSED");
  expect(wechat.badSignatures).toBe(0);
  for (const o of [a, b, c]) expect(await s.orderStatus(o.id)).toBe("expired");
  expect(await s.purchaseRows()).toEqual([]);
});

test("an order WeChat says was paid (ORDERPAID) is credited once by the close instead of expired, even with two sweepers", async () => {
  const o = await order();
  wechat.pay(o.id);
  await s.pastDue(o.id);
  const reports = await Promise.all([sweepOrders(s.stack.deps), sweepOrders(s.stack.deps)]);
  expect(reports.reduce((n, r) => n + r.credited, 0)).toBe(1);
  expect(reports.reduce((n, r) => n + r.expired, 0)).toBe(0);
  expect(await s.orderStatus(o.id)).toBe("credited");
  expect(await s.purchaseRows()).toEqual([{ amount: 5000, orderId: o.id, balanceAfter: 5000 }]);
  expect(await balanceAndLedgerSum(s.stack.db, s.tenant.tenant.id)).toEqual({ balance: 5000, ledgerSum: 5000 });
});

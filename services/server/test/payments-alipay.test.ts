// Alipay through the official alipay-sdk against a local gateway fake: QR and page pay, RSA2 notifies, trade query.
import { afterEach, beforeEach, expect, test } from "bun:test";
import { createVerify } from "node:crypto";
import { sweepOrders } from "../src/orders";
import { type FakeAlipay, startFakeAlipay, strangerKey } from "./fakes/alipay";
import { type CommerceStack, commerceStack, PUBLIC_BASE } from "./support/commerce";
import { balanceAndLedgerSum } from "./support/temp-db";

let s: CommerceStack;
let alipay: FakeAlipay;
beforeEach(async () => {
  alipay = startFakeAlipay();
  s = await commerceStack();
  await s.configure({
    payments: { publicBaseUrl: PUBLIC_BASE },
    alipay: {
      enabled: true,
      appId: alipay.appId,
      privateKey: alipay.appPrivateKey,
      alipayPublicKey: alipay.alipayPublicKey,
      gateway: alipay.gateway,
    },
  });
});
afterEach(async () => {
  await s.stack.stop();
  await alipay.close();
});

async function order(price = 1999) {
  const pkg = await s.addPackage({ currency: "CNY", price, credits: 2000, bonusCredits: 200 });
  const r = await s.api("POST", "/orders", { package_id: pkg.id, provider: "alipay" });
  expect(r.status).toBe(201);
  return r.body;
}

test("QR pay: precreate is signed with the app key and the order answers Alipay's qr_code", async () => {
  const o = await order();
  const trade = alipay.trades.get(o.id);
  expect(trade?.totalAmount).toBe("19.99");
  expect(trade?.notifyUrl).toBe(`${PUBLIC_BASE}/payments/alipay/notify`);
  expect(o.qr_code).toStartWith("https://qr.alipay.com/");
  expect(alipay.badSignatures).toBe(0);
});

test("page pay: the answered URL is the gateway's, RSA2-signed by the app key over its parameters", async () => {
  await s.configure({ alipay: { mode: "page" } });
  const o = await order();
  const url = new URL(o.pay_url);
  expect(`${url.origin}${url.pathname}`).toBe(alipay.gateway);
  const params = Object.fromEntries(url.searchParams);
  expect(params.method).toBe("alipay.trade.page.pay");
  expect(JSON.parse(params.biz_content ?? "{}")).toMatchObject({ out_trade_no: o.id, total_amount: "19.99" });
  const content = Object.keys(params)
    .filter((k) => k !== "sign")
    .sort()
    .map((k) => `${k}=${params[k]}`)
    .join("&");
  const { createPublicKey } = await import("node:crypto");
  const appPublic = createPublicKey(alipay.appPrivateKey);
  expect(
    createVerify("RSA-SHA256")
      .update(content)
      .verify(appPublic, params.sign ?? "", "base64"),
  ).toBe(true);
});

test("a signed TRADE_SUCCESS notify credits once; the answer is Alipay's `success`", async () => {
  const o = await order();
  alipay.pay(o.id);
  const n = alipay.notify(o.id);
  const r = await s.notify("alipay", n.body, n.headers);
  expect(r).toEqual({ status: 200, text: "success" });
  expect(await s.balance()).toBe(2200);
  expect(await s.purchaseRows()).toEqual([{ amount: 2200, orderId: o.id, balanceAfter: 2200 }]);
  const sums = await balanceAndLedgerSum(s.stack.db, s.tenant.tenant.id);
  expect(sums.balance).toBe(sums.ledgerSum);
});

test("parallel duplicate notifies (same and fresh notify ids) credit exactly once", async () => {
  const o = await order();
  alipay.pay(o.id);
  const same = alipay.notify(o.id);
  const all = Array.from({ length: 16 }, (_, i) => (i % 2 ? same : alipay.notify(o.id)));
  const answers = await Promise.all(all.map((n) => s.notify("alipay", n.body, n.headers)));
  expect(answers.every((a) => a.text === "success")).toBe(true);
  expect(await s.balance()).toBe(2200);
  expect((await s.purchaseRows()).length).toBe(1);
});

test("forged, wrong-app, wrong-amount and wrong-currency notifies are refused with `failure` and logged", async () => {
  const o = await order();
  const bad = [
    alipay.notify(o.id, {}, { signWith: strangerKey() }),
    alipay.notify(o.id, { app_id: "2021000000000000" }),
    alipay.notify(o.id, { total_amount: "0.01" }),
    alipay.notify(o.id, { trans_currency: "USD" }),
  ];
  const tampered = alipay.notify(o.id);
  tampered.body = tampered.body.replace("total_amount=19.99", "total_amount=1999.00");
  for (const n of [...bad, tampered])
    expect(await s.notify("alipay", n.body, n.headers)).toEqual({ status: 400, text: "failure" });
  expect(await s.balance()).toBe(0);
  const log = await s.notifyLog();
  expect(log.map((l) => l.outcome)).toEqual(["refused", "refused", "refused", "refused", "refused"]);
  expect(log[1]?.reason).toContain("another app id");
  expect(log[2]?.reason).toContain("amount 1 does not match");
  expect(log[3]?.reason).toContain("currency USD does not match");
});

test("without a notify, alipay.trade.query reconciles the paid order", async () => {
  const o = await order();
  expect((await s.api("GET", `/orders/${o.id}?refresh=true`)).body.status).toBe("created");
  alipay.pay(o.id);
  const r = await s.ops.call("POST", `/orders/${o.id}/reconcile`);
  expect(r.status).toBe(200);
  expect(r.body).toMatchObject({ outcome: "credited", order: { status: "credited" } });
  expect(await s.balance()).toBe(2200);
  // Asking again changes nothing.
  expect((await s.ops.call("POST", `/orders/${o.id}/reconcile`)).body.order.status).toBe("credited");
  expect((await s.purchaseRows()).length).toBe(1);
});

test("an unpaid order past its time is closed with alipay.trade.close, then expired; no trade or closed already is fine", async () => {
  const a = await order();
  const b = await order();
  alipay.trades.delete(b.id);
  const c = await order();
  const cTrade = alipay.trades.get(c.id);
  if (cTrade) cTrade.status = "TRADE_CLOSED";
  for (const o of [a, b, c]) await s.pastDue(o.id);
  expect(await sweepOrders(s.stack.deps)).toMatchObject({ checked: 3, closed: 3, expired: 3, credited: 0, errors: 0 });
  expect(alipay.closes.sort()).toEqual([a.id, b.id, c.id].sort());
  expect(alipay.trades.get(a.id)?.status).toBe("TRADE_CLOSED");
  expect(alipay.badSignatures).toBe(0);
  for (const o of [a, b, c]) expect(await s.orderStatus(o.id)).toBe("expired");
  expect(await s.purchaseRows()).toEqual([]);
});

test("a trade paid before the close (ACQ.TRADE_STATUS_ERROR) is credited once instead, even with two sweepers", async () => {
  const o = await order();
  alipay.pay(o.id);
  await s.pastDue(o.id);
  const reports = await Promise.all([sweepOrders(s.stack.deps), sweepOrders(s.stack.deps)]);
  expect(reports.reduce((n, r) => n + r.credited, 0)).toBe(1);
  expect(reports.reduce((n, r) => n + r.expired, 0)).toBe(0);
  expect(await s.orderStatus(o.id)).toBe("credited");
  expect(await s.purchaseRows()).toEqual([{ amount: 2200, orderId: o.id, balanceAfter: 2200 }]);
  expect(await balanceAndLedgerSum(s.stack.db, s.tenant.tenant.id)).toEqual({ balance: 2200, ledgerSum: 2200 });
});

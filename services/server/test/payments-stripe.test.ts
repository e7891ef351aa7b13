// Stripe Checkout through the real `stripe` SDK against a local fake: sessions, signed webhooks, reconciliation.
import { afterEach, beforeEach, expect, test } from "bun:test";
import { sweepOrders } from "../src/orders";
import { type FakeStripe, startFakeStripe } from "./fakes/stripe";
import { type CommerceStack, commerceStack, PUBLIC_BASE } from "./support/commerce";
import { balanceAndLedgerSum } from "./support/temp-db";

let s: CommerceStack;
let stripe: FakeStripe;
beforeEach(async () => {
  stripe = startFakeStripe();
  s = await commerceStack();
  await s.configure({
    payments: { publicBaseUrl: PUBLIC_BASE },
    stripe: {
      enabled: true,
      apiBase: stripe.apiBase,
      secretKey: stripe.secretKey,
      webhookSecret: stripe.webhookSecret,
    },
  });
});
afterEach(async () => {
  await s.stack.stop();
  await stripe.close();
});

async function order(currency: "CNY" | "USD" = "USD") {
  const pkg = await s.addPackage({ currency, price: 999, credits: 500, bonusCredits: 50 });
  const r = await s.api("POST", "/orders", { package_id: pkg.id, provider: "stripe" });
  expect(r.status).toBe(201);
  const session = [...stripe.sessions.values()].find((x) => x.client_reference_id === r.body.id);
  if (!session) throw new Error("no session was created");
  return { order: r.body, session };
}

test("an order opens a Checkout Session for the package's exact amount and answers its URL", async () => {
  const { order: o, session } = await order("USD");
  expect(o).toMatchObject({ status: "created", amount: 999, currency: "USD", credits: 500, bonus_credits: 50 });
  expect(o.pay_url).toBe(session.url);
  expect(session.amount_total).toBe(999);
  expect(session.currency).toBe("usd");
  expect(stripe.creates[0]?.success_url).toStartWith(PUBLIC_BASE);
});

test("a signed checkout.session.completed credits credits + bonus once, with one purchase ledger row", async () => {
  const { order: o, session } = await order();
  stripe.pay(session.id);
  const event = stripe.event("checkout.session.completed", { id: session.id });
  const r = await s.notify("stripe", event.body, event.headers);
  expect(r.status).toBe(200);
  expect(await s.balance()).toBe(550);
  expect(await s.purchaseRows()).toEqual([{ amount: 550, orderId: o.id, balanceAfter: 550 }]);
  const after = await s.api("GET", `/orders/${o.id}`);
  expect(after.body.status).toBe("credited");
  expect(after.body.credited_at).not.toBeNull();
  const sums = await balanceAndLedgerSum(s.stack.db, s.tenant.tenant.id);
  expect(sums.balance).toBe(sums.ledgerSum);
});

test("twenty parallel deliveries of the same and of different paid events credit the order exactly once", async () => {
  const { session } = await order();
  stripe.pay(session.id);
  const same = stripe.event("checkout.session.completed", { id: session.id });
  const deliveries = Array.from({ length: 20 }, (_, i) =>
    i % 2 === 0 ? same : stripe.event("checkout.session.completed", { id: session.id }),
  );
  const answers = await Promise.all(deliveries.map((d) => s.notify("stripe", d.body, d.headers)));
  expect(answers.every((a) => a.status === 200)).toBe(true);
  expect(await s.balance()).toBe(550);
  expect((await s.purchaseRows()).length).toBe(1);
  const outcomes = (await s.notifyLog()).map((l) => l.outcome);
  expect(outcomes.filter((o) => o === "credited").length).toBe(1);
  expect(outcomes.filter((o) => o === "duplicate").length).toBe(19);
});

test("forged, stale, wrong-amount and wrong-currency webhooks are refused, logged, and credit nothing", async () => {
  const { session } = await order("USD");
  const forged = stripe.event(
    "checkout.session.completed",
    { id: session.id, payment_status: "paid" },
    { secret: "whsec_not_ours" },
  );
  const stale = stripe.event(
    "checkout.session.completed",
    { id: session.id, payment_status: "paid" },
    { timestampSeconds: Math.floor(Date.now() / 1000) - 3600 },
  );
  const cheap = stripe.event("checkout.session.completed", { id: session.id, payment_status: "paid", amount_total: 1 });
  const yuan = stripe.event("checkout.session.completed", { id: session.id, payment_status: "paid", currency: "cny" });
  const tampered = { ...stripe.event("checkout.session.completed", { id: session.id, payment_status: "paid" }) };
  tampered.body = tampered.body.replace('"amount_total":999', '"amount_total":998');
  const unsigned = stripe.event("checkout.session.completed", { id: session.id, payment_status: "paid" });
  for (const d of [forged, stale, cheap, yuan, tampered])
    expect((await s.notify("stripe", d.body, d.headers)).status).toBe(400);
  expect((await s.notify("stripe", unsigned.body, { "content-type": "application/json" })).status).toBe(400);
  expect(await s.balance()).toBe(0);
  expect(await s.purchaseRows()).toEqual([]);
  const log = await s.notifyLog();
  expect(log.length).toBe(6);
  expect(log.every((l) => l.outcome === "refused")).toBe(true);
  expect(log.map((l) => l.reason).join("\n")).toContain("amount 1 does not match");
  expect(log.map((l) => l.reason).join("\n")).toContain("currency CNY does not match");
});

test("an order whose webhook never came is credited by asking Stripe (GET ?refresh=true), once", async () => {
  const { order: o, session } = await order();
  expect((await s.api("GET", `/orders/${o.id}?refresh=true`)).body.status).toBe("created");
  stripe.pay(session.id);
  const first = await s.api("GET", `/orders/${o.id}?refresh=true`);
  expect(first.body.status).toBe("credited");
  // A late webhook after reconciliation is a duplicate.
  const late = stripe.event("checkout.session.completed", { id: session.id });
  expect((await s.notify("stripe", late.body, late.headers)).status).toBe(200);
  expect(await s.balance()).toBe(550);
  expect((await s.purchaseRows()).length).toBe(1);
});

test("the sweep expires the session at Stripe for an unpaid order past its time; a late paid webhook still credits it", async () => {
  const { order: o, session } = await order();
  await s.pastDue(o.id);
  const report = await sweepOrders(s.stack.deps);
  expect(report).toMatchObject({ checked: 1, expired: 1, credited: 0, closed: 1 });
  expect(stripe.expires).toEqual([session.id]);
  expect(stripe.sessions.get(session.id)?.status).toBe("expired");
  expect((await s.api("GET", `/orders/${o.id}`)).body.status).toBe("expired");
  stripe.pay(session.id);
  const event = stripe.event("checkout.session.completed", { id: session.id });
  expect((await s.notify("stripe", event.body, event.headers)).status).toBe(200);
  expect((await s.api("GET", `/orders/${o.id}`)).body.status).toBe("credited");
  expect(await s.balance()).toBe(550);
});

test("an order paid just before its expiry is credited once by the close (Stripe refuses to expire it), not expired", async () => {
  const { order: o, session } = await order();
  stripe.pay(session.id);
  await s.pastDue(o.id);
  const reports = await Promise.all([sweepOrders(s.stack.deps), sweepOrders(s.stack.deps)]);
  expect(reports.reduce((n, r) => n + r.credited, 0)).toBe(1);
  expect(reports.reduce((n, r) => n + r.expired, 0)).toBe(0);
  expect(stripe.expires.length).toBeGreaterThanOrEqual(1);
  expect(await s.orderStatus(o.id)).toBe("credited");
  expect(await s.purchaseRows()).toEqual([{ amount: 550, orderId: o.id, balanceAfter: 550 }]);
  expect(await balanceAndLedgerSum(s.stack.db, s.tenant.tenant.id)).toEqual({ balance: 550, ledgerSum: 550 });
});

test("a session already expired or unknown at Stripe is tolerated; Stripe unreachable keeps the order for the next pass", async () => {
  const { order: a, session } = await order();
  session.status = "expired";
  const { order: b, session: gone } = await order();
  stripe.sessions.delete(gone.id);
  await s.pastDue(a.id);
  await s.pastDue(b.id);
  expect(await sweepOrders(s.stack.deps)).toMatchObject({ expired: 2, closed: 2, errors: 0, credited: 0 });
  expect([await s.orderStatus(a.id), await s.orderStatus(b.id)]).toEqual(["expired", "expired"]);

  const { order: c } = await order();
  await s.pastDue(c.id);
  await s.configure({ stripe: { apiBase: "http://127.0.0.1:9" } });
  expect(await sweepOrders(s.stack.deps)).toMatchObject({ expired: 0, errors: 1 });
  expect(await s.orderStatus(c.id)).toBe("created");
  // Past the retry window it expires anyway, saying why.
  await s.pastDue(c.id, 2 * 60 * 60_000);
  expect(await sweepOrders(s.stack.deps)).toMatchObject({ expired: 1, errors: 1 });
  const row = (
    await s.stack.db.$client.execute({ sql: "SELECT status, failure FROM orders WHERE id = ?", args: [c.id] })
  ).rows[0];
  expect(row?.status).toBe("expired");
  expect(String(row?.failure)).toContain("closing at the provider failed");
  expect(await s.purchaseRows()).toEqual([]);
});

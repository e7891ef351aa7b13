import { expect, test } from "bun:test";
import { createHmac } from "node:crypto";
import { verifyWebhook, webhookSignature } from "./signature";

const body = '{"id":"evt_1","type":"task.succeeded"}';

test("the header is t=<unix>,v1=<hex hmac of '<t>.<body>'> as documented", () => {
  const header = webhookSignature("whsec", body, 1_700_000_000.9);
  const expected = createHmac("sha256", "whsec").update(`1700000000.${body}`).digest("hex");
  expect(header).toBe(`t=1700000000,v1=${expected}`);
});

test("verify accepts the signed body and refuses tampering, a wrong secret, staleness and junk", () => {
  const now = 1_700_000_000;
  const header = webhookSignature("whsec", body, now);
  expect(verifyWebhook("whsec", body, header, { nowSeconds: now + 10 })).toEqual({ ok: true, timestamp: now });
  expect(verifyWebhook("whsec", body.replace("succeeded", "failed"), header, { nowSeconds: now })).toEqual({
    ok: false,
    reason: "mismatch",
  });
  expect(verifyWebhook("other", body, header, { nowSeconds: now })).toEqual({ ok: false, reason: "mismatch" });
  expect(verifyWebhook("whsec", body, header, { nowSeconds: now + 301 })).toEqual({ ok: false, reason: "stale" });
  expect(verifyWebhook("whsec", body, undefined)).toEqual({ ok: false, reason: "missing" });
  expect(verifyWebhook("whsec", body, "t=abc,v1=zz")).toEqual({ ok: false, reason: "malformed" });
  // A replayed signature with a fresh t no longer matches, because t is part of the signed text.
  const forged = header.replace(`t=${now}`, `t=${now + 1000}`);
  expect(verifyWebhook("whsec", body, forged, { nowSeconds: now + 1000 })).toEqual({ ok: false, reason: "mismatch" });
});

test("verify accepts any of several v1 entries, for secret rotation", () => {
  const now = 1_700_000_000;
  const oldSig = webhookSignature("old", body, now).split(",")[1];
  const header = `${webhookSignature("new", body, now)},${oldSig}`;
  expect(verifyWebhook("old", body, header, { nowSeconds: now }).ok).toBe(true);
  expect(verifyWebhook("new", body, header, { nowSeconds: now }).ok).toBe(true);
});

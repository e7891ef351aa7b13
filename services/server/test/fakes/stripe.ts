// A local Stripe API: Checkout Sessions created, retrieved and expired as the REST API documents (form-encoded, Bearer
// secret key), and webhook events signed the way Stripe signs them (`Stripe-Signature: t=…,v1=HMAC-SHA256`).
import { createHmac, randomBytes } from "node:crypto";

export type FakeStripeSession = {
  id: string;
  object: "checkout.session";
  url: string;
  client_reference_id: string | null;
  amount_total: number;
  currency: string;
  payment_status: "paid" | "unpaid";
  status: "open" | "complete" | "expired";
  expires_at: number;
  metadata: Record<string, string>;
};

export type FakeStripe = {
  apiBase: string;
  secretKey: string;
  webhookSecret: string;
  sessions: Map<string, FakeStripeSession>;
  /** Create requests seen, as Stripe received them (form fields). */
  creates: Record<string, string>[];
  /** Session ids of every expire request received, in order. */
  expires: string[];
  /** Marks the session paid, as a completed Checkout would. */
  pay(sessionId: string): FakeStripeSession;
  /** A webhook delivery for the session: the JSON body and its signature header, signed at `timestampSeconds`. */
  event(
    type: string,
    session: Partial<FakeStripeSession> & { id: string },
    opts?: { timestampSeconds?: number; secret?: string; eventId?: string },
  ): { body: string; headers: Record<string, string> };
  close(): Promise<void>;
};

export function startFakeStripe(): FakeStripe {
  const secretKey = `sk_test_${randomBytes(12).toString("hex")}`;
  const webhookSecret = `whsec_${randomBytes(24).toString("base64url")}`;
  const sessions = new Map<string, FakeStripeSession>();
  const creates: Record<string, string>[] = [];
  const expires: string[] = [];
  const error = (status: number, message: string, type = "invalid_request_error") =>
    Response.json({ error: { type, message } }, { status });

  const server = Bun.serve({
    port: 0,
    hostname: "127.0.0.1",
    async fetch(req) {
      const url = new URL(req.url);
      if (req.headers.get("authorization") !== `Bearer ${secretKey}`)
        return error(401, "Invalid API Key provided", "authentication_error");
      if (req.method === "POST" && url.pathname === "/v1/checkout/sessions") {
        const form = Object.fromEntries(new URLSearchParams(await req.text()));
        creates.push(form);
        const amount = Number(form["line_items[0][price_data][unit_amount]"]);
        const currency = form["line_items[0][price_data][currency]"];
        if (form.mode !== "payment" || !Number.isInteger(amount) || !currency)
          return error(400, "mode, line_items[0][price_data][unit_amount] and currency are required");
        const id = `cs_test_${randomBytes(10).toString("hex")}`;
        const session: FakeStripeSession = {
          id,
          object: "checkout.session",
          url: `https://checkout.stripe.com/c/pay/${id}`,
          client_reference_id: form.client_reference_id ?? null,
          amount_total: amount,
          currency,
          payment_status: "unpaid",
          status: "open",
          expires_at: Number(form.expires_at),
          metadata: { order_id: form["metadata[order_id]"] ?? "" },
        };
        sessions.set(id, session);
        return Response.json(session);
      }
      const match = /^\/v1\/checkout\/sessions\/([^/]+)$/.exec(url.pathname);
      if (req.method === "GET" && match?.[1]) {
        const session = sessions.get(decodeURIComponent(match[1]));
        return session ? Response.json(session) : error(404, `No such checkout.session: '${match[1]}'`);
      }
      const expire = /^\/v1\/checkout\/sessions\/([^/]+)\/expire$/.exec(url.pathname);
      if (req.method === "POST" && expire?.[1]) {
        const id = decodeURIComponent(expire[1]);
        expires.push(id);
        const session = sessions.get(id);
        if (!session) return error(404, `No such checkout.session: '${id}'`);
        // Documented: only an open session can be expired.
        if (session.status !== "open")
          return error(400, `Only Checkout Sessions with a status in ["open"] can be expired.`);
        session.status = "expired";
        return Response.json(session);
      }
      return error(404, `Unrecognized request URL (${req.method}: ${url.pathname})`);
    },
  });

  return {
    apiBase: `http://127.0.0.1:${server.port}`,
    secretKey,
    webhookSecret,
    sessions,
    creates,
    expires,
    pay(sessionId) {
      const session = sessions.get(sessionId);
      if (!session) throw new Error(`no session ${sessionId}`);
      session.payment_status = "paid";
      session.status = "complete";
      return session;
    },
    event(type, session, opts = {}) {
      const base = sessions.get(session.id);
      const body = JSON.stringify({
        id: opts.eventId ?? `evt_${randomBytes(10).toString("hex")}`,
        object: "event",
        type,
        created: opts.timestampSeconds ?? Math.floor(Date.now() / 1000),
        data: { object: { ...base, ...session } },
      });
      const t = opts.timestampSeconds ?? Math.floor(Date.now() / 1000);
      const v1 = createHmac("sha256", opts.secret ?? webhookSecret)
        .update(`${t}.${body}`)
        .digest("hex");
      return { body, headers: { "content-type": "application/json", "stripe-signature": `t=${t},v1=${v1}` } };
    },
    close: () => server.stop(true),
  };
}

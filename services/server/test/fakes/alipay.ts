// A local Alipay open-platform gateway (gateway.do): checks each request's RSA2 signature with the app's public key,
// answers alipay.trade.precreate / alipay.trade.query / alipay.trade.close signed with "Alipay's" private key, and signs
// async notifies.
import { createSign, createVerify, generateKeyPairSync, randomBytes } from "node:crypto";

export type AlipayTrade = {
  outTradeNo: string;
  tradeNo: string;
  totalAmount: string;
  subject: string;
  status: "WAIT_BUYER_PAY" | "TRADE_SUCCESS" | "TRADE_CLOSED";
  notifyUrl: string | null;
};

export type FakeAlipay = {
  gateway: string;
  appId: string;
  /** The app's key pair: the private key goes into the settings, the fake verifies requests with the public one. */
  appPrivateKey: string;
  /** What the operator pastes as "Alipay public key". */
  alipayPublicKey: string;
  trades: Map<string, AlipayTrade>;
  /** Requests whose signature did not verify. */
  badSignatures: number;
  /** out_trade_no of every alipay.trade.close received, in order. */
  closes: string[];
  pay(outTradeNo: string): AlipayTrade;
  /** An async notify as Alipay POSTs it (form body), signed unless `signWith` says otherwise. */
  notify(
    outTradeNo: string,
    overrides?: Record<string, string>,
    opts?: { signWith?: string },
  ): { body: string; headers: Record<string, string> };
  close(): Promise<void>;
};

function rsaKeys() {
  return generateKeyPairSync("rsa", {
    modulusLength: 2048,
    publicKeyEncoding: { type: "spki", format: "pem" },
    privateKeyEncoding: { type: "pkcs8", format: "pem" },
  });
}

/** Alipay's content to sign: every parameter but the excluded ones, sorted by name, `k=v` joined by `&`. */
function signContent(params: Record<string, string>, exclude: string[]): string {
  return Object.keys(params)
    .filter((k) => !exclude.includes(k) && params[k] !== "" && params[k] !== undefined)
    .sort()
    .map((k) => `${k}=${params[k]}`)
    .join("&");
}

const rsa2 = (content: string, privateKey: string) =>
  createSign("RSA-SHA256").update(content, "utf8").sign(privateKey, "base64");

export function startFakeAlipay(): FakeAlipay {
  const app = rsaKeys();
  const alipay = rsaKeys();
  const appId = `2021${randomBytes(6).toString("hex").replace(/\D/g, "").padEnd(12, "0").slice(0, 12)}`;
  const trades = new Map<string, AlipayTrade>();
  let badSignatures = 0;
  const closes: string[] = [];

  /** Alipay signs the JSON of the `<method>_response` object exactly as it appears in the body. */
  const signedAnswer = (method: string, payload: Record<string, unknown>) => {
    const inner = JSON.stringify(payload);
    const key = `${method.replaceAll(".", "_")}_response`;
    return new Response(`{"${key}":${inner},"sign":"${rsa2(inner, alipay.privateKey)}"}`, {
      headers: { "content-type": "application/json;charset=utf-8" },
    });
  };

  const server = Bun.serve({
    port: 0,
    hostname: "127.0.0.1",
    async fetch(req) {
      const url = new URL(req.url);
      const params: Record<string, string> = Object.fromEntries(url.searchParams);
      Object.assign(params, Object.fromEntries(new URLSearchParams(await req.text())));
      const method = params.method ?? "";
      const verified =
        params.app_id === appId &&
        params.sign_type === "RSA2" &&
        !!params.sign &&
        createVerify("RSA-SHA256")
          .update(signContent(params, ["sign"]), "utf8")
          .verify(app.publicKey, params.sign, "base64");
      if (!verified) {
        badSignatures++;
        return signedAnswer(method, {
          code: "40002",
          msg: "Invalid Arguments",
          sub_code: "isv.invalid-signature",
          sub_msg: "验签出错",
        });
      }
      const biz = JSON.parse(params.biz_content ?? "{}") as Record<string, string>;
      if (method === "alipay.trade.precreate") {
        if (!biz.out_trade_no || !/^\d+\.\d{2}$/.test(biz.total_amount ?? "") || !biz.subject)
          return signedAnswer(method, { code: "40002", msg: "Invalid Arguments", sub_code: "isv.missing-parameter" });
        const trade: AlipayTrade = {
          outTradeNo: biz.out_trade_no,
          tradeNo: `2026${randomBytes(8).toString("hex")}`,
          totalAmount: biz.total_amount ?? "",
          subject: biz.subject,
          status: "WAIT_BUYER_PAY",
          notifyUrl: params.notify_url ?? null,
        };
        trades.set(trade.outTradeNo, trade);
        return signedAnswer(method, {
          code: "10000",
          msg: "Success",
          out_trade_no: trade.outTradeNo,
          qr_code: `https://qr.alipay.com/bax${randomBytes(8).toString("hex")}`,
        });
      }
      if (method === "alipay.trade.query") {
        const trade = trades.get(biz.out_trade_no ?? "");
        if (!trade)
          return signedAnswer(method, {
            code: "40004",
            msg: "Business Failed",
            sub_code: "ACQ.TRADE_NOT_EXIST",
            sub_msg: "交易不存在",
          });
        return signedAnswer(method, {
          code: "10000",
          msg: "Success",
          out_trade_no: trade.outTradeNo,
          trade_no: trade.tradeNo,
          trade_status: trade.status,
          total_amount: trade.totalAmount,
        });
      }
      if (method === "alipay.trade.close") {
        closes.push(biz.out_trade_no ?? "");
        const trade = trades.get(biz.out_trade_no ?? "");
        if (!trade)
          return signedAnswer(method, {
            code: "40004",
            msg: "Business Failed",
            sub_code: "ACQ.TRADE_NOT_EXIST",
            sub_msg: "交易不存在",
          });
        // Documented: only a trade waiting for the buyer can be closed.
        if (trade.status !== "WAIT_BUYER_PAY")
          return signedAnswer(method, {
            code: "40004",
            msg: "Business Failed",
            sub_code: "ACQ.TRADE_STATUS_ERROR",
            sub_msg: "交易状态不合法",
          });
        trade.status = "TRADE_CLOSED";
        return signedAnswer(method, {
          code: "10000",
          msg: "Success",
          out_trade_no: trade.outTradeNo,
          trade_no: trade.tradeNo,
        });
      }
      return signedAnswer(method, { code: "40004", msg: "Business Failed", sub_code: "isv.invalid-method" });
    },
  });

  return {
    gateway: `http://127.0.0.1:${server.port}/gateway.do`,
    appId,
    appPrivateKey: app.privateKey,
    alipayPublicKey: alipay.publicKey,
    trades,
    get badSignatures() {
      return badSignatures;
    },
    closes,
    pay(outTradeNo) {
      const trade = trades.get(outTradeNo);
      if (!trade) throw new Error(`no trade ${outTradeNo}`);
      trade.status = "TRADE_SUCCESS";
      return trade;
    },
    notify(outTradeNo, overrides = {}, opts = {}) {
      const trade = trades.get(outTradeNo);
      const params: Record<string, string> = {
        notify_time: "2026-12-04 10:00:00",
        notify_type: "trade_status_sync",
        notify_id: randomBytes(16).toString("hex"),
        app_id: appId,
        charset: "utf-8",
        version: "1.0",
        sign_type: "RSA2",
        trade_no: trade?.tradeNo ?? "2026000",
        out_trade_no: outTradeNo,
        trade_status: "TRADE_SUCCESS",
        total_amount: trade?.totalAmount ?? "0.00",
        receipt_amount: trade?.totalAmount ?? "0.00",
        subject: trade?.subject ?? "",
        ...overrides,
      };
      // Documented notify verification: everything but sign and sign_type.
      params.sign = rsa2(signContent(params, ["sign", "sign_type"]), opts.signWith ?? alipay.privateKey);
      return {
        body: new URLSearchParams(params).toString(),
        headers: { "content-type": "application/x-www-form-urlencoded; charset=utf-8" },
      };
    },
    close: () => server.stop(true),
  };
}

/** Another RSA private key, for forged notifies. */
export function strangerKey(): string {
  return rsaKeys().privateKey;
}

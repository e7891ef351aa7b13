// WeChat Pay v3: Native pay (a code_url shown as a QR code), notifies checked against the platform key and
// decrypted with the APIv3 key, and the order query by out_trade_no for reconciliation. The platform key is the one
// the operator pasted (微信支付公钥), or else the platform certificates from GET /v3/certificates (platform-keys.ts).
import { AppError } from "@waule/shared/errors";
import { closedCheck, NotifyRefused, type PaymentAdapter, type PaymentCheck, type PaymentProvider } from "../provider";
import { type WechatClient, wechatClient } from "./client";
import {
  CERTIFICATES_PATH,
  downloadedPlatformCertificates,
  type PlatformKeys,
  pastedPlatformKey,
} from "./platform-keys";
import { decryptResource, type EncryptedResource, signedMessageOf, verifyPlatformSignature } from "./signing";

/** WeChat retries a notify for hours, but each delivery is signed afresh: a signature older than this is a replay. */
export const WECHAT_NOTIFY_WINDOW_SECONDS = 300;

type Transaction = {
  mchid?: string;
  appid?: string;
  out_trade_no?: string;
  transaction_id?: string;
  trade_state?: string;
  amount?: { total?: number; currency?: string };
};

function stateOf(tradeState: string | undefined): PaymentCheck["state"] {
  if (tradeState === "SUCCESS") return "paid";
  if (tradeState === "CLOSED" || tradeState === "REVOKED" || tradeState === "PAYERROR") return "closed";
  return "pending";
}

function checkOf(orderId: string, t: Transaction): PaymentCheck {
  const currency = t.amount?.currency;
  return {
    orderId: t.out_trade_no ?? orderId,
    state: stateOf(t.trade_state),
    amount: typeof t.amount?.total === "number" ? t.amount.total : null,
    currency: currency === "CNY" || currency === "USD" ? currency : null,
    providerRef: t.transaction_id ?? null,
  };
}

export const wechatProvider: PaymentProvider = {
  name: "wechat",
  currencies: ["CNY"],
  async adapter(settings, unseal): Promise<PaymentAdapter> {
    const config = settings.wechat;
    const privateKey = await unseal(config.privateKey);
    const apiV3Key = await unseal(config.apiV3Key);
    if (!config.mchid || !config.appid || !config.merchantSerialNo || !privateKey || !apiV3Key)
      throw new Error("wechat pay is not configured");
    const mchid = config.mchid;
    const appid = config.appid;
    // The certificate download goes through the client it serves keys to; it is only asked once the client exists.
    let client: WechatClient | null = null;
    const platformKeys: PlatformKeys = config.platformPublicKey
      ? pastedPlatformKey(config.platformPublicKey, config.platformSerial)
      : downloadedPlatformCertificates({
          cacheKey: `${config.baseUrl}|${mchid}|${config.merchantSerialNo}`,
          apiV3Key,
          now: Date.now,
          fetchAnswer: () => {
            if (!client) throw new Error("wechat pay client not ready");
            return client.fetchAnswer("GET", CERTIFICATES_PATH);
          },
        });
    client = wechatClient({
      baseUrl: config.baseUrl,
      merchant: { mchid, serialNo: config.merchantSerialNo, privateKey },
      platformKeys,
      now: Date.now,
    });
    const api = client;
    const adapter: PaymentAdapter = {
      async start(order, ctx) {
        const { status, json } = await api.call("POST", "/v3/pay/transactions/native", {
          appid,
          mchid,
          description: order.packageName,
          out_trade_no: order.id,
          time_expire: order.expiresAt.toISOString().replace(/\.\d{3}Z$/, "+00:00"),
          notify_url: ctx.notifyUrl,
          amount: { total: order.amount, currency: order.currency },
        });
        if (status !== 200 || typeof json.code_url !== "string")
          throw new AppError("upstream_bad_request", `wechat pay refused the order: ${String(json.message ?? status)}`);
        return { payUrl: null, qrCode: json.code_url, providerRef: null };
      },

      async verifyNotify({ headers, body, now }) {
        const signed = signedMessageOf(headers, body);
        if (!signed) throw new NotifyRefused("wechat notify without Wechatpay-* signature headers");
        const platformKey = await platformKeys.keyFor(signed.serial);
        if (!platformKey) throw new NotifyRefused(`wechat notify signed by unknown platform serial ${signed.serial}`);
        if (!verifyPlatformSignature(signed, platformKey))
          throw new NotifyRefused("wechat notify signature does not verify");
        const age = Math.abs(now / 1000 - Number(signed.timestamp));
        if (!Number.isFinite(age) || age > WECHAT_NOTIFY_WINDOW_SECONDS)
          throw new NotifyRefused("wechat notify timestamp outside the replay window");
        let envelope: { id?: string; event_type?: string; resource?: EncryptedResource };
        try {
          envelope = JSON.parse(body);
        } catch {
          throw new NotifyRefused("wechat notify body is not JSON");
        }
        if (!envelope.resource) throw new NotifyRefused("wechat notify without a resource");
        let transaction: Transaction;
        try {
          transaction = JSON.parse(decryptResource(envelope.resource, apiV3Key)) as Transaction;
        } catch {
          throw new NotifyRefused("wechat notify resource does not decrypt with the APIv3 key");
        }
        if (transaction.mchid !== mchid || transaction.appid !== appid)
          throw new NotifyRefused("wechat notify is for another merchant or app");
        if (!transaction.out_trade_no) throw new NotifyRefused("wechat notify without out_trade_no");
        if (envelope.event_type !== "TRANSACTION.SUCCESS")
          return { kind: "ignored", eventId: envelope.id ?? null, reason: `event ${envelope.event_type}` };
        return {
          kind: "payment",
          eventId: envelope.id ?? null,
          payment: checkOf(transaction.out_trade_no, transaction),
        };
      },

      async query(order) {
        const path = `/v3/pay/transactions/out-trade-no/${encodeURIComponent(order.id)}?mchid=${encodeURIComponent(mchid)}`;
        const { status, json } = await api.call("GET", path);
        if (status === 404 && json.code === "ORDER_NOT_EXIST")
          return { orderId: order.id, state: "pending", amount: null, currency: null, providerRef: null };
        if (status !== 200) throw new AppError("upstream_unavailable", `wechat pay order query answered ${status}`);
        return checkOf(order.id, json as Transaction);
      },

      async close(order) {
        const path = `/v3/pay/transactions/out-trade-no/${encodeURIComponent(order.id)}/close`;
        const { status, json } = await api.call("POST", path, { mchid });
        if (status === 204) return closedCheck(order.id);
        if (status === 404 && json.code === "ORDER_NOT_EXIST") return closedCheck(order.id);
        // Refused (paid after all, closed already, the buyer paying right now): the order query says what it is.
        const check = await adapter.query(order);
        if (check.state === "paid" || check.state === "closed") return check;
        if (check.amount === null) return closedCheck(order.id);
        throw new AppError("upstream_unavailable", `wechat pay close answered ${status}: ${String(json.code ?? "")}`);
      },

      acknowledge: () => new Response(null, { status: 204 }),
      refuse: (reason) => Response.json({ code: "FAIL", message: reason }, { status: 400 }),
    };
    return adapter;
  },
};

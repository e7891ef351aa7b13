// Alipay: QR pay (alipay.trade.precreate) or page pay (alipay.trade.page.pay), RSA2-signed async notifies,
// and alipay.trade.query for reconciliation, all through the official alipay-sdk.
import type { OrderRow } from "@waule/db/server";
import { AppError } from "@waule/shared/errors";
import {
  closedCheck,
  fromDecimal,
  NotifyRefused,
  type PaymentAdapter,
  type PaymentCheck,
  type PaymentProvider,
  toDecimal,
} from "../provider";
import { alipayClient, stateOfTradeStatus } from "./client";

/** Alipay's time_expire format, in China time (UTC+8) as the API expects. */
function alipayTime(ms: number): string {
  const d = new Date(ms + 8 * 3600_000).toISOString();
  return `${d.slice(0, 10)} ${d.slice(11, 19)}`;
}

function upstream(error: unknown): AppError {
  // The SDK's AlipayRequestError is an Error too.
  const message = error instanceof Error ? error.message : String(error);
  return new AppError("upstream_unavailable", `alipay: ${message}`);
}

export const alipayProvider: PaymentProvider = {
  name: "alipay",
  currencies: ["CNY"],
  async adapter(settings, unseal): Promise<PaymentAdapter> {
    const config = settings.alipay;
    const sdk = await alipayClient(config, await unseal(config.privateKey));
    const appId = config.appId;
    const adapter: PaymentAdapter = {
      async start(order: OrderRow, ctx) {
        const bizContent = {
          out_trade_no: order.id,
          total_amount: toDecimal(order.amount),
          subject: order.packageName,
          time_expire: alipayTime(order.expiresAt.getTime()),
        };
        if (config.mode === "page") {
          const payUrl = sdk.pageExecute("alipay.trade.page.pay", "GET", {
            notify_url: ctx.notifyUrl,
            return_url: ctx.returnUrl,
            bizContent: { ...bizContent, product_code: "FAST_INSTANT_TRADE_PAY" },
          });
          return { payUrl, qrCode: null, providerRef: null };
        }
        const answer = await sdk
          .exec("alipay.trade.precreate", { notify_url: ctx.notifyUrl, bizContent }, { validateSign: true })
          .catch((e) => {
            throw upstream(e);
          });
        if (answer.code !== "10000" || typeof answer.qr_code !== "string")
          throw new AppError("upstream_bad_request", `alipay refused the order: ${answer.sub_msg ?? answer.msg}`);
        return { payUrl: null, qrCode: answer.qr_code, providerRef: null };
      },

      async verifyNotify({ body }) {
        const params = Object.fromEntries(new URLSearchParams(body));
        if (!params.sign) throw new NotifyRefused("alipay notify without a signature");
        if (params.sign_type !== "RSA2") throw new NotifyRefused("alipay notify not signed with RSA2");
        // Values are already form-decoded, so the raw variant (no second decodeURIComponent) is the right check.
        if (!sdk.checkNotifySignV2(params)) throw new NotifyRefused("alipay notify signature does not verify");
        if (params.app_id !== appId) throw new NotifyRefused("alipay notify is for another app id");
        if (!params.out_trade_no) throw new NotifyRefused("alipay notify without out_trade_no");
        const amount = fromDecimal(params.total_amount ?? "");
        if (amount === null) throw new NotifyRefused("alipay notify without a valid total_amount");
        // Domestic trades are CNY; a cross-border notify names its currency, which must then be CNY too.
        const currency = params.trans_currency ?? params.currency ?? "CNY";
        return {
          kind: "payment",
          eventId: params.notify_id ?? null,
          payment: {
            orderId: params.out_trade_no,
            state: stateOfTradeStatus(params.trade_status),
            amount,
            currency: currency === "CNY" || currency === "USD" ? currency : null,
            providerRef: params.trade_no ?? null,
          },
        };
      },

      async query(order): Promise<PaymentCheck> {
        const answer = await sdk
          .exec("alipay.trade.query", { bizContent: { out_trade_no: order.id } }, { validateSign: true })
          .catch((e) => {
            throw upstream(e);
          });
        if (answer.code !== "10000") {
          // No trade yet: the buyer has not scanned or logged in to pay.
          if (answer.sub_code === "ACQ.TRADE_NOT_EXIST")
            return { orderId: order.id, state: "pending", amount: null, currency: null, providerRef: null };
          throw new AppError("upstream_unavailable", `alipay trade query failed: ${answer.sub_msg ?? answer.msg}`);
        }
        return {
          orderId: String(answer.out_trade_no ?? order.id),
          state: stateOfTradeStatus(answer.trade_status),
          amount: fromDecimal(String(answer.total_amount ?? "")),
          currency: "CNY",
          providerRef: answer.trade_no ? String(answer.trade_no) : null,
        };
      },

      async close(order): Promise<PaymentCheck> {
        const answer = await sdk
          .exec("alipay.trade.close", { bizContent: { out_trade_no: order.id } }, { validateSign: true })
          .catch((e) => {
            throw upstream(e);
          });
        if (answer.code === "10000" || answer.sub_code === "ACQ.TRADE_NOT_EXIST") return closedCheck(order.id);
        // ACQ.TRADE_STATUS_ERROR: the trade is no longer waiting (paid, or closed already); its query says which.
        if (answer.sub_code === "ACQ.TRADE_STATUS_ERROR") {
          const check = await adapter.query(order);
          return check.state === "pending" ? closedCheck(order.id) : check;
        }
        throw new AppError("upstream_unavailable", `alipay trade close failed: ${answer.sub_msg ?? answer.msg}`);
      },

      acknowledge: () => new Response("success", { headers: { "content-type": "text/plain" } }),
      refuse: () => new Response("failure", { status: 400, headers: { "content-type": "text/plain" } }),
    };
    return adapter;
  },
};

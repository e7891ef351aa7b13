// The official alipay-sdk, configured from the operator's settings (app id, app private key, Alipay public key, gateway).
// Loaded on first use: the SDK is ~20 MB of memory in every server process, most of which never take an Alipay order.
import type { AlipaySdk } from "alipay-sdk";
import type { PlatformSettings } from "../../settings/defaults";

/** alipay-sdk re-wraps keys by their header; a PKCS#1 key says "RSA PRIVATE KEY", a PKCS#8 one "PRIVATE KEY". */
function keyTypeOf(pem: string): "PKCS1" | "PKCS8" {
  return pem.includes("BEGIN RSA PRIVATE KEY") ? "PKCS1" : "PKCS8";
}

export async function alipayClient(
  settings: PlatformSettings["alipay"],
  privateKey: string | null,
): Promise<AlipaySdk> {
  if (!settings.appId || !privateKey || !settings.alipayPublicKey)
    throw new Error("alipay is not configured (app id, private key and Alipay public key are required)");
  const { AlipaySdk } = await import("alipay-sdk");
  return new AlipaySdk({
    appId: settings.appId,
    privateKey,
    keyType: keyTypeOf(privateKey),
    alipayPublicKey: settings.alipayPublicKey,
    gateway: settings.gateway,
    signType: "RSA2",
    timeout: 10_000,
    camelcase: false,
  });
}

/** trade_status → our state: TRADE_SUCCESS and TRADE_FINISHED are paid, TRADE_CLOSED never will be. */
export function stateOfTradeStatus(status: string | undefined): "paid" | "pending" | "closed" {
  if (status === "TRADE_SUCCESS" || status === "TRADE_FINISHED") return "paid";
  if (status === "TRADE_CLOSED") return "closed";
  return "pending";
}

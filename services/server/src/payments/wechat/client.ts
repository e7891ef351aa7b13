// Signed JSON calls to the WeChat Pay v3 API; every answer's platform signature is checked before it is read.

import { randomBytes } from "node:crypto";
import { AppError } from "@waule/shared/errors";
import type { PlatformKeys } from "./platform-keys";
import {
  authorizationHeader,
  type MerchantKey,
  signedMessageOf,
  verifyPlatformSignature,
  type WechatAnswer,
} from "./signing";

export type WechatClient = {
  call(
    method: "GET" | "POST",
    pathWithQuery: string,
    body?: unknown,
  ): Promise<{ status: number; json: Record<string, unknown> }>;
  /** The answer as it came, its signature not yet checked (the certificate download checks it with what it fetched). */
  fetchAnswer(method: "GET" | "POST", pathWithQuery: string, body?: unknown): Promise<WechatAnswer>;
};

export function wechatClient(opts: {
  baseUrl: string;
  merchant: MerchantKey;
  platformKeys: PlatformKeys;
  now: () => number;
  fetch?: typeof fetch;
}): WechatClient {
  const doFetch = opts.fetch ?? fetch;
  async function fetchAnswer(method: "GET" | "POST", pathWithQuery: string, body?: unknown): Promise<WechatAnswer> {
    const text = body === undefined ? "" : JSON.stringify(body);
    const authorization = authorizationHeader(opts.merchant, {
      method,
      pathWithQuery,
      body: text,
      timestampSeconds: Math.floor(opts.now() / 1000),
      nonce: randomBytes(16).toString("hex"),
    });
    let res: Response;
    try {
      res = await doFetch(new URL(pathWithQuery, opts.baseUrl), {
        method,
        headers: {
          authorization,
          accept: "application/json",
          ...(body === undefined ? {} : { "content-type": "application/json" }),
        },
        body: body === undefined ? undefined : text,
        signal: AbortSignal.timeout(10_000),
      });
    } catch (error) {
      throw new AppError("upstream_unavailable", `wechat pay: ${error instanceof Error ? error.message : error}`);
    }
    const answer = await res.text();
    return { status: res.status, text: answer, signed: signedMessageOf(res.headers, answer) };
  }
  return {
    fetchAnswer,
    async call(method, pathWithQuery, body) {
      const { status, text, signed } = await fetchAnswer(method, pathWithQuery, body);
      const key = signed ? await opts.platformKeys.keyFor(signed.serial) : null;
      // An unsigned or wrongly signed answer may come from anyone between us and WeChat: it is not believed.
      if (!signed || !key || !verifyPlatformSignature(signed, key))
        throw new AppError("upstream_unavailable", `wechat pay answered ${status} without a valid platform signature`);
      let json: Record<string, unknown> = {};
      if (text) {
        try {
          json = JSON.parse(text) as Record<string, unknown>;
        } catch {
          throw new AppError("upstream_unavailable", "wechat pay answered something that is not JSON");
        }
      }
      return { status, json };
    },
  };
}

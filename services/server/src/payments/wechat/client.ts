// Signed JSON calls to the WeChat Pay v3 API; every answer's platform signature is checked before it is read.

import type { KeyObject } from "node:crypto";
import { randomBytes } from "node:crypto";
import { AppError } from "@waule/shared/errors";
import { authorizationHeader, type MerchantKey, signedMessageOf, verifyPlatformSignature } from "./signing";

export type WechatClient = {
  call(
    method: "GET" | "POST",
    pathWithQuery: string,
    body?: unknown,
  ): Promise<{ status: number; json: Record<string, unknown> }>;
};

export function wechatClient(opts: {
  baseUrl: string;
  merchant: MerchantKey;
  platformKey: KeyObject;
  platformSerial: string | null;
  now: () => number;
  fetch?: typeof fetch;
}): WechatClient {
  const doFetch = opts.fetch ?? fetch;
  return {
    async call(method, pathWithQuery, body) {
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
      const signed = signedMessageOf(res.headers, answer);
      // An unsigned or wrongly signed answer may come from anyone between us and WeChat: it is not believed.
      if (
        !signed ||
        !verifyPlatformSignature(signed, opts.platformKey) ||
        (opts.platformSerial && signed.serial !== opts.platformSerial)
      )
        throw new AppError(
          "upstream_unavailable",
          `wechat pay answered ${res.status} without a valid platform signature`,
        );
      let json: Record<string, unknown> = {};
      if (answer) {
        try {
          json = JSON.parse(answer) as Record<string, unknown>;
        } catch {
          throw new AppError("upstream_unavailable", "wechat pay answered something that is not JSON");
        }
      }
      return { status: res.status, json };
    },
  };
}

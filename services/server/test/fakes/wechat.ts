// A local WeChat Pay v3 API: checks the merchant's WECHATPAY2-SHA256-RSA2048 Authorization on every request, answers
// Native orders, order queries and order closes signed with the platform key, and builds notifies as WeChat sends them
// (platform-signed headers, resource encrypted with AEAD_AES_256_GCM under the APIv3 key). GET /v3/certificates
// answers the platform certificates (made with the openssl CLI), encrypted under the APIv3 key, as WeChat does.
import { createCipheriv, createSign, createVerify, generateKeyPairSync, randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export type WechatTrade = {
  outTradeNo: string;
  transactionId: string;
  total: number;
  currency: string;
  state: "NOTPAY" | "SUCCESS" | "CLOSED";
  notifyUrl: string;
};

export type FakeWechat = {
  baseUrl: string;
  mchid: string;
  appid: string;
  merchantSerialNo: string;
  merchantPrivateKey: string;
  apiV3Key: string;
  platformPublicKey: string;
  platformSerial: string;
  trades: Map<string, WechatTrade>;
  badSignatures: number;
  /** out_trade_no of every close order request received, in order. */
  closes: string[];
  /** GET /v3/certificates requests received. */
  certificateDownloads: number;
  /** A new platform key and certificate, published in /v3/certificates and signing everything from now on. */
  rotatePlatformKey(): { serial: string };
  /** Encrypt the certificates under this key instead of the APIv3 key (a download that must not be believed). */
  certificatesEncryptedWith: string | null;
  /** Sign answers with this private key instead of the platform's (someone between us and WeChat). */
  answersSignedWith: string | null;
  pay(outTradeNo: string): WechatTrade;
  notify(
    outTradeNo: string,
    opts?: {
      transaction?: Record<string, unknown>;
      timestampSeconds?: number;
      signWith?: string;
      apiV3Key?: string;
      eventType?: string;
    },
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

/**
 * The operator's WeChat Pay settings that point at this fake: with its platform public key pasted (the public-key
 * mode), or without it so the adapter downloads the platform certificates.
 */
export function wechatSettingsFor(fake: FakeWechat, platformKey: "pasted" | "downloaded" = "pasted") {
  return {
    enabled: true,
    mchid: fake.mchid,
    appid: fake.appid,
    merchantSerialNo: fake.merchantSerialNo,
    privateKey: fake.merchantPrivateKey,
    apiV3Key: fake.apiV3Key,
    baseUrl: fake.baseUrl,
    ...(platformKey === "pasted"
      ? { platformPublicKey: fake.platformPublicKey, platformSerial: fake.platformSerial }
      : {}),
  };
}

export function strangerWechatKey(): string {
  return rsaKeys().privateKey;
}

/** Serials are 20 bytes of hex whose first bit is clear, so the certificate's serial is exactly this. */
const platformSerialNo = () => `5${randomBytes(19).toString("hex").toUpperCase()}A`;

/** A self-signed X.509 certificate for the key, with that serial, valid for `days` (the openssl CLI; Node cannot make one). */
function certificateFor(privateKey: string, serial: string, days = 30): string {
  const dir = mkdtempSync(join(tmpdir(), "fake-wechat-cert-"));
  try {
    writeFileSync(join(dir, "key.pem"), privateKey);
    const made = Bun.spawnSync(
      [
        "openssl",
        "req",
        "-x509",
        "-new",
        "-key",
        join(dir, "key.pem"),
        "-subj",
        "/CN=Tenpay.com platform",
        "-days",
        String(days),
        "-set_serial",
        `0x${serial}`,
        "-out",
        join(dir, "cert.pem"),
      ],
      { stderr: "pipe" },
    );
    if (made.exitCode !== 0) throw new Error(`openssl: ${made.stderr.toString()}`);
    return readFileSync(join(dir, "cert.pem"), "utf8");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function encryptFor(plaintext: string, key: string, associated: string) {
  const nonce = randomBytes(6).toString("hex");
  const cipher = createCipheriv("aes-256-gcm", Buffer.from(key, "utf8"), Buffer.from(nonce, "utf8"));
  cipher.setAAD(Buffer.from(associated, "utf8"));
  const ciphertext = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final(), cipher.getAuthTag()]);
  return {
    algorithm: "AEAD_AES_256_GCM",
    associated_data: associated,
    nonce,
    ciphertext: ciphertext.toString("base64"),
  };
}

function platformHeaders(body: string, privateKey: string, serial: string, timestampSeconds: number) {
  const nonce = randomBytes(16).toString("hex");
  const signature = createSign("RSA-SHA256")
    .update(`${timestampSeconds}\n${nonce}\n${body}\n`)
    .sign(privateKey, "base64");
  return {
    "wechatpay-timestamp": String(timestampSeconds),
    "wechatpay-nonce": nonce,
    "wechatpay-signature": signature,
    "wechatpay-serial": serial,
  };
}

export function startFakeWechat(): FakeWechat {
  const merchant = rsaKeys();
  let platform = rsaKeys();
  const mchid = "1900000109";
  const appid = "wxd678efh567hg6787";
  const merchantSerialNo = randomBytes(20).toString("hex").toUpperCase();
  let platformSerial = platformSerialNo();
  const firstPlatform = { keys: platform, serial: platformSerial };
  /** Made on the first download only: most tests never ask for certificates. */
  const published: { keys: typeof platform; serial: string; pem?: string }[] = [firstPlatform];
  let certificateDownloads = 0;
  let certificatesEncryptedWith: string | null = null;
  let answersSignedWith: string | null = null;
  const apiV3Key = randomBytes(16).toString("hex");
  const trades = new Map<string, WechatTrade>();
  let badSignatures = 0;
  const closes: string[] = [];

  const answer = (status: number, payload: unknown) => {
    // 204 No Content is signed too, over the empty body.
    const body = status === 204 ? "" : JSON.stringify(payload);
    return new Response(status === 204 ? null : body, {
      status,
      headers: {
        "content-type": "application/json",
        ...platformHeaders(
          body,
          answersSignedWith ?? platform.privateKey,
          platformSerial,
          Math.floor(Date.now() / 1000),
        ),
      },
    });
  };

  const authorized = (method: string, pathWithQuery: string, body: string, header: string | null) => {
    const m = /^WECHATPAY2-SHA256-RSA2048 (.*)$/.exec(header ?? "");
    if (!m?.[1]) return false;
    const fields = Object.fromEntries([...m[1].matchAll(/(\w+)="([^"]*)"/g)].map((x) => [x[1], x[2]]));
    if (fields.mchid !== mchid || fields.serial_no !== merchantSerialNo) return false;
    return createVerify("RSA-SHA256")
      .update(`${method}\n${pathWithQuery}\n${fields.timestamp}\n${fields.nonce_str}\n${body}\n`)
      .verify(merchant.publicKey, fields.signature ?? "", "base64");
  };

  const transactionOf = (t: WechatTrade) => ({
    appid,
    mchid,
    out_trade_no: t.outTradeNo,
    transaction_id: t.transactionId,
    trade_type: "NATIVE",
    trade_state: t.state,
    amount: { total: t.total, payer_total: t.total, currency: t.currency, payer_currency: t.currency },
  });

  const server = Bun.serve({
    port: 0,
    hostname: "127.0.0.1",
    async fetch(req) {
      const url = new URL(req.url);
      const body = req.method === "GET" ? "" : await req.text();
      if (!authorized(req.method, url.pathname + url.search, body, req.headers.get("authorization"))) {
        badSignatures++;
        return answer(401, { code: "SIGN_ERROR", message: "签名错误" });
      }
      if (req.method === "POST" && url.pathname === "/v3/pay/transactions/native") {
        const order = JSON.parse(body) as {
          appid?: string;
          mchid?: string;
          out_trade_no?: string;
          notify_url?: string;
          amount?: { total?: number; currency?: string };
        };
        if (
          order.appid !== appid ||
          order.mchid !== mchid ||
          !order.out_trade_no ||
          !order.notify_url ||
          !order.amount?.total
        )
          return answer(400, { code: "PARAM_ERROR", message: "参数错误" });
        trades.set(order.out_trade_no, {
          outTradeNo: order.out_trade_no,
          transactionId: `4200${randomBytes(12).toString("hex")}`,
          total: order.amount.total,
          currency: order.amount.currency ?? "CNY",
          state: "NOTPAY",
          notifyUrl: order.notify_url,
        });
        return answer(200, { code_url: `weixin://wxpay/bizpayurl?pr=${randomBytes(6).toString("base64url")}` });
      }
      const q = /^\/v3\/pay\/transactions\/out-trade-no\/([^/]+)$/.exec(url.pathname);
      if (req.method === "GET" && q?.[1]) {
        if (url.searchParams.get("mchid") !== mchid) return answer(400, { code: "PARAM_ERROR", message: "mchid" });
        const trade = trades.get(decodeURIComponent(q[1]));
        return trade
          ? answer(200, transactionOf(trade))
          : answer(404, { code: "ORDER_NOT_EXIST", message: "订单不存在" });
      }
      if (req.method === "GET" && url.pathname === "/v3/certificates") {
        certificateDownloads++;
        const now = Date.now();
        return answer(200, {
          data: published.map((p) => {
            p.pem ??= certificateFor(p.keys.privateKey, p.serial);
            return {
              serial_no: p.serial,
              effective_time: new Date(now - 86_400_000).toISOString(),
              expire_time: new Date(now + 30 * 86_400_000).toISOString(),
              encrypt_certificate: encryptFor(p.pem, certificatesEncryptedWith ?? apiV3Key, "certificate"),
            };
          }),
        });
      }
      const c = /^\/v3\/pay\/transactions\/out-trade-no\/([^/]+)\/close$/.exec(url.pathname);
      if (req.method === "POST" && c?.[1]) {
        const outTradeNo = decodeURIComponent(c[1]);
        closes.push(outTradeNo);
        if ((JSON.parse(body || "{}") as { mchid?: string }).mchid !== mchid)
          return answer(400, { code: "PARAM_ERROR", message: "mchid" });
        const trade = trades.get(outTradeNo);
        if (!trade) return answer(404, { code: "ORDER_NOT_EXIST", message: "订单不存在" });
        if (trade.state === "SUCCESS") return answer(400, { code: "ORDERPAID", message: "订单已支付" });
        trade.state = "CLOSED";
        return answer(204, null);
      }
      return answer(404, { code: "NOT_FOUND", message: "no such API" });
    },
  });

  return {
    baseUrl: `http://127.0.0.1:${server.port}`,
    mchid,
    appid,
    merchantSerialNo,
    merchantPrivateKey: merchant.privateKey,
    apiV3Key,
    platformPublicKey: platform.publicKey,
    platformSerial,
    trades,
    get badSignatures() {
      return badSignatures;
    },
    closes,
    get certificateDownloads() {
      return certificateDownloads;
    },
    get certificatesEncryptedWith() {
      return certificatesEncryptedWith;
    },
    set certificatesEncryptedWith(key: string | null) {
      certificatesEncryptedWith = key;
    },
    get answersSignedWith() {
      return answersSignedWith;
    },
    set answersSignedWith(key: string | null) {
      answersSignedWith = key;
    },
    rotatePlatformKey() {
      platform = rsaKeys();
      platformSerial = platformSerialNo();
      published.push({ keys: platform, serial: platformSerial });
      return { serial: platformSerial };
    },
    pay(outTradeNo) {
      const trade = trades.get(outTradeNo);
      if (!trade) throw new Error(`no trade ${outTradeNo}`);
      trade.state = "SUCCESS";
      return trade;
    },
    notify(outTradeNo, opts = {}) {
      const trade = trades.get(outTradeNo);
      const transaction = {
        ...(trade
          ? transactionOf(trade)
          : { appid, mchid, out_trade_no: outTradeNo, trade_state: "SUCCESS", amount: { total: 0, currency: "CNY" } }),
        trade_state: "SUCCESS",
        success_time: new Date().toISOString(),
        ...opts.transaction,
      };
      const nonce = randomBytes(6).toString("hex");
      const associated = "transaction";
      const cipher = createCipheriv(
        "aes-256-gcm",
        Buffer.from(opts.apiV3Key ?? apiV3Key, "utf8"),
        Buffer.from(nonce, "utf8"),
      );
      cipher.setAAD(Buffer.from(associated, "utf8"));
      const ciphertext = Buffer.concat([
        cipher.update(JSON.stringify(transaction), "utf8"),
        cipher.final(),
        cipher.getAuthTag(),
      ]);
      const body = JSON.stringify({
        id: randomBytes(16).toString("hex"),
        create_time: new Date().toISOString(),
        resource_type: "encrypt-resource",
        event_type: opts.eventType ?? "TRANSACTION.SUCCESS",
        summary: "支付成功",
        resource: {
          original_type: "transaction",
          algorithm: "AEAD_AES_256_GCM",
          ciphertext: ciphertext.toString("base64"),
          associated_data: associated,
          nonce,
        },
      });
      const ts = opts.timestampSeconds ?? Math.floor(Date.now() / 1000);
      return {
        body,
        headers: {
          "content-type": "application/json",
          ...platformHeaders(body, opts.signWith ?? platform.privateKey, platformSerial, ts),
        },
      };
    },
    close: () => server.stop(true),
  };
}

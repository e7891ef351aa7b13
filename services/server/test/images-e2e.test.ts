// The billed image path end to end: server → signed call → gateway sandbox → storage → settle → usage.
import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { readPng } from "./support/png";
import { postImages, type Stack, startStack } from "./support/stack";
import { balanceAndLedgerSum } from "./support/temp-db";

let stack: Stack;
beforeEach(async () => {
  stack = await startStack();
});
afterEach(async () => {
  await stack.stop();
});

describe("POST /api/v1/images/generations end to end", () => {
  test("bills a generated PNG stored under the tenant's prefix, with hold + settle ledger rows and a usage row", async () => {
    const { tenant, apiKey } = await stack.createTenant(100);
    const res = await postImages(stack, apiKey, {
      model: "sandbox-image",
      prompt: "a red fox",
      n: 2,
      size: "64x64",
      seed: 7,
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      created: number;
      data: { url: string }[];
      waule: { request_id: string; credits: number; sandbox: boolean };
    };
    expect(body.data.length).toBe(2);
    expect(body.waule).toMatchObject({ credits: 20, sandbox: true });
    expect(body.waule.request_id).toMatch(/^req_/);

    for (const item of body.data) {
      const download = await stack.download(item.url);
      expect(download.status).toBe(200);
      const bytes = new Uint8Array(await download.arrayBuffer());
      expect(readPng(bytes)).toMatchObject({ width: 64, height: 64 });
      // The link names a file that really sits under tenants/<tenantId>/ in storage, byte for byte.
      const key = decodeURIComponent(new URL(item.url).pathname.replace(/^\/files\//, ""));
      expect(key.startsWith(`tenants/${tenant.id}/`)).toBe(true);
      expect(new Uint8Array(await readFile(join(stack.storageDir, key)))).toEqual(bytes);
    }

    expect(await balanceAndLedgerSum(stack.db, tenant.id)).toEqual({ balance: 80, ledgerSum: 80 });
    const ledger = await stack.db.$client.execute({
      sql: "SELECT kind, amount, balance_after, request_id FROM credit_ledger WHERE tenant_id = ? ORDER BY seq",
      args: [tenant.id],
    });
    expect(ledger.rows.map((r) => [r.kind, Number(r.amount), Number(r.balance_after)])).toEqual([
      ["recharge", 100, 100],
      ["hold", -20, 80],
      ["settle", 0, 80],
    ]);
    expect(ledger.rows[1]?.request_id).toBe(body.waule.request_id);

    const usage = await stack.db.$client.execute({
      sql: "SELECT * FROM usage_records WHERE tenant_id = ?",
      args: [tenant.id],
    });
    expect(usage.rows.length).toBe(1);
    const row = usage.rows[0]!;
    expect([row.model, row.operation, Number(row.credits), row.request_id, row.user_id]).toEqual([
      "sandbox-image",
      "image.generation",
      20,
      body.waule.request_id,
      null,
    ]);
    const metadata = JSON.parse(String(row.metadata)) as { requestId: string; sandbox: boolean; fileKeys: string[] };
    expect(metadata.requestId).toBe(body.waule.request_id);
    expect(metadata.sandbox).toBe(true);
    expect(metadata.fileKeys.length).toBe(2);
    expect(metadata.fileKeys.every((k) => k.startsWith(`tenants/${tenant.id}/`))).toBe(true);

    const me = await stack.app.request("/api/v1/me", { headers: { "x-api-key": apiKey } });
    expect(((await me.json()) as { tenant: { credits: number } }).tenant.credits).toBe(80);
  });

  test("b64_json answers carry the stored PNG's bytes", async () => {
    const { tenant, apiKey } = await stack.createTenant(10);
    const res = await postImages(stack, apiKey, {
      model: "sandbox-image",
      prompt: "a blue whale",
      size: "96x64",
      response_format: "b64_json",
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { data: { b64_json?: string; url?: string }[] };
    expect(body.data[0]?.url).toBeUndefined();
    const bytes = new Uint8Array(Buffer.from(body.data[0]!.b64_json!, "base64"));
    expect(readPng(bytes)).toMatchObject({ width: 96, height: 64 });
    const usage = await stack.db.$client.execute({
      sql: "SELECT metadata FROM usage_records WHERE tenant_id = ?",
      args: [tenant.id],
    });
    const [key] = (JSON.parse(String(usage.rows[0]?.metadata)) as { fileKeys: string[] }).fileKeys;
    expect(new Uint8Array(await readFile(join(stack.storageDir, key!)))).toEqual(bytes);
    expect(await balanceAndLedgerSum(stack.db, tenant.id)).toEqual({ balance: 0, ledgerSum: 0 });
  });

  test("an unknown model is a 404 JSON error and touches no credits", async () => {
    const { tenant, apiKey } = await stack.createTenant(100);
    const res = await postImages(stack, apiKey, { model: "no-such-model", prompt: "x" });
    expect(res.status).toBe(404);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("not_found");
    const chat = await postImages(stack, apiKey, { model: "sandbox-chat", prompt: "x" });
    expect(chat.status).toBe(400);
    const invalid = await postImages(stack, apiKey, { model: "sandbox-image", prompt: "", n: 99 });
    expect(invalid.status).toBe(400);
    expect(((await invalid.json()) as { error: { code: string } }).error.code).toBe("invalid_request");
    const ledger = await stack.db.$client.execute({
      sql: "SELECT COUNT(*) AS n FROM credit_ledger WHERE tenant_id = ?",
      args: [tenant.id],
    });
    expect(Number(ledger.rows[0]?.n)).toBe(1);
    expect(await balanceAndLedgerSum(stack.db, tenant.id)).toEqual({ balance: 100, ledgerSum: 100 });
  });
});

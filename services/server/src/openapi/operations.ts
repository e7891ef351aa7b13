// What each tenant API route is for, in words, and the shared schema of its answer where one exists. The request side
// needs no entry here: it comes from the route's own validator. A route missing here fails openapi.test.ts.
import { loginResponse, meResponse, usagePage } from "@waule/shared/account";
import { apiKeyList, apiKeyView } from "@waule/shared/api-keys";
import { capabilityList } from "@waule/shared/capabilities";
import { chatCompletionResponse } from "@waule/shared/chat";
import { expiringCreditList } from "@waule/shared/credit-grants";
import { imageGenerationResponse } from "@waule/shared/images";
import { ledgerCallPage } from "@waule/shared/ledger";
import { modelList } from "@waule/shared/models";
import { task, taskList, webhookDeliveryList, webhookSettings } from "@waule/shared/tasks";
import { changePasswordResponse, createdApiKey, tenantInfo, tenantStorageView } from "@waule/shared/tenant-admin";
import { tenantUserList, tenantUserView } from "@waule/shared/tenant-users";
import { usageSeries } from "@waule/shared/usage-series";
import type { ZodType } from "zod";

export type Operation = {
  tag: string;
  summary: string;
  /** The success status and its JSON schema; a route without one answers 200 with the JSON the summary names. */
  ok?: { status: number; schema?: ZodType; media?: string; description?: string };
};

export const operations: Record<string, Operation> = {
  "POST /api/v1/auth/login": {
    tag: "Account",
    summary: "Sign a tenant user in (tenant API key or slug, username, password) and get a token",
    ok: { status: 200, schema: loginResponse },
  },
  "POST /api/v1/me/password": {
    tag: "Account",
    summary: "Change the signed-in user's password (other sessions end)",
    ok: { status: 200, schema: changePasswordResponse },
  },
  "GET /api/v1/me": {
    tag: "Account",
    summary: "The caller: tenant, balance and user",
    ok: { status: 200, schema: meResponse },
  },
  "GET /api/v1/site": { tag: "Account", summary: "The site's name and what it offers, readable before signing in" },
  "POST /api/v1/redeem": { tag: "Billing", summary: "Redeem a credit code for the tenant" },
  "GET /api/v1/packages": { tag: "Billing", summary: "The credit packages on sale" },
  "GET /api/v1/credits/expiring": {
    tag: "Billing",
    summary: "The tenant's credits that expire (packages with a validity), soonest first",
    ok: { status: 200, schema: expiringCreditList },
  },
  "POST /api/v1/orders": {
    tag: "Billing",
    summary: "Order a credit package (answers how to pay)",
    ok: { status: 201 },
  },
  "GET /api/v1/orders": { tag: "Billing", summary: "The tenant's orders, paged" },
  "GET /api/v1/orders/{id}": { tag: "Billing", summary: "One order and whether it is paid" },
  "GET /api/v1/tenant/statements/ledger.csv": {
    tag: "Billing",
    summary: "The credit ledger of a date range as CSV",
    ok: { status: 200, media: "text/csv", description: "CSV file" },
  },
  "GET /api/v1/tenant/statements/usage.csv": {
    tag: "Billing",
    summary: "The usage records of a date range as CSV",
    ok: { status: 200, media: "text/csv", description: "CSV file" },
  },
  "GET /api/v1/tenant/statements/monthly": {
    tag: "Billing",
    summary: "A month's statement: opening, credits in, spend, closing",
  },
  "GET /api/v1/tenant/balance-alert": { tag: "Billing", summary: "The low-balance alert's threshold and state" },
  "PUT /api/v1/tenant/balance-alert": { tag: "Billing", summary: "Set the low-balance alert (tenant admins)" },
  "GET /api/v1/models": {
    tag: "Models",
    summary: "Models this tenant may use, with their prices (OpenAI list shape)",
    ok: { status: 200, schema: modelList },
  },
  "GET /api/v1/capabilities": {
    tag: "Models",
    summary: "Which kinds of work (image, chat, speech, video, Midjourney) are set up for this tenant, and why not",
    ok: { status: 200, schema: capabilityList },
  },
  "POST /api/v1/images/generations": {
    tag: "Images",
    summary: "Generate images (OpenAI-compatible); billed per delivered image",
    ok: { status: 200, schema: imageGenerationResponse },
  },
  "POST /api/v1/chat/completions": {
    tag: "Chat",
    summary: "Chat completion (OpenAI-compatible); with `stream: true` an SSE stream of chunks",
    ok: { status: 200, schema: chatCompletionResponse },
  },
  "POST /api/v1/audio/speech": {
    tag: "Speech",
    summary: "Text to speech (OpenAI-compatible): the audio file in the requested format",
    ok: { status: 200, media: "audio/mpeg", description: "The audio (audio/mpeg for mp3, audio/wav for wav)" },
  },
  "GET /api/v1/usage": {
    tag: "Usage",
    summary: "The tenant's usage records, newest first",
    ok: { status: 200, schema: usagePage },
  },
  "POST /api/v1/videos/generations": {
    tag: "Videos",
    summary: "Start a video task; the credits are held until it ends",
    ok: { status: 202, schema: task },
  },
  "GET /api/v1/videos/generations/{id}": {
    tag: "Videos",
    summary: "One video task",
    ok: { status: 200, schema: task },
  },
  "POST /api/v1/midjourney/imagine": {
    tag: "Midjourney",
    summary: "Start a Midjourney imagine task",
    ok: { status: 202, schema: task },
  },
  "POST /api/v1/midjourney/action": {
    tag: "Midjourney",
    summary: "Press a button (upscale, variation…) of a finished Midjourney task",
    ok: { status: 202, schema: task },
  },
  "GET /api/v1/tasks": { tag: "Tasks", summary: "The tenant's tasks, paged", ok: { status: 200, schema: taskList } },
  "GET /api/v1/tasks/{id}": { tag: "Tasks", summary: "One task", ok: { status: 200, schema: task } },
  "GET /api/v1/tasks/{id}/events": {
    tag: "Tasks",
    summary: "A task's progress as server-sent events until it ends",
    ok: { status: 200, media: "text/event-stream", description: "Server-sent events" },
  },
  "GET /api/v1/webhooks/deliveries": {
    tag: "Webhooks",
    summary: "Recent webhook delivery attempts",
    ok: { status: 200, schema: webhookDeliveryList },
  },
  "GET /api/v1/webhooks": {
    tag: "Webhooks",
    summary: "The tenant's webhook settings",
    ok: { status: 200, schema: webhookSettings },
  },
  "PUT /api/v1/webhooks": {
    tag: "Webhooks",
    summary: "Set the webhook URL (a new signing secret is shown once)",
  },
  "GET /api/v1/tenant/storage": {
    tag: "Tenant administration",
    summary: "Where the tenant's files are stored",
    ok: { status: 200, schema: tenantStorageView },
  },
  "PUT /api/v1/tenant/storage": {
    tag: "Tenant administration",
    summary: "Use the tenant's own S3 bucket (checked before it is saved)",
    ok: { status: 200, schema: tenantStorageView },
  },
  "DELETE /api/v1/tenant/storage": {
    tag: "Tenant administration",
    summary: "Go back to the platform's storage",
    ok: { status: 200, schema: tenantStorageView },
  },
  "GET /api/v1/tenant": {
    tag: "Tenant administration",
    summary: "The tenant's own record (admins)",
    ok: { status: 200, schema: tenantInfo },
  },
  "GET /api/v1/tenant/users": {
    tag: "Tenant administration",
    summary: "The tenant's users and seats",
    ok: { status: 200, schema: tenantUserList },
  },
  "POST /api/v1/tenant/users": {
    tag: "Tenant administration",
    summary: "Add a user (takes a seat)",
    ok: { status: 201, schema: tenantUserView },
  },
  "PATCH /api/v1/tenant/users/{id}": {
    tag: "Tenant administration",
    summary: "Change a user's role, password or status (the last admin stays)",
    ok: { status: 200, schema: tenantUserView },
  },
  "PATCH /api/v1/tenant/users/{id}/caps": {
    tag: "Tenant administration",
    summary: "Set a member's spending caps (per UTC day and month; null removes one)",
    ok: { status: 200, schema: tenantUserView },
  },
  "PATCH /api/v1/tenant/keys/{id}/limits": {
    tag: "Tenant administration",
    summary: "Set an API key's limits: credit quota (total, per month), expiry, allowed models, IP allowlist",
    ok: { status: 200, schema: apiKeyView },
  },
  "GET /api/v1/tenant/keys": {
    tag: "Tenant administration",
    summary: "The tenant's API keys (masked)",
    ok: { status: 200, schema: apiKeyList },
  },
  "POST /api/v1/tenant/keys": {
    tag: "Tenant administration",
    summary: "Create an API key (the secret is shown once)",
    ok: { status: 201, schema: createdApiKey },
  },
  "POST /api/v1/tenant/keys/{id}/revoke": { tag: "Tenant administration", summary: "Revoke an API key" },
  "POST /api/v1/tenant/keys/{id}/rotate": {
    tag: "Tenant administration",
    summary: "Replace an API key with a new secret (shown once)",
    ok: { status: 201, schema: createdApiKey },
  },
  "GET /api/v1/tenant/ledger": { tag: "Tenant administration", summary: "The tenant's credit ledger, paged" },
  "GET /api/v1/tenant/ledger/calls": {
    tag: "Tenant administration",
    summary: "The tenant's ledger read one line per call (hold and settle folded together), paged",
    ok: { status: 200, schema: ledgerCallPage },
  },
  "GET /api/v1/tenant/usage/series": {
    tag: "Tenant administration",
    summary: "The tenant's credits and calls by day and by model over a range, for charts",
    ok: { status: 200, schema: usageSeries },
  },
};

// Webhooks to tenants: signed task-finished notices delivered with retries.

export {
  backoffDelay,
  type DeliveryAttempt,
  type DeliveryAttemptPort,
  defaultRetryPolicy,
  deliverWebhook,
  type RetryPolicy,
  type WebhookDelivery,
  type WebhookDeliveryDeps,
} from "./delivery";
export { createWebhookDispatcher, type WebhookDispatcher, type WebhookDispatcherDeps } from "./dispatcher";
export { webhookPayloadFor } from "./payload";
export { webhookRoutes } from "./routes";
export { verifyWebhook, WEBHOOK_SIGNATURE_HEADER, type WebhookCheck, webhookSignature } from "./signature";
export { assertWebhookUrl, isPrivateHost, webhookDeliveryGuard } from "./url-policy";

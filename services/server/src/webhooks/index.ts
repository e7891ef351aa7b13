// Webhooks to tenants: signed task-finished notices delivered with retries.
export { WEBHOOK_SIGNATURE_HEADER, verifyWebhook, webhookSignature, type WebhookCheck } from "./signature";
export { backoffDelay, defaultRetryPolicy, deliverWebhook, type DeliveryAttempt, type DeliveryAttemptPort, type RetryPolicy, type WebhookDelivery, type WebhookDeliveryDeps } from "./delivery";
export { webhookPayloadFor } from "./payload";
export { createWebhookDispatcher, type WebhookDispatcher, type WebhookDispatcherDeps } from "./dispatcher";
export { webhookRoutes } from "./routes";
export { assertWebhookUrl, isPrivateHost, webhookDeliveryGuard } from "./url-policy";

// Which URLs the platform will POST webhooks to: never its own network in production (SSRF), unless the operator allows it.
import { AppError } from "@waule/shared/errors";
import { isIP } from "node:net";
import type { ServerConfig } from "../config";

/** Literal hosts only: a public name that resolves to a private address is not caught here (no DNS at check time). */
export function isPrivateHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, "").toLowerCase();
  if (host === "localhost" || host.endsWith(".localhost") || host.endsWith(".internal") || host.endsWith(".local")) return true;
  const version = isIP(host);
  if (version === 4) {
    const [a, b] = host.split(".").map(Number) as [number, number];
    return a === 10 || a === 127 || a === 0 || (a === 169 && b === 254) || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || (a === 100 && b >= 64 && b <= 127);
  }
  if (version === 6) {
    return host === "::1" || host === "::" || host.startsWith("fc") || host.startsWith("fd") || host.startsWith("fe80") || host.startsWith("::ffff:");
  }
  return false;
}

export function privateUrlsAllowed(config: Pick<ServerConfig, "NODE_ENV" | "WEBHOOK_ALLOW_PRIVATE_URLS">): boolean {
  if (config.WEBHOOK_ALLOW_PRIVATE_URLS) return config.WEBHOOK_ALLOW_PRIVATE_URLS === "true";
  return config.NODE_ENV !== "production";
}

/** Throws 400 for a URL the platform must not call; `what` names the field in the message. */
export function assertWebhookUrl(url: string, config: Pick<ServerConfig, "NODE_ENV" | "WEBHOOK_ALLOW_PRIVATE_URLS">, what: string): void {
  if (privateUrlsAllowed(config)) return;
  if (isPrivateHost(new URL(url).hostname)) throw new AppError("invalid_request", `${what} may not point at a private or loopback address`);
}

// The server's side of the shared tenant-URL policy: whether private hosts are allowed (each kind of tenant URL has
// its own switch), and the check of image inputs (reference images, video frames) that the gateway will fetch.
import { assertTenantUrl } from "@waule/shared/url-policy";
import type { ServerConfig } from "../config";

type Switch = "true" | "false" | undefined;

/** Production refuses private hosts unless the operator's switch says "true"; development and tests allow them. */
export function privateHostsAllowed(value: Switch, env: ServerConfig["NODE_ENV"]): boolean {
  if (value) return value === "true";
  return env !== "production";
}

export type ImageUrlConfig = Pick<ServerConfig, "NODE_ENV" | "ALLOW_PRIVATE_IMAGE_URLS" | "WEBHOOK_ALLOW_PRIVATE_URLS">;

/** Unset, ALLOW_PRIVATE_IMAGE_URLS follows WEBHOOK_ALLOW_PRIVATE_URLS, which once switched both. */
export function privateImageHostsAllowed(config: ImageUrlConfig): boolean {
  return privateHostsAllowed(config.ALLOW_PRIVATE_IMAGE_URLS ?? config.WEBHOOK_ALLOW_PRIVATE_URLS, config.NODE_ENV);
}

/** Throws 400 for an image input the gateway must not fetch; data:image URLs (size-capped) pass. `what` names the field. */
export function assertImageUrl(url: string, config: ImageUrlConfig, what: string): void {
  assertTenantUrl(url, { allowPrivate: privateImageHostsAllowed(config), allowDataImage: true }, what);
}

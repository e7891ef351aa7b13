// The server's one configuration object: parsed once from the environment at start, passed down.
import { resolveSecrets } from "@waule/shared/dev-secrets";
import { isValidEncryptionKey } from "@waule/shared/sealing";
import { z } from "zod";

const secret = z.string().min(32, "must be at least 32 characters");

/** Bun.serve's idleTimeout in main.ts (its maximum, 255 s): a request waiting on the gateway longer is cut by the server itself. */
export const SERVER_IDLE_TIMEOUT_SECONDS = 255;
/** The gateway wait must end well before the idle timeout, so the tenant gets our JSON error rather than a dropped socket. */
const MAX_GATEWAY_TIMEOUT_MS = 240_000;
/** A stale-hold sweep must never release the hold of a request still waiting on the gateway; this is the slack on top. */
export const STALE_HOLD_MARGIN_MS = 60_000;

function isLoopbackHost(hostname: string): boolean {
  return hostname === "localhost" || hostname === "[::1]" || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostname);
}

export const serverConfigSchema = z
  .object({
    NODE_ENV: z.enum(["development", "test", "production"]).default("development"),
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    SERVER_DB_URL: z.string().min(1).default("file:./data/server.db"),
    SERVER_DB_AUTH_TOKEN: z.string().min(1).optional(),
    GATEWAY_URL: z.url().default("http://localhost:9000"),
    GATEWAY_TIMEOUT_MS: z.coerce
      .number()
      .int()
      .min(100)
      .max(
        MAX_GATEWAY_TIMEOUT_MS,
        `must be at most ${MAX_GATEWAY_TIMEOUT_MS} (below the server's ${SERVER_IDLE_TIMEOUT_SECONDS} s idle timeout)`,
      )
      .default(120_000),
    INTERNAL_SECRET: secret,
    JWT_SECRET: secret,
    CONFIG_ENCRYPTION_KEY: z.string().refine(isValidEncryptionKey, "must be 32 bytes, as 64 hex characters or base64"),
    /** Set when several instances run: limits and task events are then shared through Redis. */
    REDIS_URL: z.string().min(1).optional(),
    /** Namespaces every Redis key and channel, so deployments (or test runs) can share one Redis. */
    REDIS_PREFIX: z.string().min(1).default("waule:"),
    /** Requests per minute on /api/v1 per tenant and per API key; 0 turns that limit off. */
    TENANT_RPM: z.coerce.number().int().min(0).default(600),
    KEY_RPM: z.coerce.number().int().min(0).default(300),
    /** Tasks (videos…) a tenant may have unfinished at once; 0 turns the limit off. */
    MAX_CONCURRENT_TASKS: z.coerce.number().int().min(0).default(5),
    /** Task-event (SSE) streams a tenant may hold open at once on one instance; 0 turns the limit off. */
    SSE_STREAMS_PER_TENANT: z.coerce.number().int().min(0).default(100),
    /** How often the task runner polls the gateway for unfinished tasks. */
    TASK_POLL_INTERVAL_MS: z.coerce.number().int().min(100).default(3_000),
    /** A video task still unfinished this long after submit fails and is refunded. */
    VIDEO_TASK_DEADLINE_SECONDS: z.coerce
      .number()
      .int()
      .min(10)
      .default(30 * 60),
    /** A hold still open this long with no task behind it belonged to a request that died; it is released. */
    STALE_HOLD_GRACE_SECONDS: z.coerce
      .number()
      .int()
      .min(60)
      .default(60 * 60),
    /**
     * A sync call's hold and Idempotency-Key carry its process's lease, renewed every third of this while the process
     * runs; a process that dies leaves them to be released (and the key retried) this long after its last renewal.
     */
    REQUEST_LEASE_SECONDS: z.coerce.number().int().min(3).max(600).default(15),
    /**
     * Webhook and callback URLs on loopback/private/link-local addresses (an SSRF into the platform's own network)
     * are refused in production unless this is "true"; development and tests allow them.
     */
    WEBHOOK_ALLOW_PRIVATE_URLS: z.enum(["true", "false"]).optional(),
    /** The same switch for image inputs (reference images, video frames); unset, it follows WEBHOOK_ALLOW_PRIVATE_URLS. */
    ALLOW_PRIVATE_IMAGE_URLS: z.enum(["true", "false"]).optional(),
    /** Login failures allowed per (API key prefix + username) and per client IP within the window, before 429. */
    LOGIN_MAX_FAILURES: z.coerce.number().int().min(1).default(10),
    LOGIN_IP_MAX_FAILURES: z.coerce.number().int().min(1).default(50),
    LOGIN_WINDOW_SECONDS: z.coerce
      .number()
      .int()
      .min(60)
      .default(15 * 60),
    /** Wrong redemption codes allowed per tenant and per client IP within the window, before 429 (brute-force guard). */
    REDEEM_MAX_FAILURES: z.coerce.number().int().min(1).default(10),
    REDEEM_IP_MAX_FAILURES: z.coerce.number().int().min(1).default(30),
    REDEEM_WINDOW_SECONDS: z.coerce
      .number()
      .int()
      .min(60)
      .default(60 * 60),
    /** "true" only behind a proxy that sets X-Forwarded-For; otherwise a client could pick its own IP. */
    TRUST_PROXY: z.enum(["true", "false"]).default("false"),
    /** Comma-separated origins allowed to call /api/v1 from a browser ("*" for any); unset: none in production, any elsewhere. */
    CORS_ORIGINS: z.string().optional(),
  })
  .superRefine((c, ctx) => {
    if (c.STALE_HOLD_GRACE_SECONDS * 1000 <= c.GATEWAY_TIMEOUT_MS + STALE_HOLD_MARGIN_MS) {
      ctx.addIssue({
        code: "custom",
        path: ["STALE_HOLD_GRACE_SECONDS"],
        message: `must exceed GATEWAY_TIMEOUT_MS (${c.GATEWAY_TIMEOUT_MS} ms) plus ${STALE_HOLD_MARGIN_MS / 1000} s, or holds of calls still waiting on the gateway would be released`,
      });
    }
    // Calls to the gateway carry tenant S3 secrets in their bodies: in production only TLS, or a loopback hop, may carry them.
    const url = new URL(c.GATEWAY_URL);
    if (c.NODE_ENV === "production" && url.protocol !== "https:" && !isLoopbackHost(url.hostname)) {
      ctx.addIssue({
        code: "custom",
        path: ["GATEWAY_URL"],
        message:
          "must be https:// in production unless the gateway is on loopback (tenant storage secrets travel in its requests)",
      });
    }
  });
export type ServerConfig = z.infer<typeof serverConfigSchema>;

const serverSecrets = ["INTERNAL_SECRET", "JWT_SECRET", "CONFIG_ENCRYPTION_KEY"] as const;

/**
 * Reads the config from `env`. Outside production a missing secret comes from the shared
 * ./data/secrets.json (generated on first start, also read by the gateway), so a fresh machine needs
 * no set-up; production refuses to start without strong secrets. Throws a message naming each bad variable.
 */
export function loadServerConfig(
  env: Record<string, string | undefined>,
  options: { secretsFile?: string } = {},
): ServerConfig {
  const input: Record<string, string | undefined> = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== ""));
  const production = input.NODE_ENV === "production";
  Object.assign(input, resolveSecrets(input, serverSecrets, { production, file: options.secretsFile }));
  const parsed = serverConfigSchema.safeParse(input);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new Error(`invalid server configuration:\n${lines.join("\n")}`);
  }
  return parsed.data;
}

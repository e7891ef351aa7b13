// The gateway's one configuration object, parsed from the environment once at start-up.
import { resolveSecrets } from "@waule/shared/dev-secrets";
import { isValidEncryptionKey } from "@waule/shared/sealing";
import { z } from "zod";
import type { S3StorageOptions } from "./storage/s3";

const boolFlag = z.enum(["true", "false", "1", "0"]).transform((v) => v === "true" || v === "1");

const envSchema = z
  .object({
    NODE_ENV: z.enum(["development", "test", "production"]).default("development"),
    PORT: z.coerce.number().int().min(0).max(65535).default(9000),
    GATEWAY_DB_URL: z
      .string()
      .regex(/^(file:|libsql:|https?:|wss?:)/, "must be a file:, libsql:// or http(s):// URL")
      .default("file:./data/gateway.db"),
    GATEWAY_DB_AUTH_TOKEN: z.string().optional(),
    PUBLIC_BASE_URL: z
      .url()
      .default("http://localhost:9000")
      .transform((u) => u.replace(/\/+$/, "")),
    /** The operator console (the server's /admin), linked from the gateway's admin pages. */
    CONSOLE_URL: z.url().default("http://localhost:3000/admin"),
    STORAGE_DRIVER: z.enum(["local", "s3"]).default("local"),
    STORAGE_DIR: z.string().min(1).default("./data/storage"),
    S3_ENDPOINT: z.url().optional(),
    S3_BUCKET: z.string().min(1).optional(),
    S3_REGION: z.string().min(1).default("us-east-1"),
    S3_ACCESS_KEY_ID: z.string().min(1).optional(),
    S3_SECRET_ACCESS_KEY: z.string().min(1).optional(),
    S3_PUBLIC_BASE_URL: z
      .url()
      .optional()
      .transform((u) => u?.replace(/\/+$/, "")),
    S3_FORCE_PATH_STYLE: boolFlag.default(false),
    SIGNED_URL_TTL_SECONDS: z.coerce
      .number()
      .int()
      .min(60)
      .max(365 * 24 * 3600)
      .default(7 * 24 * 3600),
    SANDBOX_LATENCY_MS: z.coerce.number().int().min(0).max(600_000).default(0),
    SANDBOX_FAILURE_RATE: z.coerce.number().min(0).max(1).default(0),
    /** Downloads of tenant-supplied URLs (video frames) may reach private/loopback hosts; off unless an operator (or a test) says so. */
    ALLOW_PRIVATE_TENANT_URLS: boolFlag.default(false),
    /** Sandbox video tasks: polls before completion, and how long each step takes. */
    SANDBOX_VIDEO_STEPS: z.coerce.number().int().min(1).max(100).default(4),
    SANDBOX_VIDEO_STEP_MS: z.coerce.number().int().min(0).max(600_000).default(1_000),
    /** Bearer token of GET /metrics; unset, metrics are open outside production and off in production. */
    METRICS_TOKEN: z.string().min(16, "must be at least 16 characters").optional(),
  })
  .superRefine((env, ctx) => {
    if (env.STORAGE_DRIVER !== "s3") return;
    for (const name of ["S3_BUCKET", "S3_ACCESS_KEY_ID", "S3_SECRET_ACCESS_KEY"] as const) {
      if (!env[name]) ctx.addIssue({ code: "custom", path: [name], message: "required when STORAGE_DRIVER=s3" });
    }
  });

const gatewaySecrets = [
  "INTERNAL_SECRET",
  "CONFIG_ENCRYPTION_KEY",
  "URL_SIGNING_SECRET",
  "GATEWAY_ADMIN_TOKEN",
] as const;

/** The platform bucket as the environment gives it: the S3 driver's own options, less what the gateway sets per use. */
export type S3Settings = Omit<S3StorageOptions, "ttlSeconds" | "owner">;

export type GatewayConfig = {
  env: "development" | "test" | "production";
  port: number;
  db: { url: string; authToken?: string };
  publicBaseUrl: string;
  consoleUrl: string;
  internalSecret: string;
  adminToken: string;
  encryptionKey: string;
  storage: { driver: "local"; dir: string } | { driver: "s3"; s3: S3Settings };
  urlSigningSecret: string;
  signedUrlTtlSeconds: number;
  /** How tenant-supplied URLs are downloaded (see providers/tenant-media.ts). */
  tenantUrls: { allowPrivate: boolean };
  sandbox: { latencyMs: number; failureRate: number; video: { steps: number; stepMs: number } };
  metricsToken?: string;
};

export class ConfigError extends Error {
  override name = "ConfigError";
}

/** Throws a ConfigError naming every bad variable; `secretsFile` is where development secrets live. */
export function loadGatewayConfig(
  env: Record<string, string | undefined> = process.env,
  options: { secretsFile?: string } = {},
): GatewayConfig {
  // Empty strings (e.g. `PORT=` in a shell) mean "not set", so defaults apply instead of failing.
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ""));
  const parsed = envSchema.safeParse(cleaned);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `${i.path.join(".") || "environment"}: ${i.message}`);
    throw new ConfigError(`invalid gateway configuration:\n  ${lines.join("\n  ")}`);
  }
  const e = parsed.data;
  let secrets: Record<(typeof gatewaySecrets)[number], string>;
  try {
    secrets = resolveSecrets(cleaned, gatewaySecrets, {
      production: e.NODE_ENV === "production",
      file: options.secretsFile,
    });
  } catch (err) {
    throw new ConfigError(err instanceof Error ? err.message : String(err));
  }
  if (!isValidEncryptionKey(secrets.CONFIG_ENCRYPTION_KEY)) {
    throw new ConfigError(
      "invalid gateway configuration:\n  CONFIG_ENCRYPTION_KEY: must be 32 bytes, as 64 hex characters or base64",
    );
  }
  return {
    env: e.NODE_ENV,
    port: e.PORT,
    db: { url: e.GATEWAY_DB_URL, authToken: e.GATEWAY_DB_AUTH_TOKEN },
    publicBaseUrl: e.PUBLIC_BASE_URL,
    consoleUrl: e.CONSOLE_URL,
    internalSecret: secrets.INTERNAL_SECRET,
    adminToken: secrets.GATEWAY_ADMIN_TOKEN,
    encryptionKey: secrets.CONFIG_ENCRYPTION_KEY,
    storage:
      e.STORAGE_DRIVER === "s3"
        ? {
            driver: "s3",
            s3: {
              endpoint: e.S3_ENDPOINT,
              bucket: e.S3_BUCKET!,
              region: e.S3_REGION,
              accessKeyId: e.S3_ACCESS_KEY_ID!,
              secretAccessKey: e.S3_SECRET_ACCESS_KEY!,
              publicBaseUrl: e.S3_PUBLIC_BASE_URL,
              forcePathStyle: e.S3_FORCE_PATH_STYLE,
            },
          }
        : { driver: "local", dir: e.STORAGE_DIR },
    urlSigningSecret: secrets.URL_SIGNING_SECRET,
    signedUrlTtlSeconds: e.SIGNED_URL_TTL_SECONDS,
    tenantUrls: { allowPrivate: e.ALLOW_PRIVATE_TENANT_URLS },
    metricsToken: e.METRICS_TOKEN,
    sandbox: {
      latencyMs: e.SANDBOX_LATENCY_MS,
      failureRate: e.SANDBOX_FAILURE_RATE,
      video: { steps: e.SANDBOX_VIDEO_STEPS, stepMs: e.SANDBOX_VIDEO_STEP_MS },
    },
  };
}

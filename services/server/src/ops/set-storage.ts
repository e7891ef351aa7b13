// bun src/ops/set-storage.ts --tenant ID --mode PLATFORM|CUSTOM [--endpoint URL --bucket B --region R --access-key-id K
//   [--public-base-url URL] [--path-style true|false]] — sets a tenant's storage; the secret comes from the
//   TENANT_S3_SECRET_ACCESS_KEY environment variable so it stays out of shell history and process lists.
import { z } from "zod";
import { loadServerConfig } from "../config";
import { customStorageConfig, useCustomStorage, usePlatformStorage } from "../tenant-storage";
import { openOpsContext, parseFlags, runOps, UsageError } from "./cli";

const usage =
  "set-storage.ts --tenant ID --mode PLATFORM|CUSTOM [--endpoint URL --bucket NAME --region REGION --access-key-id KEY [--public-base-url URL] [--path-style true|false]] (secret in TENANT_S3_SECRET_ACCESS_KEY)";

const flags = z.object({
  tenant: z.string().min(1, "is required"),
  mode: z.enum(["PLATFORM", "CUSTOM"]),
  endpoint: z.string().optional(),
  bucket: z.string().optional(),
  region: z.string().default("us-east-1"),
  "access-key-id": z.string().optional(),
  "public-base-url": z.string().optional(),
  "path-style": z.enum(["true", "false"]).default("true"),
});

await runOps(usage, async (argv) => {
  const input = parseFlags(
    argv,
    {
      tenant: { type: "string" },
      mode: { type: "string" },
      endpoint: { type: "string" },
      bucket: { type: "string" },
      region: { type: "string" },
      "access-key-id": { type: "string" },
      "public-base-url": { type: "string" },
      "path-style": { type: "string" },
    },
    flags,
  );
  const ctx = await openOpsContext();
  if (input.mode === "PLATFORM") {
    await usePlatformStorage(ctx, input.tenant);
    console.log(
      `tenant ${input.tenant} now stores its files in the platform bucket (its own bucket settings were removed)`,
    );
    return;
  }
  const parsed = customStorageConfig.safeParse({
    endpoint: input.endpoint,
    bucket: input.bucket,
    region: input.region,
    accessKeyId: input["access-key-id"],
    secretAccessKey: process.env.TENANT_S3_SECRET_ACCESS_KEY,
    publicBaseUrl: input["public-base-url"],
    forcePathStyle: input["path-style"] === "true",
  });
  if (!parsed.success) {
    const names: Record<string, string> = {
      accessKeyId: "--access-key-id",
      secretAccessKey: "TENANT_S3_SECRET_ACCESS_KEY",
      publicBaseUrl: "--public-base-url",
    };
    throw new UsageError(
      parsed.error.issues
        .map((i) => `${names[String(i.path[0])] ?? `--${String(i.path[0])}`}: ${i.message}`)
        .join("; "),
    );
  }
  // The sealing key is the server's own (CONFIG_ENCRYPTION_KEY, or the shared development secret).
  const config = loadServerConfig(process.env);
  const view = await useCustomStorage({ ...ctx, config }, input.tenant, parsed.data);
  console.log(`tenant ${input.tenant} now stores its files in its own bucket (checked with a real write/read/delete)
  endpoint: ${view.mode === "CUSTOM" ? view.endpoint : ""}
  bucket:   ${view.mode === "CUSTOM" ? view.bucket : ""}`);
});

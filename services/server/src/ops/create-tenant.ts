// bun src/ops/create-tenant.ts --name "Acme" [--credits 1000] — creates a tenant and prints its first API key once.
import { z } from "zod";
import { createTenant } from "../tenants/tenants";
import { openOpsContext, parseFlags, runOps } from "./cli";

const flags = z.object({
  name: z.string().trim().min(1, "is required").max(200),
  credits: z.coerce.number().int().min(0, "must be 0 or more").default(0),
  "max-users": z.coerce.number().int().min(1).max(100_000).optional(),
});

await runOps("create-tenant.ts --name NAME [--credits N] [--max-users N]", async (argv) => {
  const input = parseFlags(
    argv,
    { name: { type: "string" }, credits: { type: "string" }, "max-users": { type: "string" } },
    flags,
  );
  const ctx = await openOpsContext();
  const { tenant, apiKey, apiKeyId } = await createTenant(ctx, {
    name: input.name,
    credits: input.credits,
    maxUsers: input["max-users"],
  });
  console.log(`tenant created
  id:       ${tenant.id}
  name:     ${tenant.name}
  credits:  ${tenant.credits}
  key id:   ${apiKeyId}
  API key:  ${apiKey}
The API key is shown only this once; store it now.`);
});

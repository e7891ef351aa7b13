// bun src/ops/create-key.ts --tenant ID [--name NAME] — issues another API key for a tenant and prints it once.
import { z } from "zod";
import { createApiKey } from "../api-keys/api-keys";
import { openOpsContext, parseFlags, runOps } from "./cli";

const flags = z.object({
  tenant: z.string().min(1, "is required"),
  name: z.string().trim().min(1).max(100).default("default"),
});

await runOps("create-key.ts --tenant ID [--name NAME]", async (argv) => {
  const input = parseFlags(argv, { tenant: { type: "string" }, name: { type: "string" } }, flags);
  const ctx = await openOpsContext();
  const { key, record } = await createApiKey(ctx, input.tenant, input.name);
  console.log(`API key created for tenant ${record.tenantId}
  key id:   ${record.id}
  name:     ${record.name}
  API key:  ${key}
The API key is shown only this once; store it now.`);
});

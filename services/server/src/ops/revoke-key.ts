// bun src/ops/revoke-key.ts --key-id ID — revokes an API key (never a tenant's last live one); requests with it are refused from now on.
import { z } from "zod";
import { revokeApiKey } from "../api-keys/api-keys";
import { openOpsContext, parseFlags, runOps } from "./cli";

const flags = z.object({ "key-id": z.string().min(1, "is required") });

await runOps("revoke-key.ts --key-id ID", async (argv) => {
  const input = parseFlags(argv, { "key-id": { type: "string" } }, flags);
  const ctx = await openOpsContext();
  const revoked = await revokeApiKey(ctx, input["key-id"]);
  console.log(`API key ${revoked.id} of tenant ${revoked.tenantId} revoked`);
});

// bun src/ops/recharge.ts --tenant ID --credits N [--note TEXT] — adds credits through the ledger.
import { z } from "zod";
import { recharge } from "../billing/ledger";
import { getTenant } from "../tenants/tenants";
import { openOpsContext, parseFlags, runOps } from "./cli";

const flags = z.object({
  tenant: z.string().min(1, "is required"),
  credits: z.coerce.number().int("must be a whole number").positive("must be more than 0"),
  note: z.string().max(500).optional(),
});

await runOps("recharge.ts --tenant ID --credits N [--note TEXT]", async (argv) => {
  const input = parseFlags(
    argv,
    { tenant: { type: "string" }, credits: { type: "string" }, note: { type: "string" } },
    flags,
  );
  const ctx = await openOpsContext();
  const tenant = await getTenant(ctx.db, input.tenant);
  const balance = await recharge({ db: ctx.db, now: ctx.clock.now() }, tenant.id, input.credits, input.note ?? null);
  console.log(`recharged ${tenant.name} (${tenant.id}) with ${input.credits} credits; balance is now ${balance}`);
});

// bun src/ops/add-user.ts --tenant ID --username U --password P [--nickname N] [--admin] — adds a tenant user.
import { z } from "zod";
import { addTenantUser } from "../users/users";
import { openOpsContext, parseFlags, runOps } from "./cli";

const flags = z.object({
  tenant: z.string().min(1, "is required"),
  username: z.string().min(1, "is required"),
  password: z.string().min(1, "is required"),
  nickname: z.string().max(100).optional(),
  admin: z.boolean().default(false),
});

await runOps("add-user.ts --tenant ID --username U --password P [--nickname N] [--admin]", async (argv) => {
  const input = parseFlags(
    argv,
    {
      tenant: { type: "string" },
      username: { type: "string" },
      password: { type: "string" },
      nickname: { type: "string" },
      admin: { type: "boolean" },
    },
    flags,
  );
  const ctx = await openOpsContext();
  const user = await addTenantUser(ctx, {
    tenantId: input.tenant,
    username: input.username,
    password: input.password,
    nickname: input.nickname,
    admin: input.admin,
  });
  console.log(`user ${user.username} (${user.id}) added to tenant ${user.tenantId} as ${user.role}`);
});

// bun src/ops/create-admin.ts --username U [--password P] [--role owner|operator] [--if-none] — creates an operator of the /admin console.
import { z } from "zod";
import { countAdmins, createAdmin, generateAdminPassword } from "../admin/admins";
import { openOpsContext, parseFlags, runOps } from "./cli";

const flags = z.object({
  username: z.string().min(1, "is required"),
  password: z.string().optional(),
  role: z.enum(["owner", "operator"]).default("operator"),
  /** For first-start scripts: do nothing when an operator already exists. */
  "if-none": z.boolean().default(false),
});

await runOps(
  "create-admin.ts --username U [--password P (default: generated)] [--role owner|operator] [--if-none]",
  async (argv) => {
    const input = parseFlags(
      argv,
      {
        username: { type: "string" },
        password: { type: "string" },
        role: { type: "string" },
        "if-none": { type: "boolean" },
      },
      flags,
    );
    const ctx = await openOpsContext();
    if (input["if-none"] && (await countAdmins(ctx.db)) > 0) {
      console.log("an operator already exists; nothing created");
      return;
    }
    const password = input.password ?? generateAdminPassword();
    const admin = await createAdmin(ctx, { username: input.username, password, role: input.role });
    console.log(`operator created
  id:       ${admin.id}
  username: ${admin.username}
  role:     ${admin.role}${input.password === undefined ? `\n  password: ${password}\nThe generated password is shown only this once; store it now.` : ""}`);
  },
);

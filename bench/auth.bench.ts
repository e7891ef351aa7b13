// What authenticating GET /api/v1/me costs: an API key (SHA-256 + one indexed join) against a tenant-user
// JWT (HS256 verify + tenant and user reads), with GET /health through the same app as the no-auth floor,
// and the bare credential checks on their own.
// Relative imports: bench/ is not a workspace package; the stack is the one the server's tests use.

import { findActiveKey, hashApiKey } from "../services/server/src/api-keys/api-keys";
import { readTenantUserToken, signTenantUserToken } from "../services/server/src/auth/tokens";
import { getTenant } from "../services/server/src/tenants/tenants";
import { addTenantUser, findActiveUser } from "../services/server/src/users/users";
import { startStack } from "../services/server/test/support/stack";
import { randomIds, systemClock } from "../services/shared/src/clock";
import { type BenchResult, compare, costRatio, formatRatio } from "./measure";

export async function run(): Promise<BenchResult[]> {
  const stack = await startStack({ serverEnv: { TENANT_RPM: "100000000", KEY_RPM: "100000000" } });
  try {
    const { tenant, apiKey } = await stack.createTenant(100);
    const user = await addTenantUser(
      { db: stack.db, clock: systemClock, ids: randomIds },
      { tenantId: tenant.id, username: "bench", password: "bench password" },
    );
    const { token } = await signTenantUserToken(stack.config.JWT_SECRET, {
      tenantId: tenant.id,
      userId: user.id,
      nowMs: Date.now(),
    });

    const get = async (path: string, expected: string, headers: Record<string, string> = {}) => {
      const res = await stack.app.request(path, { headers });
      const body = await res.text();
      if (res.status !== 200 || !body.includes(expected))
        throw new Error(`GET ${path} answered ${res.status}: ${body}`);
    };
    const secret = stack.config.JWT_SECRET;

    const keyHash = await hashApiKey(apiKey);
    const rawKeyJoin = {
      sql: `SELECT k.*, t.* FROM tenant_api_keys k JOIN tenants t ON t.id = k.tenant_id
            WHERE k.key_hash = ? AND k.revoked_at IS NULL LIMIT 1`,
      args: [keyHash],
    };

    const [health, viaKey, viaJwt, keyLookup, rawLookup, jwtLookup, hashOnly, verifyOnly] = await compare(
      [
        { name: "GET /health, no auth (floor)", op: () => get("/health", "ok"), batch: 20 },
        {
          name: "GET /api/v1/me, API key (baseline)",
          op: () => get("/api/v1/me", '"api_key"', { authorization: `Bearer ${apiKey}` }),
          batch: 10,
        },
        {
          name: "GET /api/v1/me, tenant-user JWT",
          op: () => get("/api/v1/me", '"tenant_user"', { authorization: `Bearer ${token}` }),
          batch: 10,
        },
        {
          name: "findActiveKey alone (hash + join)",
          op: async () => {
            if (!(await findActiveKey(stack.db, apiKey))) throw new Error("the bench key was not found");
          },
          batch: 20,
        },
        {
          // The same lookup without drizzle, to show how much of it is the query builder rather than SQLite.
          name: "the same join as raw SQL (no hash)",
          op: async () => {
            if ((await stack.db.$client.execute(rawKeyJoin)).rows.length !== 1)
              throw new Error("the bench key was not found");
          },
          batch: 20,
        },
        {
          // What the middleware does for a token: verify, then read the tenant and the user.
          name: "JWT verify + tenant + user reads",
          op: async () => {
            const claims = await readTenantUserToken(secret, token, Date.now());
            if (!claims) throw new Error("the bench token did not verify");
            await getTenant(stack.db, claims.tenantId);
            if (!(await findActiveUser(stack.db, claims.tenantId, claims.userId)))
              throw new Error("the bench user was not found");
          },
          batch: 20,
        },
        { name: "hashApiKey alone", op: () => hashApiKey(apiKey), batch: 50 },
        {
          name: "readTenantUserToken alone",
          op: async () => {
            if (!(await readTenantUserToken(secret, token, Date.now())))
              throw new Error("the bench token did not verify");
          },
          batch: 50,
        },
      ],
      { roundMs: 100 },
    );

    viaKey!.note = `= ${formatRatio(costRatio(health!, viaKey!))} GET /health`;
    viaJwt!.note = `= ${formatRatio(costRatio(viaKey!, viaJwt!))}x the API-key request`;
    rawLookup!.note = `findActiveKey = ${formatRatio(costRatio(rawLookup!, keyLookup!))}x this`;
    jwtLookup!.note = `= ${formatRatio(costRatio(keyLookup!, jwtLookup!))}x findActiveKey`;
    verifyOnly!.note = `= ${formatRatio(costRatio(hashOnly!, verifyOnly!))}x hashApiKey`;
    return [health!, viaKey!, viaJwt!, keyLookup!, rawLookup!, jwtLookup!, hashOnly!, verifyOnly!];
  } finally {
    await stack.stop();
  }
}

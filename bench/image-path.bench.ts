// The whole billed image call in-process (server app → signed call → gateway app → sandbox 64x64 PNG →
// local storage → settle → usage), against GET /api/v1/me through the same auth and limits as the floor.
// Relative imports: bench/ is not a workspace package; the stack is the one the server's tests use.
import type { GatewayClient } from "../services/server/src/gateway-client/client";
import { postImages, startStack } from "../services/server/test/support/stack";
import { balanceAndLedgerSum } from "../services/server/test/support/temp-db";
import { type BenchResult, compare, costRatio, formatRatio } from "./measure";

const IN_FLIGHT = 10;
const OPENING_CREDITS = 1_000_000_000_000;
/** Sequential image calls timed one by one to split the time between the gateway and the server. */
const SPLIT_SAMPLE = 60;

/** Wraps the gateway client so the time spent inside generateImages (signing, the gateway app, the sandbox, storage) adds up. */
function timedGateway(real: GatewayClient, spent: { ms: number }): GatewayClient {
  return {
    ...real,
    async generateImages(input) {
      const start = performance.now();
      try {
        return await real.generateImages(input);
      } finally {
        spent.ms += performance.now() - start;
      }
    },
  };
}

export async function run(): Promise<BenchResult[]> {
  const gatewaySpent = { ms: 0 };
  // The per-minute limits stay in the path but high enough that no request of the run is refused.
  const stack = await startStack({
    serverEnv: { TENANT_RPM: "100000000", KEY_RPM: "100000000" },
    wrapGateway: (real) => timedGateway(real, gatewaySpent),
  });
  try {
    const { tenant, apiKey } = await stack.createTenant(OPENING_CREDITS);
    const me = async () => {
      const res = await stack.app.request("/api/v1/me", { headers: { authorization: `Bearer ${apiKey}` } });
      if (res.status !== 200) throw new Error(`GET /api/v1/me answered ${res.status}: ${await res.text()}`);
      await res.json();
    };
    let images = 0;
    const image = async () => {
      const res = await postImages(stack, apiKey, {
        model: "sandbox-image",
        prompt: `a red fox ${images}`,
        size: "64x64",
      });
      if (res.status !== 200)
        throw new Error(`POST /api/v1/images/generations answered ${res.status}: ${await res.text()}`);
      await res.json();
      images++;
    };

    const [floor, billed, floorParallel, billedParallel] = await compare(
      [
        { name: "GET /api/v1/me, API key (baseline)", op: me, batch: 10 },
        { name: "POST /images/generations 64x64, n=1", op: image },
        { name: `GET /api/v1/me, ${IN_FLIGHT} in flight`, op: me, concurrency: IN_FLIGHT, batch: 5 },
        { name: `POST /images/generations, ${IN_FLIGHT} in flight`, op: image, concurrency: IN_FLIGHT },
      ],
      { warmup: 20 },
    );

    // Time split on a fixed sequential sample, outside the rate measurement.
    gatewaySpent.ms = 0;
    const start = performance.now();
    for (let i = 0; i < SPLIT_SAMPLE; i++) await image();
    const total = performance.now() - start;
    const gatewayShare = gatewaySpent.ms / total;

    // Every call must have been billed: one image's price per call, and balance == sum(ledger).
    const books = await balanceAndLedgerSum(stack.db, tenant.id);
    const price = Number(
      (await stack.db.$client.execute("SELECT price FROM models WHERE id = 'sandbox-image'")).rows[0]?.price,
    );
    if (books.balance !== books.ledgerSum || books.balance !== OPENING_CREDITS - images * price) {
      throw new Error(`books out of balance after ${images} image calls: ${JSON.stringify(books)}`);
    }

    billed!.note =
      `= ${formatRatio(costRatio(floor!, billed!))} GET /me; ` +
      `gateway ${Math.round(gatewayShare * 100)}% / server ${Math.round((1 - gatewayShare) * 100)}% of the time (${SPLIT_SAMPLE} sequential calls)`;
    floorParallel!.note = `${formatRatio(floorParallel!.opsPerSec / floor!.opsPerSec)}x sequential`;
    billedParallel!.note = `= ${formatRatio(costRatio(floorParallel!, billedParallel!))} GET /me in flight; ${formatRatio(billedParallel!.opsPerSec / billed!.opsPerSec)}x sequential`;
    return [floor!, billed!, floorParallel!, billedParallel!];
  } finally {
    await stack.stop();
  }
}

import { describe, expect, test } from "bun:test";
import { usageCsv } from "./usage-csv";

describe("usageCsv", () => {
  test("one row per bucket, model and tenant, with names quoted when they need it", () => {
    const csv = usageCsv({
      range: "24h",
      bucket: "hour",
      points: [{ at: "2026-11-20T15:00:00.000Z", calls: 2, credits: 20 }],
      byModel: [{ model: "sandbox-image", calls: 2, credits: 20 }],
      byTenant: [{ tenantId: "t1", tenantName: 'Acme, "Ltd"', calls: 2, credits: 20 }],
    });
    expect(csv.split("\n")).toEqual([
      "section,key,name,calls,credits",
      "hour,2026-11-20T15:00:00.000Z,,2,20",
      "model,sandbox-image,,2,20",
      'tenant,t1,"Acme, ""Ltd""",2,20',
    ]);
  });
});

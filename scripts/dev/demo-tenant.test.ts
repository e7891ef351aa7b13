import { expect, test } from "bun:test";
import { parseCreatedTenant } from "./demo-tenant";

test("reads the tenant id and key from create-tenant.ts's report", () => {
  const report = `tenant created
  id:       tnt_abc123
  name:     Demo
  credits:  1000
  key id:   key_999
  API key:  wk_live_ABCDEFGHIJKLMNOPQRSTUVWXYZ012345
The API key is shown only this once; store it now.`;
  expect(parseCreatedTenant(report)).toEqual({
    tenantId: "tnt_abc123",
    apiKey: "wk_live_ABCDEFGHIJKLMNOPQRSTUVWXYZ012345",
  });
});

test("gives null when the report has no key", () => {
  expect(parseCreatedTenant("tenant created\n  id: tnt_1\n")).toBeNull();
});

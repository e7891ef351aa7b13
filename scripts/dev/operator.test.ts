import { expect, test } from "bun:test";
import { parseCreatedOperator } from "./operator";

test("reads the username and generated password from create-admin.ts's report", () => {
  const report = `operator created
  id:       adm_1
  username: admin
  role:     owner
  password: Zq3x-random_Password1
The generated password is shown only this once; store it now.`;
  expect(parseCreatedOperator(report)).toEqual({ username: "admin", password: "Zq3x-random_Password1" });
});

test("gives null when an operator existed and nothing was created", () => {
  expect(parseCreatedOperator("an operator already exists; nothing created\n")).toBeNull();
});

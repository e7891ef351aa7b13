import { describe, expect, test } from "bun:test";
import { parseJsonObject } from "./json-body";

describe("parseJsonObject", () => {
  test("an object body is read; HTML, empty, arrays and bare values are not objects", () => {
    expect(parseJsonObject('{"base_resp":{"status_code":1004}}')).toEqual({ base_resp: { status_code: 1004 } });
    for (const text of ["<html>502</html>", "", "[1,2]", "null", '"ok"', "42"]) {
      expect(parseJsonObject(text)).toBeUndefined();
    }
  });
});

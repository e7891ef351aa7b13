import { describe, expect, test } from "bun:test";
import { childEnvs, devPorts } from "./ports";

describe("dev ports", () => {
  test("defaults to 9000 / 3000 / 5173 and reads overrides", () => {
    expect(devPorts({})).toEqual({ gateway: 9000, server: 3000, web: 5173 });
    expect(devPorts({ GATEWAY_PORT: "9100", SERVER_PORT: "3100", WEB_PORT: "" })).toEqual({
      gateway: 9100,
      server: 3100,
      web: 5173,
    });
  });

  test("refuses a port that is not a number, naming the variable", () => {
    expect(() => devPorts({ SERVER_PORT: "abc" })).toThrow("SERVER_PORT");
  });

  test("gives each service its own PORT and points the server at the gateway", () => {
    const envs = childEnvs({ PORT: "8080", HOME: "/home/x" }, { gateway: 9100, server: 3100, web: 5173 });
    expect(envs.gateway).toMatchObject({ PORT: "9100", PUBLIC_BASE_URL: "http://localhost:9100", HOME: "/home/x" });
    expect(envs.server).toMatchObject({ PORT: "3100", GATEWAY_URL: "http://localhost:9100", HOME: "/home/x" });
  });

  test("keeps explicitly configured URLs", () => {
    const envs = childEnvs(
      { GATEWAY_URL: "https://gw.example", PUBLIC_BASE_URL: "https://files.example" },
      devPorts({}),
    );
    expect(envs.server.GATEWAY_URL).toBe("https://gw.example");
    expect(envs.gateway.PUBLIC_BASE_URL).toBe("https://files.example");
  });
});

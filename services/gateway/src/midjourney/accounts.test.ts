import { describe, expect, test } from "bun:test";
import type { UsableDiscordAccount } from "../discord-accounts/repository";
import { chooseAccount } from "./accounts";

const account = (channelId: string, coreSize: number): UsableDiscordAccount => ({
  id: `acc-${channelId}`,
  guildId: "900",
  channelId,
  userToken: "token",
  tokenHint: "oken",
  userAgent: null,
  coreSize,
  queueSize: 10,
  enabled: true,
  disabledReason: null,
  remark: null,
  createdAt: new Date(0),
  updatedAt: null,
});

describe("chooseAccount", () => {
  test("takes the account with the most free slots, the first listed among equals", () => {
    const accounts = [account("a", 2), account("b", 3)];
    expect(chooseAccount(accounts, new Map()).channelId).toBe("b");
    expect(chooseAccount(accounts, new Map([["b", 1]])).channelId).toBe("a");
    expect(
      chooseAccount(
        accounts,
        new Map([
          ["a", 1],
          ["b", 1],
        ]),
      ).channelId,
    ).toBe("b");
  });
  test("refuses as upstream_quota when every account is full, and as upstream_unavailable when there is none", () => {
    expect(() => chooseAccount([account("a", 1)], new Map([["a", 1]]))).toThrow(
      expect.objectContaining({ code: "upstream_quota" }),
    );
    expect(() => chooseAccount([], new Map())).toThrow(expect.objectContaining({ code: "upstream_unavailable" }));
  });
});

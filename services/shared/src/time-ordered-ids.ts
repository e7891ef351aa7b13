// Ids for rows written on a hot path: prefixed like the shared randomIds (`hold_` + 32 hex digits), but the first 12
// digits are the creation time in ms and the other 20 are random (80 bits). Rows written together then sit next to each
// other in their primary-key and id indexes: with fully random ids every row of a group commit lands on its own B-tree
// page, and each of those pages is written to the WAL and checkpointed again. Used by the server (holds, usage rows,
// ledger entries) and the gateway (request log). None of these ids is a secret (API key secrets, redemption codes and
// tokens are made elsewhere, fully random).
import type { Ids } from "./clock";

export function timeOrderedIds(now: () => number = Date.now): Ids {
  return {
    make(prefix) {
      const time = Math.max(0, Math.floor(now())).toString(16).padStart(12, "0").slice(-12);
      return `${prefix}_${time}${Buffer.from(crypto.getRandomValues(new Uint8Array(10))).toString("hex")}`;
    },
  };
}

// Every ledger kind in words, as a line of the folded ledger reads: a call's state (held, charged, refunded) or the
// movement that brought credits in or out (recharge, adjust, purchase of a package, a redeemed code, credits that expired).
import { t } from "../i18n/i18n";
import type { MessageKey } from "../i18n/zh-CN";

export const ledgerLineKinds = [
  "settle",
  "release",
  "hold",
  "recharge",
  "adjust",
  "purchase",
  "redeem",
  "expiry",
] as const;
export type LedgerLineKind = (typeof ledgerLineKinds)[number];

const labels: Record<LedgerLineKind, MessageKey> = {
  settle: "team.ledger.kind.settle",
  release: "team.ledger.kind.release",
  hold: "team.ledger.kind.hold",
  recharge: "team.ledger.kind.recharge",
  adjust: "team.ledger.kind.adjust",
  purchase: "team.ledger.kind.purchase",
  redeem: "team.ledger.kind.redeem",
  expiry: "team.ledger.kind.expiry",
};

/** A kind added later keeps its own name rather than vanishing. */
export function ledgerKindLabel(kind: string): string {
  return Object.hasOwn(labels, kind) ? t(labels[kind as LedgerLineKind]) : kind;
}

// One line of the folded ledger (a call, or a credit movement) as table cells: when, what it paid for in words, its
// state, the net change (and what was held), the balance after and the note. Shared by the team page and the console.
import type { LedgerCall } from "@waule/shared/ledger";
import { Show } from "solid-js";
import { locale, t } from "../i18n/i18n";
import { ledgerKindLabel } from "./ledger-kinds";
import { operationLabel } from "./operations";

const signed = (n: number) => (n > 0 ? `+${n}` : String(n));

function LineSubject(props: { line: LedgerCall }) {
  return (
    <Show when={props.line.holdId} fallback={<span>{ledgerKindLabel(props.line.kind)}</span>}>
      <span>
        {props.line.operation ? operationLabel(props.line.operation) : t("team.ledger.call")}
        <Show when={props.line.model}>
          {" · "}
          {props.line.modelName ?? props.line.model}
        </Show>
      </span>
    </Show>
  );
}

export function LedgerLineCells(props: { line: LedgerCall }) {
  return (
    <>
      <td class="nowrap">{new Date(props.line.createdAt).toLocaleString(locale())}</td>
      <td data-testid="ledger-subject">
        <LineSubject line={props.line} />
      </td>
      <td data-testid="ledger-kind">
        <Show when={props.line.holdId} fallback="—">
          {ledgerKindLabel(props.line.kind)}
        </Show>
      </td>
      <td class="num" data-testid="ledger-amount">
        {signed(props.line.amount)}
        <Show when={props.line.held !== null && props.line.kind !== "hold"}>
          <span class="muted small">{t("team.ledger.held", { held: props.line.held ?? 0 })}</span>
        </Show>
      </td>
      <td class="num">{props.line.balanceAfter}</td>
      <td>{props.line.note ?? ""}</td>
    </>
  );
}

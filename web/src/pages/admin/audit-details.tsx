// An audit row's details as a person reads them: a change as field / before → after, anything else as field: value.
import { For, Show } from "solid-js";
import "../../ui/panels.css";
import { at } from "./messages";

type Fields = Record<string, unknown>;

const isFields = (v: unknown): v is Fields => typeof v === "object" && v !== null && !Array.isArray(v);

function shown(value: unknown): string {
  if (value === null || value === undefined || value === "") return "—";
  if (Array.isArray(value)) return value.map(shown).join(", ");
  if (typeof value === "object") return JSON.stringify(value);
  return String(value);
}

/** `{ changes, previous }` (what an update writes) as before/after pairs of the fields that really changed. */
function diffOf(details: Fields): { field: string; before: unknown; after: unknown }[] | null {
  const { changes, previous } = details;
  if (!isFields(changes) || !isFields(previous)) return null;
  return Object.keys(changes)
    .map((field) => ({ field, before: previous[field], after: changes[field] }))
    .filter((pair) => JSON.stringify(pair.before) !== JSON.stringify(pair.after));
}

export function AuditDetails(props: { details: Fields | null }) {
  const diff = () => (props.details ? diffOf(props.details) : null);
  return (
    <Show when={props.details}>
      {(details) => (
        <Show
          when={diff()}
          fallback={
            <dl class="audit-fields">
              <For each={Object.entries(details())}>
                {([field, value]) => (
                  <div>
                    <dt>{field}</dt>
                    <dd>{shown(value)}</dd>
                  </div>
                )}
              </For>
            </dl>
          }
        >
          {(pairs) => (
            <table class="audit-diff" data-testid="audit-diff">
              <thead>
                <tr>
                  <th>{at("audit.field")}</th>
                  <th>{at("audit.before")}</th>
                  <th>{at("audit.after")}</th>
                </tr>
              </thead>
              <tbody>
                <For each={pairs()}>
                  {(pair) => (
                    <tr>
                      <td>{pair.field}</td>
                      <td class="diff-before">{shown(pair.before)}</td>
                      <td class="diff-after">{shown(pair.after)}</td>
                    </tr>
                  )}
                </For>
              </tbody>
            </table>
          )}
        </Show>
      )}
    </Show>
  );
}

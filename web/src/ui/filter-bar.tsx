// The bar of filters above a list: selects with an "all" choice, text and date inputs, a search box, driven by a list
// of filters over one value object. A filter applies when its value is committed (a pick, Enter or blur, a date); a
// search box as it is typed. Screens add their own controls (a refresh button, range tabs) as children.
import { For, type JSX, Match, Switch } from "solid-js";
import { type Choice, InputField, SelectField } from "./form-field";
import { createFormValues } from "./form-state";

export type Filter<Name extends string = string> =
  | { kind: "select"; name: Name; label: string; all: string; options: readonly Choice[] }
  | { kind: "text" | "date"; name: Name; label: string }
  /** A search box: no visible label, its placeholder names it. */
  | { kind: "search"; name: Name; placeholder: string };

export type FilterValues = Record<string, string>;

/** One filter value object and its patching setter, the state a FilterBar reads and writes. */
export function createFilters<V extends FilterValues>(initial: V) {
  const filters = createFormValues(initial);
  return [filters.values, filters.set] as const;
}

export function FilterBar<V extends FilterValues>(props: {
  /** The filters in order; `false` leaves one out (a picker only some readers get). */
  filters: readonly (Filter<Extract<keyof V, string>> | false)[];
  value: V;
  onChange: (patch: Partial<V>) => void;
  /** Label beside the control on one line (the tenant app), instead of above it (the console). */
  inline?: boolean;
  testId?: string;
  /** The bar's layout class; "filters" (a wrapping row) unless the screen lays them out in its own grid. */
  class?: string;
  /** Controls before the filters (range tabs) and after them (refresh, export). */
  before?: JSX.Element;
  children?: JSX.Element;
}) {
  const set = (name: string, value: string) => props.onChange({ [name]: value } as Partial<V>);
  return (
    <div class={props.class ?? "filters"} data-testid={props.testId}>
      {props.before}
      <For each={props.filters.filter((f) => f !== false)}>
        {(f) => (
          <Switch>
            <Match when={f.kind === "select" && f}>
              {(s) => (
                <SelectField
                  label={s().label}
                  name={s().name}
                  all={s().all}
                  options={s().options}
                  inline={props.inline}
                  value={props.value[f.name] ?? ""}
                  onValue={(v) => set(f.name, v)}
                />
              )}
            </Match>
            <Match when={f.kind === "search" && f}>
              {(s) => (
                <input
                  name={s().name}
                  type="search"
                  placeholder={s().placeholder}
                  aria-label={s().placeholder}
                  value={props.value[f.name] ?? ""}
                  onInput={(e) => set(f.name, e.currentTarget.value)}
                />
              )}
            </Match>
            <Match when={(f.kind === "text" || f.kind === "date") && f}>
              {(i) => (
                <InputField
                  label={i().label}
                  name={i().name}
                  type={i().kind === "date" ? "date" : undefined}
                  inline={props.inline}
                  commit="change"
                  value={props.value[f.name] ?? ""}
                  onValue={(v) => set(f.name, v)}
                />
              )}
            </Match>
          </Switch>
        )}
      </For>
      {props.children}
    </div>
  );
}

// History's filters: kind of work, model and date range for everyone; the user picker only for tenant admins.
import { createResource, For, Show } from "solid-js";
import { api } from "../../api/api";
import { modelLabel } from "../../api/models";
import { t } from "../../i18n/i18n";
import { operationLabel, operations } from "../../ui/operations";

export type HistoryFilter = { operation: string; model: string; userId: string; from: string; to: string };
export const noFilter: HistoryFilter = { operation: "", model: "", userId: "", from: "", to: "" };

function Picker(props: {
  name: keyof HistoryFilter;
  label: string;
  all: string;
  value: string;
  options: { value: string; label: string }[];
  onChange: (value: string) => void;
}) {
  return (
    <label class="field inline">
      <span>{props.label}</span>
      <select name={props.name} value={props.value} onChange={(e) => props.onChange(e.currentTarget.value)}>
        <option value="">{props.all}</option>
        <For each={props.options}>{(o) => <option value={o.value}>{o.label}</option>}</For>
      </select>
    </label>
  );
}

export function HistoryFilters(props: {
  filter: HistoryFilter;
  showUsers: boolean;
  onChange: (change: Partial<HistoryFilter>) => void;
}) {
  const [models] = createResource(() => api.models());
  const [users] = createResource(
    () => props.showUsers,
    () => api.team.users(),
  );
  const modelOptions = () => (models.error ? [] : (models() ?? [])).map((m) => ({ value: m.id, label: modelLabel(m) }));
  const userOptions = () =>
    (users.error ? [] : (users()?.data ?? [])).map((u) => ({ value: u.id, label: u.nickname ?? u.username }));
  return (
    <div class="filters" data-testid="history-filters">
      <Picker
        name="operation"
        label={t("history.type")}
        all={t("history.allTypes")}
        value={props.filter.operation}
        options={operations.map((o) => ({ value: o, label: operationLabel(o) }))}
        onChange={(operation) => props.onChange({ operation })}
      />
      <Picker
        name="model"
        label={t("history.model")}
        all={t("history.allModels")}
        value={props.filter.model}
        options={modelOptions()}
        onChange={(model) => props.onChange({ model })}
      />
      <Show when={props.showUsers}>
        <Picker
          name="userId"
          label={t("history.user")}
          all={t("history.allUsers")}
          value={props.filter.userId}
          options={userOptions()}
          onChange={(userId) => props.onChange({ userId })}
        />
      </Show>
      <label class="field inline">
        <span>{t("history.from")}</span>
        <input
          type="date"
          name="from"
          value={props.filter.from}
          onChange={(e) => props.onChange({ from: e.currentTarget.value })}
        />
      </label>
      <label class="field inline">
        <span>{t("history.to")}</span>
        <input
          type="date"
          name="to"
          value={props.filter.to}
          onChange={(e) => props.onChange({ to: e.currentTarget.value })}
        />
      </label>
    </div>
  );
}

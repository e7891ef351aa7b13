// Price groups: list, create, change the ratio or the per-model overrides, delete (the server refuses while tenants use one).
import type { PriceGroupView } from "@waule/shared/price-groups";
import { createResource, createSignal, For } from "solid-js";
import { ErrorMessage } from "../../ui/error-message";
import { createFormsErrors } from "../../ui/form-errors";
import { InputField } from "../../ui/form-field";
import { adminApi } from "./admin-api";
import { at } from "./messages";

/** The overrides field as typed: a JSON object, or an error shown before anything is sent. */
function parseOverrides(text: string): Record<string, Record<string, number>> {
  const value: unknown = JSON.parse(text.trim() || "{}");
  if (typeof value !== "object" || value === null || Array.isArray(value)) throw new Error(at("groups.badJson"));
  return value as Record<string, Record<string, number>>;
}

export function PriceGroupsScreen() {
  const [groups, { refetch }] = createResource(() => adminApi.priceGroups());
  const [error, setError] = createSignal<unknown>(null);
  const [id, setId] = createSignal("");
  const [name, setName] = createSignal("");
  const [ratio, setRatio] = createSignal("1");
  const [overrides, setOverrides] = createSignal("{}");
  // A row's save or delete has no inputs of its own form: its issues stay in the alert.
  const fields = createFormsErrors(error, { create: ["id", "name", "ratio", "overrides"] });

  async function act(change: () => Promise<unknown>) {
    setError(null);
    try {
      await change();
      await refetch();
    } catch (err) {
      setError(err);
    }
  }

  return (
    <section class="page">
      <h1>{at("groups.title")}</h1>
      <p class="muted small">{at("groups.hint")}</p>
      <ErrorMessage error={fields.rest() ?? groups.error} />
      <table class="table" data-testid="price-groups-table">
        <thead>
          <tr>
            <th>{at("groups.id")}</th>
            <th>{at("groups.name")}</th>
            <th>{at("groups.ratio")}</th>
            <th>{at("groups.overrides")}</th>
            <th>{at("groups.tenants")}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          <For each={groups.latest?.data ?? []}>
            {(g) => <GroupRow group={g} act={(change) => fields.sentBy(null, () => act(change))} />}
          </For>
        </tbody>
      </table>
      <form
        class="card form"
        data-testid="create-price-group"
        onSubmit={(e) => {
          e.preventDefault();
          void fields.sentBy("create", () =>
            act(() =>
              adminApi.createPriceGroup({
                id: id().trim(),
                name: name().trim(),
                ratio: Number(ratio()),
                overrides: parseOverrides(overrides()),
              }),
            ),
          );
        }}
      >
        <InputField label={at("groups.id")} error={fields.of("id")} name="groupId" value={id()} onValue={setId} />
        <InputField
          label={at("groups.name")}
          error={fields.of("name")}
          name="groupName"
          value={name()}
          onValue={setName}
        />
        <InputField
          label={at("groups.ratio")}
          error={fields.of("ratio")}
          name="groupRatio"
          value={ratio()}
          onValue={setRatio}
        />
        <InputField
          label={at("groups.overrides")}
          error={fields.of("overrides")}
          name="groupOverrides"
          value={overrides()}
          onValue={setOverrides}
        />
        <button type="submit" class="button primary">
          {at("groups.create")}
        </button>
      </form>
    </section>
  );
}

function GroupRow(props: { group: PriceGroupView; act: (change: () => Promise<unknown>) => Promise<void> }) {
  const [ratio, setRatio] = createSignal(String(props.group.ratio));
  const [overrides, setOverrides] = createSignal(JSON.stringify(props.group.overrides));
  return (
    <tr data-testid={`price-group-${props.group.id}`}>
      <td>
        <code>{props.group.id}</code>
      </td>
      <td>{props.group.name}</td>
      <td>
        <input name="ratio" value={ratio()} onInput={(e) => setRatio(e.currentTarget.value)} />
      </td>
      <td>
        <input name="overrides" value={overrides()} onInput={(e) => setOverrides(e.currentTarget.value)} />
      </td>
      <td>{props.group.tenants}</td>
      <td class="actions">
        <button
          type="button"
          class="button"
          data-testid="save-price-group"
          onClick={() =>
            void props.act(() =>
              adminApi.patchPriceGroup(props.group.id, {
                ratio: Number(ratio()),
                overrides: parseOverrides(overrides()),
              }),
            )
          }
        >
          {at("groups.save")}
        </button>
        <button
          type="button"
          class="button"
          onClick={() =>
            globalThis.confirm?.(at("groups.deleteConfirm")) !== false &&
            void props.act(() => adminApi.deletePriceGroup(props.group.id))
          }
        >
          {at("groups.delete")}
        </button>
      </td>
    </tr>
  );
}

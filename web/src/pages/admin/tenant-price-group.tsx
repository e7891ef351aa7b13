// The tenant screen's price-group choice: a group from /admin/api/price-groups, or the catalogue's prices.
import { createResource, createSignal, For } from "solid-js";
import { ErrorMessage } from "../../ui/error-message";
import { adminApi } from "./admin-api";
import { at } from "./messages";

export function TenantPriceGroup(props: { tenantId: string; current: string | null; onSaved: () => void }) {
  const [groups] = createResource(() => adminApi.priceGroups());
  const [error, setError] = createSignal<unknown>(null);
  async function choose(value: string) {
    setError(null);
    try {
      await adminApi.setTenantPriceGroup(props.tenantId, value === "" ? null : value);
      props.onSaved();
    } catch (err) {
      setError(err);
    }
  }
  return (
    <div class="card">
      <label class="field">
        <span>{at("tenant.priceGroup")}</span>
        <select
          name="priceGroup"
          data-testid="tenant-price-group"
          value={props.current ?? ""}
          onChange={(e) => void choose(e.currentTarget.value)}
        >
          <option value="">{at("tenant.priceGroup.none")}</option>
          <For each={groups.latest?.data ?? []}>
            {(g) => (
              <option value={g.id} selected={g.id === props.current}>
                {g.name} ({g.id}, ×{g.ratio})
              </option>
            )}
          </For>
        </select>
      </label>
      <ErrorMessage error={error() ?? groups.error} />
    </div>
  );
}

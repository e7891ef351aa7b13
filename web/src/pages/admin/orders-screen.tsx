// Every tenant's orders, filtered by status and tenant, with a button that asks the provider about a waiting one.
import { createSignal, For, Show } from "solid-js";
import { formatPrice } from "../../api/commerce";
import { createChangeRunner } from "../../ui/change-runner";
import { ErrorMessage } from "../../ui/error-message";
import { createPagedList } from "../../ui/paged-list";
import { adminApi } from "./admin-api";
import { at } from "./messages";
import { formatDate, PagedTable } from "./parts";

const statuses = ["created", "paid", "credited", "expired", "failed"] as const;

export function OrdersScreen() {
  const [status, setStatus] = createSignal("");
  const [tenantId, setTenantId] = createSignal("");
  const paged = createPagedList({
    pageSize: 20,
    query: () => ({ status: status() || undefined, tenant_id: tenantId().trim() || undefined }),
    load: (q) => adminApi.orders(q),
  });
  const { error, run } = createChangeRunner(() => paged.refetch());
  return (
    <section class="page">
      <h1>{at("orders.title")}</h1>
      <div class="filters">
        <label class="field">
          <span>{at("orders.status")}</span>
          <select
            name="status"
            value={status()}
            onChange={(e) => paged.refilter(() => setStatus(e.currentTarget.value))}
          >
            <option value="">{at("tasks.any")}</option>
            <For each={statuses}>{(s) => <option value={s}>{s}</option>}</For>
          </select>
        </label>
        <label class="field">
          <span>{at("orders.tenant")}</span>
          <input
            name="tenantId"
            value={tenantId()}
            onChange={(e) => paged.refilter(() => setTenantId(e.currentTarget.value))}
          />
        </label>
      </div>
      <ErrorMessage error={error()} />
      <PagedTable
        paged={paged}
        testId="admin-orders"
        columns={7}
        head={
          <>
            <th>{at("common.created")}</th>
            <th>{at("orders.tenant")}</th>
            <th>{at("orders.package")}</th>
            <th>{at("orders.provider")}</th>
            <th>{at("orders.amount")}</th>
            <th>{at("orders.status")}</th>
            <th>{at("common.actions")}</th>
          </>
        }
      >
        {(o) => (
          <tr>
            <td>{formatDate(o.created_at)}</td>
            <td>{o.tenant_id}</td>
            <td>
              {o.package_name} ({o.credits} + {o.bonus_credits})
            </td>
            <td>{o.provider}</td>
            <td>{formatPrice(o.amount, o.currency)}</td>
            <td data-status={o.status}>{o.status}</td>
            <td>
              <Show when={o.status === "created" || o.status === "expired"}>
                <button class="button" type="button" onClick={() => void run(() => adminApi.reconcileOrder(o.id))}>
                  {at("orders.reconcile")}
                </button>
              </Show>
            </td>
          </tr>
        )}
      </PagedTable>
    </section>
  );
}

// Every tenant's orders, filtered by status and tenant, with a button that asks the provider about a waiting one.
import { Show } from "solid-js";
import { formatPrice } from "../../api/commerce";
import { createChangeRunner } from "../../ui/change-runner";
import { ErrorMessage } from "../../ui/error-message";
import { createFilters, FilterBar } from "../../ui/filter-bar";
import { createPagedList } from "../../ui/paged-list";
import { adminApi } from "./admin-api";
import { at } from "./messages";
import { formatDate, PagedTable } from "./parts";

const statusChoices = ["created", "paid", "credited", "expired", "failed"].map((s) => ({ value: s, label: s }));

export function OrdersScreen() {
  const [filter, setFilter] = createFilters({ status: "", tenantId: "" });
  const paged = createPagedList({
    pageSize: 20,
    query: () => ({ status: filter().status || undefined, tenant_id: filter().tenantId.trim() || undefined }),
    load: (q) => adminApi.orders(q),
  });
  const { error, run } = createChangeRunner(() => paged.refetch());
  return (
    <section class="page">
      <h1>{at("orders.title")}</h1>
      <FilterBar
        filters={[
          { kind: "select", name: "status", label: at("orders.status"), all: at("tasks.any"), options: statusChoices },
          { kind: "text", name: "tenantId", label: at("orders.tenant") },
        ]}
        value={filter()}
        onChange={(patch) => paged.refilter(() => setFilter(patch))}
      />
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

// Tenants: search, sort, pages; and the create form, whose answer shows the first API key this once.
import type { TenantCreateResponse } from "@waule/shared/admin";
import { createSignal, Show } from "solid-js";
import { ErrorMessage } from "../../ui/error-message";
import { FilterBar } from "../../ui/filter-bar";
import { InputField } from "../../ui/form-field";
import { createForm } from "../../ui/form-state";
import { createPagedList } from "../../ui/paged-list";
import { adminApi } from "./admin-api";
import { at } from "./messages";
import { AdminLink, formatDate, PagedTable } from "./parts";

const LIMIT = 20;
type Sort = "createdAt" | "name" | "credits";

export function TenantsScreen() {
  const [q, setQ] = createSignal("");
  const [sort, setSort] = createSignal<Sort>("createdAt");
  const [order, setOrder] = createSignal<"asc" | "desc">("desc");
  const paged = createPagedList({
    pageSize: LIMIT,
    query: () => ({ q: q(), sort: sort(), order: order() }),
    load: (query) => adminApi.tenants(query),
  });
  const sortBy = (column: Sort) =>
    paged.refilter(() => {
      if (sort() === column) setOrder(order() === "asc" ? "desc" : "asc");
      else {
        setSort(column);
        setOrder(column === "name" ? "asc" : "desc");
      }
    });
  const arrow = (column: Sort) => (sort() === column ? (order() === "asc" ? " ↑" : " ↓") : "");

  return (
    <section class="page">
      <h1>{at("tenants.title")}</h1>
      <CreateTenant onCreated={() => paged.refetch()} />
      <FilterBar
        filters={[{ kind: "search", name: "search", placeholder: at("tenants.search") }]}
        value={{ search: q() }}
        onChange={(patch) => paged.refilter(() => setQ(patch.search ?? ""))}
      />
      <PagedTable
        paged={paged}
        testId="tenants-table"
        columns={5}
        head={
          <>
            <th>
              <button type="button" class="sort" onClick={() => sortBy("name")}>
                {at("tenants.name")}
                {arrow("name")}
              </button>
            </th>
            <th>ID</th>
            <th class="num">
              <button type="button" class="sort" onClick={() => sortBy("credits")}>
                {at("tenants.credits")}
                {arrow("credits")}
              </button>
            </th>
            <th>{at("tenants.status")}</th>
            <th>
              <button type="button" class="sort" onClick={() => sortBy("createdAt")}>
                {at("common.created")}
                {arrow("createdAt")}
              </button>
            </th>
          </>
        }
      >
        {(tenant) => (
          <tr>
            <td>
              <AdminLink to={`/admin/tenants/${encodeURIComponent(tenant.id)}`}>{tenant.name}</AdminLink>
            </td>
            <td class="muted small">{tenant.id}</td>
            <td class="num">{tenant.credits}</td>
            <td>{tenant.isActive ? at("common.active") : at("common.inactive")}</td>
            <td>{formatDate(tenant.createdAt)}</td>
          </tr>
        )}
      </PagedTable>
    </section>
  );
}

function CreateTenant(props: { onCreated: () => void }) {
  const [error, setError] = createSignal<unknown>(null);
  const form = createForm(error, { name: "", credits: "0", maxUsers: "10" });
  const [created, setCreated] = createSignal<TenantCreateResponse | null>(null);
  const [busy, setBusy] = createSignal(false);

  async function submit(e: SubmitEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    setCreated(null);
    try {
      const v = form.values();
      setCreated(
        await adminApi.createTenant({ name: v.name.trim(), credits: Number(v.credits), maxUsers: Number(v.maxUsers) }),
      );
      form.set({ name: "" });
      props.onCreated();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form class="card form" onSubmit={submit} data-testid="create-tenant">
      <h2>{at("tenants.create")}</h2>
      <div class="field-row">
        <InputField label={at("tenants.name")} {...form.bind("name")} name="tenantName" required />
        <InputField
          label={at("tenants.openingCredits")}
          {...form.bind("credits")}
          name="openingCredits"
          type="number"
          min="0"
          step="1"
        />
        <InputField
          label={at("tenants.maxUsers")}
          {...form.bind("maxUsers")}
          name="maxUsers"
          type="number"
          min="1"
          step="1"
        />
      </div>
      <ErrorMessage error={form.rest()} />
      <button class="button primary" type="submit" disabled={busy()}>
        {at("tenants.create")}
      </button>
      <Show when={created()}>
        {(c) => (
          <div class="estimate" data-testid="created-tenant">
            <p>{at("tenants.created")}</p>
            <code data-testid="created-api-key">{c().apiKey}</code>
            <p>
              <AdminLink to={`/admin/tenants/${encodeURIComponent(c().tenant.id)}`} testid="created-tenant-link">
                {c().tenant.name} ({c().tenant.id})
              </AdminLink>
            </p>
          </div>
        )}
      </Show>
    </form>
  );
}

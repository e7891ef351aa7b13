// The audit trail: every operator write, newest first.
import { createFilters, FilterBar } from "../../ui/filter-bar";
import { createPagedList } from "../../ui/paged-list";
import { adminApi } from "./admin-api";
import { AuditDetails } from "./audit-details";
import { at } from "./messages";
import { formatDate, PagedTable } from "./parts";

const LIMIT = 30;

export function AuditScreen() {
  const [filter, setFilter] = createFilters({ targetId: "" });
  const paged = createPagedList({
    pageSize: LIMIT,
    query: () => ({ targetId: filter().targetId.trim() || undefined }),
    load: (q) => adminApi.audit(q),
  });
  return (
    <section class="page">
      <h1>{at("audit.title")}</h1>
      <FilterBar
        filters={[{ kind: "text", name: "targetId", label: at("audit.target") }]}
        value={filter()}
        onChange={(patch) => paged.refilter(() => setFilter(patch))}
      />
      <PagedTable
        paged={paged}
        testId="audit-table"
        columns={5}
        head={
          <>
            <th>{at("audit.when")}</th>
            <th>{at("audit.who")}</th>
            <th>{at("audit.action")}</th>
            <th>{at("audit.target")}</th>
            <th>{at("audit.details")}</th>
          </>
        }
      >
        {(row) => (
          <tr>
            <td>{formatDate(row.createdAt)}</td>
            <td>{row.adminUsername}</td>
            <td>
              <code>{row.action}</code>
            </td>
            <td class="small">
              {row.targetType} {row.targetId ?? ""}
            </td>
            <td class="small">
              <AuditDetails details={row.details} />
            </td>
          </tr>
        )}
      </PagedTable>
    </section>
  );
}

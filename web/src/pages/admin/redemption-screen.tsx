// Redemption codes (卡密): generate a batch (codes shown once), then the batches with their uses, disable and CSV export.
import type { RedemptionBatchCreated } from "@waule/shared/redemption";
import { createSignal, For, Show } from "solid-js";
import { ErrorMessage } from "../../ui/error-message";
import { InputField } from "../../ui/form-field";
import { createForm } from "../../ui/form-state";
import { createPagedList } from "../../ui/paged-list";
import { saveFile } from "../../ui/save-file";
import { adminApi } from "./admin-api";
import { type AdminMessageKey, at } from "./messages";
import { formatDate, PagedTable } from "./parts";

function CreateBatch(props: { onCreated: (created: RedemptionBatchCreated) => void }) {
  const [error, setError] = createSignal<unknown>(null);
  const [busy, setBusy] = createSignal(false);
  const form = createForm(error, {
    count: "10",
    credits: "",
    max_uses: "1",
    expires_at: "",
    validity_days: "",
    note: "",
  });
  async function submit(e: SubmitEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const v = form.values();
      const created = await adminApi.createRedemptionBatch({
        count: Number(v.count),
        credits: Number(v.credits),
        max_uses: Number(v.max_uses),
        expires_at: v.expires_at ? new Date(v.expires_at).toISOString() : undefined,
        validity_days: v.validity_days ? Number(v.validity_days) : undefined,
        note: v.note.trim() || undefined,
      });
      form.set({ credits: "", note: "" });
      props.onCreated(created);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }
  return (
    <form class="card form" data-testid="redemption-create" onSubmit={submit}>
      <h2>{at("redemption.create")}</h2>
      <div class="field-row">
        <InputField
          label={at("redemption.count")}
          {...form.bind("count")}
          name="codeCount"
          type="number"
          min="1"
          max="1000"
          required
        />
        <InputField
          label={at("redemption.credits")}
          {...form.bind("credits")}
          name="codeCredits"
          type="number"
          min="1"
          required
        />
        <InputField
          label={at("redemption.maxUses")}
          {...form.bind("max_uses")}
          name="codeMaxUses"
          type="number"
          min="1"
          required
        />
      </div>
      <div class="field-row">
        <InputField
          label={at("redemption.expires")}
          {...form.bind("expires_at")}
          name="codeExpires"
          type="datetime-local"
        />
        <InputField
          label={at("redemption.validity")}
          {...form.bind("validity_days")}
          name="codeValidity"
          type="number"
          min="1"
          max="3650"
        />
        <InputField label={at("redemption.note")} {...form.bind("note")} name="codeNote" maxLength={200} />
      </div>
      <ErrorMessage error={form.rest()} />
      <button class="button primary" type="submit" disabled={busy()}>
        {at("redemption.submit")}
      </button>
    </form>
  );
}

export function RedemptionScreen() {
  const [created, setCreated] = createSignal<RedemptionBatchCreated | null>(null);
  const [version, setVersion] = createSignal(0);
  const [error, setError] = createSignal<unknown>(null);
  const batches = createPagedList({
    pageSize: 20,
    query: () => ({ v: version() }),
    load: (q) => adminApi.redemptionBatches({ page: q.page, limit: q.limit }),
  });
  async function act(work: () => Promise<void>) {
    setError(null);
    try {
      await work();
    } catch (err) {
      setError(err);
    }
  }
  return (
    <section class="page">
      <h1>{at("redemption.title")}</h1>
      <CreateBatch
        onCreated={(c) => {
          setCreated(c);
          setVersion(version() + 1);
        }}
      />
      <Show when={created()}>
        {(c) => (
          <div class="card form new-key" data-testid="new-codes">
            <strong>{at("redemption.once")}</strong>
            <ul class="codes" data-testid="new-codes-list">
              <For each={c().codes}>
                {(code) => (
                  <li>
                    <code class="secret">{code}</code>
                  </li>
                )}
              </For>
            </ul>
            <div class="actions">
              <button
                type="button"
                class="button"
                onClick={() =>
                  saveFile(new Blob([`${c().codes.join("\n")}\n`], { type: "text/plain" }), `${c().batch.id}.txt`)
                }
              >
                {at("redemption.copy")}
              </button>
              <button type="button" class="button ghost" data-testid="dismiss-codes" onClick={() => setCreated(null)}>
                {at("redemption.dismiss")}
              </button>
            </div>
          </div>
        )}
      </Show>
      <ErrorMessage error={error()} />
      <div class="card table-card">
        <h2>{at("redemption.batches")}</h2>
        <PagedTable
          paged={batches}
          testId="batches-table"
          columns={7}
          inCard
          head={
            <>
              <th>{at("common.created")}</th>
              <th>{at("redemption.note")}</th>
              <th class="num">{at("redemption.credits")}</th>
              <th class="num">{at("redemption.uses")}</th>
              <th>{at("redemption.state")}</th>
              <th>{at("redemption.expires")}</th>
              <th />
            </>
          }
        >
          {(b) => (
            <tr data-testid={`batch-${b.id}`} data-state={b.state}>
              <td>{formatDate(b.created_at)}</td>
              <td>{b.note ?? ""}</td>
              <td class="num">{b.credits}</td>
              <td class="num" data-testid="batch-uses">
                {b.uses} / {b.code_count * b.max_uses}
              </td>
              <td>{at(`redemption.state.${b.state}` as AdminMessageKey)}</td>
              <td>{formatDate(b.expires_at)}</td>
              <td class="actions">
                <button
                  type="button"
                  class="button"
                  data-testid="export-batch"
                  onClick={() =>
                    void act(async () => saveFile(await adminApi.exportRedemptionBatch(b.id), `${b.id}.csv`))
                  }
                >
                  {at("redemption.export")}
                </button>
                <Show when={b.state !== "disabled"}>
                  <button
                    type="button"
                    class="button"
                    data-testid="disable-batch"
                    onClick={() =>
                      void act(async () => {
                        if (!window.confirm(at("redemption.confirmDisable"))) return;
                        await adminApi.disableRedemptionBatch(b.id);
                        setVersion(version() + 1);
                      })
                    }
                  >
                    {at("redemption.disable")}
                  </button>
                </Show>
              </td>
            </tr>
          )}
        </PagedTable>
      </div>
    </section>
  );
}

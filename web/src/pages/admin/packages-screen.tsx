// Recharge packages: the list (on sale or not), putting one on or off sale, deleting, and adding a new one.
import type { Currency } from "@waule/shared/packages";
import { createResource, createSignal, For, Show } from "solid-js";
import { formatPrice } from "../../api/commerce";
import { createChangeRunner } from "../../ui/change-runner";
import { ErrorMessage } from "../../ui/error-message";
import { adminApi } from "./admin-api";
import { at } from "./messages";

export function PackagesScreen() {
  const [packages, { refetch }] = createResource(() => adminApi.packages());
  const { error, run } = createChangeRunner(() => refetch());
  const [name, setName] = createSignal("");
  const [currency, setCurrency] = createSignal<Currency>("CNY");
  const [price, setPrice] = createSignal("");
  const [credits, setCredits] = createSignal("");
  const [bonus, setBonus] = createSignal("0");
  const [validity, setValidity] = createSignal("");
  const [sort, setSort] = createSignal("0");

  return (
    <section class="page">
      <h1>{at("packages.title")}</h1>
      <Show when={packages.error}>
        <ErrorMessage error={packages.error} />
      </Show>
      <div class="card table-card">
        <table class="table" data-testid="admin-packages">
          <thead>
            <tr>
              <th>{at("packages.name")}</th>
              <th>{at("orders.amount")}</th>
              <th>{at("packages.credits")}</th>
              <th>{at("packages.bonus")}</th>
              <th>{at("packages.validity")}</th>
              <th>{at("packages.sort")}</th>
              <th>{at("packages.enabled")}</th>
              <th>{at("common.actions")}</th>
            </tr>
          </thead>
          <tbody>
            <For each={packages.error ? [] : (packages.latest?.data ?? [])}>
              {(pkg) => (
                <tr>
                  <td>{pkg.name}</td>
                  <td>{formatPrice(pkg.price, pkg.currency)}</td>
                  <td>{pkg.credits}</td>
                  <td>{pkg.bonusCredits}</td>
                  <td>{pkg.validityDays ?? "—"}</td>
                  <td>{pkg.sortOrder}</td>
                  <td>{pkg.enabled ? at("common.yes") : at("common.no")}</td>
                  <td>
                    <button
                      class="button"
                      type="button"
                      onClick={() => void run(() => adminApi.patchPackage(pkg.id, { enabled: !pkg.enabled }))}
                    >
                      {at("packages.toggle")}
                    </button>{" "}
                    <button
                      class="button ghost"
                      type="button"
                      onClick={() => void run(() => adminApi.deletePackage(pkg.id))}
                    >
                      {at("packages.delete")}
                    </button>
                  </td>
                </tr>
              )}
            </For>
          </tbody>
        </table>
      </div>
      <ErrorMessage error={error()} />
      <form
        class="card form"
        data-testid="package-form"
        onSubmit={(e) => {
          e.preventDefault();
          void run(async () => {
            await adminApi.createPackage({
              name: name().trim(),
              currency: currency(),
              price: Number(price()),
              credits: Number(credits()),
              bonusCredits: Number(bonus() || 0),
              validityDays: validity() ? Number(validity()) : null,
              sortOrder: Number(sort() || 0),
            });
            setName("");
            setPrice("");
            setCredits("");
          });
        }}
      >
        <h2>{at("packages.add")}</h2>
        <div class="field-row">
          <label class="field">
            <span>{at("packages.name")}</span>
            <input name="packageName" required value={name()} onInput={(e) => setName(e.currentTarget.value)} />
          </label>
          <label class="field">
            <span>{at("packages.currency")}</span>
            <select
              name="packageCurrency"
              value={currency()}
              onChange={(e) => setCurrency(e.currentTarget.value as Currency)}
            >
              <option value="CNY">CNY</option>
              <option value="USD">USD</option>
            </select>
          </label>
          <label class="field">
            <span>{at("packages.price")}</span>
            <input
              name="packagePrice"
              type="number"
              required
              min="1"
              value={price()}
              onInput={(e) => setPrice(e.currentTarget.value)}
            />
          </label>
          <label class="field">
            <span>{at("packages.credits")}</span>
            <input
              name="packageCredits"
              type="number"
              required
              min="1"
              value={credits()}
              onInput={(e) => setCredits(e.currentTarget.value)}
            />
          </label>
          <label class="field">
            <span>{at("packages.bonus")}</span>
            <input
              name="packageBonus"
              type="number"
              min="0"
              value={bonus()}
              onInput={(e) => setBonus(e.currentTarget.value)}
            />
          </label>
          <label class="field">
            <span>{at("packages.validity")}</span>
            <input
              name="packageValidity"
              type="number"
              min="1"
              value={validity()}
              onInput={(e) => setValidity(e.currentTarget.value)}
            />
          </label>
          <label class="field">
            <span>{at("packages.sort")}</span>
            <input name="packageSort" type="number" value={sort()} onInput={(e) => setSort(e.currentTarget.value)} />
          </label>
        </div>
        <button class="button" type="submit">
          {at("packages.add")}
        </button>
      </form>
    </section>
  );
}

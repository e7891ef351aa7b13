// Recharge packages: the list (on sale or not), putting one on or off sale, deleting, and adding a new one.
import type { Currency } from "@waule/shared/packages";
import { createResource, createSignal, For, Show } from "solid-js";
import { formatPrice } from "../../api/commerce";
import { createChangeRunner } from "../../ui/change-runner";
import { ErrorMessage } from "../../ui/error-message";
import { createFormErrors } from "../../ui/form-errors";
import { InputField, SelectField } from "../../ui/form-field";
import { adminApi } from "./admin-api";
import { at } from "./messages";

const currencies = ["CNY", "USD"].map((c) => ({ value: c, label: c }));

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
  // A row's toggle or delete sends none of these, so its refusal stays in the alert.
  const fields = createFormErrors(error, [
    "name",
    "currency",
    "price",
    "credits",
    "bonusCredits",
    "validityDays",
    "sortOrder",
  ]);

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
      <ErrorMessage error={fields.rest()} />
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
          <InputField
            label={at("packages.name")}
            error={fields.of("name")}
            name="packageName"
            required
            value={name()}
            onValue={setName}
          />
          <SelectField
            label={at("packages.currency")}
            error={fields.of("currency")}
            name="packageCurrency"
            value={currency()}
            onValue={(v) => setCurrency(v as Currency)}
            options={currencies}
          />
          <InputField
            label={at("packages.price")}
            error={fields.of("price")}
            name="packagePrice"
            type="number"
            required
            min="1"
            value={price()}
            onValue={setPrice}
          />
          <InputField
            label={at("packages.credits")}
            error={fields.of("credits")}
            name="packageCredits"
            type="number"
            required
            min="1"
            value={credits()}
            onValue={setCredits}
          />
          <InputField
            label={at("packages.bonus")}
            error={fields.of("bonusCredits")}
            name="packageBonus"
            type="number"
            min="0"
            value={bonus()}
            onValue={setBonus}
          />
          <InputField
            label={at("packages.validity")}
            error={fields.of("validityDays")}
            name="packageValidity"
            type="number"
            min="1"
            value={validity()}
            onValue={setValidity}
          />
          <InputField
            label={at("packages.sort")}
            error={fields.of("sortOrder")}
            name="packageSort"
            type="number"
            value={sort()}
            onValue={setSort}
          />
        </div>
        <button class="button" type="submit">
          {at("packages.add")}
        </button>
      </form>
    </section>
  );
}

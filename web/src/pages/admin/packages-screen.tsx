// Recharge packages: the list (on sale or not), putting one on or off sale, deleting, and adding a new one.
import type { Currency } from "@waule/shared/packages";
import { createResource, For, Show } from "solid-js";
import { formatPrice } from "../../api/commerce";
import { createChangeRunner } from "../../ui/change-runner";
import { ErrorMessage } from "../../ui/error-message";
import { InputField, SelectField } from "../../ui/form-field";
import { createForm } from "../../ui/form-state";
import { adminApi } from "./admin-api";
import { at } from "./messages";

const currencies = ["CNY", "USD"].map((c) => ({ value: c, label: c }));

export function PackagesScreen() {
  const [packages, { refetch }] = createResource(() => adminApi.packages());
  const { error, run } = createChangeRunner(() => refetch());
  // A row's toggle or delete sends none of these, so its refusal stays in the alert.
  const form = createForm(error, {
    name: "",
    currency: "CNY",
    price: "",
    credits: "",
    bonusCredits: "0",
    validityDays: "",
    sortOrder: "0",
  });

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
      <ErrorMessage error={form.rest()} />
      <form
        class="card form"
        data-testid="package-form"
        onSubmit={(e) => {
          e.preventDefault();
          void run(async () => {
            const v = form.values();
            await adminApi.createPackage({
              name: v.name.trim(),
              currency: v.currency as Currency,
              price: Number(v.price),
              credits: Number(v.credits),
              bonusCredits: Number(v.bonusCredits || 0),
              validityDays: v.validityDays ? Number(v.validityDays) : null,
              sortOrder: Number(v.sortOrder || 0),
            });
            form.set({ name: "", price: "", credits: "" });
          });
        }}
      >
        <h2>{at("packages.add")}</h2>
        <div class="field-row">
          <InputField label={at("packages.name")} {...form.bind("name")} name="packageName" required />
          <SelectField
            label={at("packages.currency")}
            {...form.bind("currency")}
            name="packageCurrency"
            options={currencies}
          />
          <InputField
            label={at("packages.price")}
            {...form.bind("price")}
            name="packagePrice"
            type="number"
            required
            min="1"
          />
          <InputField
            label={at("packages.credits")}
            {...form.bind("credits")}
            name="packageCredits"
            type="number"
            required
            min="1"
          />
          <InputField
            label={at("packages.bonus")}
            {...form.bind("bonusCredits")}
            name="packageBonus"
            type="number"
            min="0"
          />
          <InputField
            label={at("packages.validity")}
            {...form.bind("validityDays")}
            name="packageValidity"
            type="number"
            min="1"
          />
          <InputField label={at("packages.sort")} {...form.bind("sortOrder")} name="packageSort" type="number" />
        </div>
        <button class="button" type="submit">
          {at("packages.add")}
        </button>
      </form>
    </section>
  );
}

// One paid form submission: busy while it runs, its error kept for display, and the header's balance re-read afterwards either way.
import { createSignal, Show } from "solid-js";
import { BalanceShort, isShort } from "./balance-short";
import { ErrorMessage } from "./error-message";

export function createSubmission(options: {
  /** Credits may have moved (a hold, a charge, or a concurrent request): the header re-reads after every attempt. */
  onCreditsChanged: () => void;
  /** Turns a client-side failure into something ErrorMessage can show (e.g. a translated file problem). */
  describeError?: (err: unknown) => unknown;
}) {
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal<unknown>(null);

  async function run(action: () => Promise<void>): Promise<void> {
    setBusy(true);
    setError(null);
    try {
      await action();
    } catch (err) {
      setError(options.describeError ? options.describeError(err) : err);
    } finally {
      setBusy(false);
      options.onCreditsChanged();
    }
  }

  return { busy, error, run };
}

export type Submission = ReturnType<typeof createSubmission>;

/**
 * The form's last error and its submit button, which says it is working while the submission runs. Given the price the
 * page shows (`estimate`), the button stays disabled, with the reason, while the balance cannot cover it.
 */
export function SubmitRow(props: {
  submission: Submission;
  disabled: boolean;
  label: string;
  busyLabel: string;
  estimate?: number | null;
}) {
  return (
    <>
      <ErrorMessage error={props.submission.error()} />
      <BalanceShort estimate={props.estimate} />
      <button
        class="button primary"
        type="submit"
        disabled={props.disabled || props.submission.busy() || isShort(props.estimate)}
      >
        <Show when={props.submission.busy()} fallback={props.label}>
          {props.busyLabel}
        </Show>
      </button>
    </>
  );
}

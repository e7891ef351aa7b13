// The frame every creation page shares (images, video, speech, Midjourney): the page shown only when its capability
// is set up, a form card with the models' load error, the page's own fields, the price before submit, and the submit
// row that says why it is disabled when the balance is short.
import type { ModelCapability } from "@waule/shared/models";
import { type JSX, Show } from "solid-js";
import { CapabilityGate } from "../capabilities/capability-gate";
import { ErrorMessage } from "./error-message";
import { type Submission, SubmitRow } from "./submission";

export function CreationPage(props: {
  name: string;
  title: string;
  capability: ModelCapability;
  /** The form (a CreationForm) and what the page shows beside it. */
  children: JSX.Element;
}) {
  return (
    <section class={`page ${props.name}`}>
      <h1>{props.title}</h1>
      <CapabilityGate capability={props.capability}>
        <div class="generate-layout">{props.children}</div>
      </CapabilityGate>
    </section>
  );
}

export function CreationForm(props: {
  onSubmit: (e: SubmitEvent) => void;
  modelsError: unknown;
  /** The credits the call will hold, or null while it cannot be priced (no model yet). */
  estimate: number | null;
  /** The price line in the reader's words, and its test id. */
  estimateText: string;
  estimateTestId: string;
  submission: Submission;
  disabled: boolean;
  submitLabel: string;
  busyLabel: string;
  children: JSX.Element;
}) {
  return (
    <form class="card form" onSubmit={(e) => props.onSubmit(e)}>
      <ErrorMessage error={props.modelsError} />
      {props.children}
      <Show when={props.estimate !== null}>
        <p class="estimate" data-testid={props.estimateTestId}>
          {props.estimateText}
        </p>
      </Show>
      <SubmitRow
        submission={props.submission}
        disabled={props.disabled}
        label={props.submitLabel}
        estimate={props.estimate}
        busyLabel={props.busyLabel}
      />
    </form>
  );
}

/** The prompt of an image, video or Midjourney call. */
export function PromptField(props: {
  label: string;
  placeholder: string;
  value: string;
  onValue: (value: string) => void;
  rows?: number;
  required?: boolean;
}) {
  return (
    <label class="field">
      <span>{props.label}</span>
      <textarea
        name="prompt"
        rows={props.rows ?? 4}
        required={props.required}
        maxLength={4000}
        placeholder={props.placeholder}
        value={props.value}
        onInput={(e) => props.onValue(e.currentTarget.value)}
      />
    </label>
  );
}

"use client";
import { useState, useTransition } from "react";
import type { StripeSettingsView } from "@/lib/stripe/settings";
import { checkStripeKeysAction, saveStripeSettingsAction, setUpWebhookAction } from "./actions";

type Mode = "test" | "live";
type Notice = { ok: boolean; message: string };

const SECTIONS: { mode: Mode; title: string }[] = [
  { mode: "test", title: "Test" },
  { mode: "live", title: "Live" },
];

/** Stripe keys per mode. Secrets are write-only: after saving only their masked hint comes back. */
export function StripeSettingsForm({ initial, webhookUrl }: { initial: StripeSettingsView; webhookUrl: string }) {
  const [view, setView] = useState(initial);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [notice, setNotice] = useState<Notice>();
  const [modeNotice, setModeNotice] = useState<Partial<Record<Mode, Notice>>>({});
  const [pending, startTransition] = useTransition();

  function save(form: HTMLFormElement) {
    const data = Object.fromEntries(new FormData(form));
    startTransition(async () => {
      const result = await saveStripeSettingsAction(data);
      if (result.ok) {
        setView(result.data);
        setFieldErrors({});
        setNotice({ ok: true, message: `Saved. The store now takes ${result.data.liveMode ? "Live" : "Test"} payments.` });
        // Secret fields are write-only: clear them so nothing lingers in the page.
        form.querySelectorAll<HTMLInputElement>("input[type=password]").forEach((input) => (input.value = ""));
      } else {
        setFieldErrors(result.fieldErrors);
        setNotice({ ok: false, message: result.formError ?? "Some values need fixing before they can be saved." });
      }
    });
  }

  function run(mode: Mode, action: typeof checkStripeKeysAction | typeof setUpWebhookAction) {
    startTransition(async () => {
      const result = await action({ mode });
      const message = result.ok ? result.data.message : (result.formError ?? "That did not work.");
      setModeNotice((n) => ({ ...n, [mode]: { ok: result.ok && result.data.ok, message } }));
    });
  }

  return (
    <form
      className="stack wide"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        save(event.currentTarget);
      }}
    >
      {notice && <p className={`alert ${notice.ok ? "ok" : "error"}`} role="status">{notice.message}</p>}
      <p className="muted">
        Webhook URL for this store: <code>{webhookUrl}</code>
      </p>
      {SECTIONS.map(({ mode, title }) => {
        const keys = view[mode];
        const name = (field: string) => `${mode}${field}`;
        return (
          <fieldset key={mode} className="card">
            <legend>{title}</legend>
            <KeyField label="Stripe Publishable Key" name={name("PublishableKey")} defaultValue={keys.publishableKey ?? ""}
              error={fieldErrors[name("PublishableKey")]} placeholder={`pk_${mode}_…`} />
            <KeyField label="Stripe Secret Key" name={name("SecretKey")} secret saved={keys.secretKeyHint}
              error={fieldErrors[name("SecretKey")]} placeholder={`sk_${mode}_… or rk_${mode}_…`} />
            <KeyField label="Stripe Webhook Signing Secret" name={name("WebhookSecret")} secret saved={keys.webhookSecretHint}
              error={fieldErrors[name("WebhookSecret")]} placeholder="whsec_…" />
            <p className="row">
              <button type="button" className="secondary" disabled={pending} onClick={() => run(mode, checkStripeKeysAction)}>
                Check {title} keys
              </button>
              <button type="button" className="secondary" disabled={pending} onClick={() => run(mode, setUpWebhookAction)}>
                Set up {title} webhook for me
              </button>
            </p>
            {keys.webhookEndpointId && <p className="hint">Endpoint {keys.webhookEndpointId} was set up by the platform.</p>}
            {modeNotice[mode] && (
              <p className={`alert ${modeNotice[mode].ok ? "ok" : "error"}`} role="status" data-testid={`${mode}-stripe-notice`}>
                {modeNotice[mode].message}
              </p>
            )}
          </fieldset>
        );
      })}
      <label>
        Checkout
        <select name="checkoutMode" defaultValue={view.checkoutMode}>
          <option value="payment_element">On the store&apos;s own page (Payment Element)</option>
          <option value="stripe_checkout">Stripe-hosted Checkout page</option>
        </select>
      </label>
      <label className="checkbox">
        <input type="checkbox" name="liveMode" defaultChecked={view.liveMode} aria-invalid={fieldErrors.liveMode ? true : undefined} />
        Stripe Live Mode
      </label>
      {fieldErrors.liveMode && <span className="field-error">{fieldErrors.liveMode}</span>}
      <p>
        <button type="submit" disabled={pending}>{pending ? "Saving…" : "Save Stripe settings"}</button>
      </p>
    </form>
  );
}

function KeyField(props: {
  label: string;
  name: string;
  secret?: boolean;
  saved?: string | null;
  defaultValue?: string;
  error?: string;
  placeholder: string;
}) {
  const id = `${props.name}-message`;
  return (
    <label>
      {props.label}
      <input
        name={props.name}
        type={props.secret ? "password" : "text"}
        autoComplete="off"
        spellCheck={false}
        defaultValue={props.defaultValue}
        placeholder={props.saved ? `Saved: ${props.saved} (leave blank to keep)` : props.placeholder}
        aria-invalid={props.error ? true : undefined}
        aria-describedby={id}
      />
      <span id={id} className={props.error ? "field-error" : "hint"}>
        {props.error ?? (props.saved ? `Saved: ${props.saved}` : "")}
      </span>
    </label>
  );
}

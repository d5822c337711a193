"use client";
import { useRef, useState, useTransition } from "react";
import { Alert } from "@/app/components/ui/alert";
import { Button } from "@/app/components/ui/button";
import { Dialog, DialogClose, DialogContent } from "@/app/components/ui/dialog";
import { Field, Fieldset, fieldErrorId, fieldHintId } from "@/app/components/ui/field";
import { Checkbox, Input, NativeSelect } from "@/app/components/ui/input";
import type { StripeSettingsView } from "@/lib/stripe/settings";
import {
  checkStripeKeysAction,
  saveStripeSettingsAction,
  sendVerificationLinkAction,
  setUpWebhookAction,
} from "./actions";

type Mode = "test" | "live";
type Notice = { ok: boolean; message: string };

const SECTIONS: { mode: Mode; title: string }[] = [
  { mode: "test", title: "Test" },
  { mode: "live", title: "Live" },
];

/**
 * Stripe keys per mode. Secrets are write-only: after saving only their masked hint comes back.
 * Live mode needs the owner's verified email; until then the switch offers a new link.
 */
export function StripeSettingsForm({
  initial,
  webhookUrl,
  ownerEmailVerified,
}: {
  initial: StripeSettingsView;
  webhookUrl: string;
  ownerEmailVerified: boolean;
}) {
  const [view, setView] = useState(initial);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [notice, setNotice] = useState<Notice>();
  const [modeNotice, setModeNotice] = useState<Partial<Record<Mode, Notice>>>({});
  const [linkNotice, setLinkNotice] = useState<Notice>();
  const [pending, startTransition] = useTransition();
  /** Launch checklist items still red when Live mode was switched on: the owner must confirm them. */
  const [redItems, setRedItems] = useState<string[] | null>(null);
  const formRef = useRef<HTMLFormElement>(null);

  function save(form: HTMLFormElement, confirmRedItems = false) {
    const data = { ...Object.fromEntries(new FormData(form)), confirmRedItems };
    startTransition(async () => {
      const result = await saveStripeSettingsAction(data);
      if (result.ok) {
        setView(result.data.saved);
        setFieldErrors({});
        setRedItems(result.data.redItems ?? null);
        setNotice({
          ok: true,
          message: result.data.redItems
            ? "Keys saved. Live mode is still off: confirm below to switch it on with items still red."
            : `Saved. The store now takes ${result.data.saved.liveMode ? "Live" : "Test"} payments.`,
        });
        // Secret fields are write-only: clear them so nothing lingers in the page.
        form.querySelectorAll<HTMLInputElement>("input[type=password]").forEach((input) => (input.value = ""));
      } else {
        setFieldErrors(result.fieldErrors);
        setNotice({ ok: false, message: result.formError ?? "Some values need fixing before they can be saved." });
      }
    });
  }

  function sendVerificationLink() {
    startTransition(async () => {
      const result = await sendVerificationLinkAction({});
      setLinkNotice(
        result.ok ? result.data : { ok: false, message: result.formError ?? "The link could not be sent." },
      );
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
      ref={formRef}
      className="grid max-w-2xl gap-6"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        save(event.currentTarget);
      }}
    >
      {notice && (
        <Alert tone={notice.ok ? "success" : "danger"} role="status">
          {notice.message}
        </Alert>
      )}
      <Dialog open={redItems !== null} onOpenChange={(open) => !open && setRedItems(null)}>
        <DialogContent
          title="Switch Live mode on with red items?"
          description="Real buyers will pay while these launch checklist items are not green:"
        >
          <ul className="grid list-disc gap-1 pl-5 text-sm text-gray-700" data-testid="live-red-items">
            {redItems?.map((item) => (
              <li key={item}>{item}</li>
            ))}
          </ul>
          <div className="flex flex-wrap justify-end gap-2">
            <DialogClose asChild>
              <Button type="button" variant="secondary">
                Keep Test mode
              </Button>
            </DialogClose>
            <Button
              type="button"
              variant="danger"
              disabled={pending}
              onClick={() => formRef.current && save(formRef.current, true)}
            >
              Switch Live on anyway
            </Button>
          </div>
        </DialogContent>
      </Dialog>
      <p className="text-sm text-gray-600">
        Webhook URL for this store: <code>{webhookUrl}</code>
      </p>
      {SECTIONS.map(({ mode, title }) => {
        const keys = view[mode];
        const name = (field: string) => `${mode}${field}`;
        return (
          <Fieldset key={mode} legend={title}>
            <KeyField
              label="Stripe Publishable Key"
              name={name("PublishableKey")}
              defaultValue={keys.publishableKey ?? ""}
              error={fieldErrors[name("PublishableKey")]}
              placeholder={`pk_${mode}_…`}
            />
            <KeyField
              label="Stripe Secret Key"
              name={name("SecretKey")}
              secret
              saved={keys.secretKeyHint}
              error={fieldErrors[name("SecretKey")]}
              placeholder={`sk_${mode}_… or rk_${mode}_…`}
            />
            <KeyField
              label="Stripe Webhook Signing Secret"
              name={name("WebhookSecret")}
              secret
              saved={keys.webhookSecretHint}
              error={fieldErrors[name("WebhookSecret")]}
              placeholder="whsec_…"
            />
            <div className="flex flex-wrap gap-2">
              <Button
                type="button"
                variant="secondary"
                size="sm"
                disabled={pending}
                onClick={() => run(mode, checkStripeKeysAction)}
              >
                Check {title} keys
              </Button>
              <Button
                type="button"
                variant="secondary"
                size="sm"
                disabled={pending}
                onClick={() => run(mode, setUpWebhookAction)}
              >
                Set up {title} webhook for me
              </Button>
            </div>
            {keys.webhookEndpointId && (
              <p className="text-sm text-gray-500">Endpoint {keys.webhookEndpointId} was set up by the platform.</p>
            )}
            {modeNotice[mode] && (
              <Alert
                tone={modeNotice[mode].ok ? "success" : "danger"}
                role="status"
                data-testid={`${mode}-stripe-notice`}
              >
                {modeNotice[mode].message}
              </Alert>
            )}
          </Fieldset>
        );
      })}
      <Fieldset legend="Checkout and mode">
        <Field label="Checkout" htmlFor="checkoutMode">
          <NativeSelect id="checkoutMode" name="checkoutMode" defaultValue={view.checkoutMode} className="w-full">
            <option value="payment_element">On the store&apos;s own page (Payment Element)</option>
            <option value="stripe_checkout">Stripe-hosted Checkout page</option>
          </NativeSelect>
        </Field>
        <div className="grid gap-1.5">
          <label className="flex items-center gap-2 text-sm font-medium text-gray-900">
            <Checkbox
              name="liveMode"
              defaultChecked={view.liveMode}
              invalid={!!fieldErrors.liveMode}
              aria-describedby={fieldErrors.liveMode ? fieldErrorId("liveMode") : undefined}
            />
            Stripe Live Mode
          </label>
          {fieldErrors.liveMode && (
            <p id={fieldErrorId("liveMode")} role="alert" className="text-sm font-medium text-danger-700">
              {fieldErrors.liveMode}
            </p>
          )}
          {!ownerEmailVerified && !view.liveMode && (
            <div className="flex flex-wrap items-center gap-2">
              {!fieldErrors.liveMode && (
                <p className="text-sm text-gray-500">Live mode needs the owner&apos;s confirmed email address.</p>
              )}
              <Button type="button" variant="secondary" size="sm" disabled={pending} onClick={sendVerificationLink}>
                Send a new confirmation link
              </Button>
            </div>
          )}
          {linkNotice && (
            <Alert tone={linkNotice.ok ? "success" : "danger"} role="status" data-testid="verification-link-notice">
              {linkNotice.message}
            </Alert>
          )}
        </div>
      </Fieldset>
      <div>
        <Button type="submit" disabled={pending}>
          {pending ? "Saving…" : "Save Stripe settings"}
        </Button>
      </div>
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
  const hint = !props.error && props.saved ? `Saved: ${props.saved}` : undefined;
  return (
    <Field label={props.label} htmlFor={props.name} error={props.error} hint={hint}>
      <Input
        id={props.name}
        name={props.name}
        type={props.secret ? "password" : "text"}
        autoComplete="off"
        spellCheck={false}
        className="font-mono"
        defaultValue={props.defaultValue}
        placeholder={props.saved ? `Saved: ${props.saved} (leave blank to keep)` : props.placeholder}
        invalid={!!props.error}
        aria-describedby={props.error ? fieldErrorId(props.name) : hint ? fieldHintId(props.name) : undefined}
      />
    </Field>
  );
}

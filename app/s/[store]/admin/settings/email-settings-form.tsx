"use client";
import { useState, useTransition } from "react";
import { Alert } from "@/app/components/ui/alert";
import { Button } from "@/app/components/ui/button";
import { Field, Fieldset, fieldErrorId } from "@/app/components/ui/field";
import { Input } from "@/app/components/ui/input";
import type { EmailSettingsView } from "@/lib/email/settings";
import { saveEmailSettingsAction, sendTestEmailAction } from "./actions";

type Notice = { ok: boolean; message: string };

/**
 * The store's Resend settings. The API key is write-only: after saving only its masked hint
 * comes back. "Send test email" uses what is saved, not what is typed.
 */
export function EmailSettingsForm({ initial }: { initial: EmailSettingsView }) {
  const [view, setView] = useState(initial);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [notice, setNotice] = useState<Notice>();
  const [testNotice, setTestNotice] = useState<Notice>();
  const [saving, startSaving] = useTransition();
  const [testing, startTesting] = useTransition();
  const pending = saving || testing;
  const error = (name: string) => fieldErrors[name];
  const describedBy = (name: string) => (error(name) ? fieldErrorId(name) : undefined);

  function sendTestEmail() {
    setTestNotice(undefined);
    startTesting(async () => {
      const result = await sendTestEmailAction({});
      setTestNotice(
        result.ok ? result.data : { ok: false, message: result.formError ?? "The test email could not be sent." },
      );
    });
  }

  return (
    <form
      className="grid max-w-2xl gap-6"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        const form = event.currentTarget;
        const data = Object.fromEntries(new FormData(form));
        startSaving(async () => {
          const result = await saveEmailSettingsAction(data);
          if (result.ok) {
            setView(result.data);
            setFieldErrors({});
            setNotice({ ok: true, message: "Email settings saved." });
            form.querySelectorAll<HTMLInputElement>("input[type=password]").forEach((input) => (input.value = ""));
          } else {
            setFieldErrors(result.fieldErrors);
            setNotice({ ok: false, message: result.formError ?? "Some values need fixing before they can be saved." });
          }
        });
      }}
    >
      {notice && (
        <Alert tone={notice.ok ? "success" : "danger"} role="status">
          {notice.message}
        </Alert>
      )}
      <Fieldset legend="Email (Resend)">
        <Field
          label="Resend API Key"
          htmlFor="resendApiKey"
          error={error("resendApiKey")}
          hint={!error("resendApiKey") && view.resendApiKeyHint ? `Saved: ${view.resendApiKeyHint}` : undefined}
        >
          <Input
            id="resendApiKey"
            name="resendApiKey"
            type="password"
            autoComplete="off"
            className="font-mono"
            placeholder={view.resendApiKeyHint ? `Saved: ${view.resendApiKeyHint} (leave blank to keep)` : "re_…"}
            invalid={!!error("resendApiKey")}
            aria-describedby={describedBy("resendApiKey")}
          />
        </Field>
        <Field label="From address" htmlFor="fromAddress" error={error("fromAddress")}>
          <Input
            id="fromAddress"
            name="fromAddress"
            defaultValue={view.fromAddress ?? ""}
            placeholder="Your Shop <receipts@yourdomain.com>"
            invalid={!!error("fromAddress")}
            aria-describedby={describedBy("fromAddress")}
          />
        </Field>
        <Field label="Reply-to" htmlFor="replyTo" error={error("replyTo")}>
          <Input
            id="replyTo"
            name="replyTo"
            type="email"
            defaultValue={view.replyTo ?? ""}
            placeholder="you@yourdomain.com"
            invalid={!!error("replyTo")}
            aria-describedby={describedBy("replyTo")}
          />
        </Field>
      </Fieldset>
      <div className="grid gap-3">
        <div className="flex flex-wrap items-center gap-2">
          <Button type="submit" disabled={pending}>
            {saving ? "Saving…" : "Save email settings"}
          </Button>
          <Button type="button" variant="secondary" disabled={pending} onClick={sendTestEmail}>
            {testing ? "Sending…" : "Send test email"}
          </Button>
        </div>
        <p className="text-sm text-gray-500">
          The test goes to your own address through the saved settings, so save your changes first.
        </p>
        {testNotice && (
          <Alert tone={testNotice.ok ? "success" : "danger"} role="status" data-testid="test-email-notice">
            {testNotice.message}
          </Alert>
        )}
      </div>
    </form>
  );
}

"use client";
import { useState, useTransition } from "react";
import { Alert } from "@/app/components/ui/alert";
import { Button } from "@/app/components/ui/button";
import { Field, Fieldset, fieldErrorId } from "@/app/components/ui/field";
import { Input } from "@/app/components/ui/input";
import type { EmailSettingsView } from "@/lib/email/settings";
import { saveEmailSettingsAction } from "./actions";

export function EmailSettingsForm({ initial }: { initial: EmailSettingsView }) {
  const [view, setView] = useState(initial);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [notice, setNotice] = useState<{ ok: boolean; message: string }>();
  const [pending, startTransition] = useTransition();
  const error = (name: string) => fieldErrors[name];
  const describedBy = (name: string) => (error(name) ? fieldErrorId(name) : undefined);

  return (
    <form
      className="grid max-w-2xl gap-6"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        const form = event.currentTarget;
        const data = Object.fromEntries(new FormData(form));
        startTransition(async () => {
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
      <div>
        <Button type="submit" disabled={pending}>
          {pending ? "Saving…" : "Save email settings"}
        </Button>
      </div>
    </form>
  );
}

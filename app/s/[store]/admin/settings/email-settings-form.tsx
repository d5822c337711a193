"use client";
import { useState, useTransition } from "react";
import type { EmailSettingsView } from "@/lib/email/settings";
import { saveEmailSettingsAction } from "./actions";

export function EmailSettingsForm({ initial }: { initial: EmailSettingsView }) {
  const [view, setView] = useState(initial);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [notice, setNotice] = useState<{ ok: boolean; message: string }>();
  const [pending, startTransition] = useTransition();
  const error = (name: string) => fieldErrors[name];

  return (
    <form
      className="stack wide"
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
      {notice && <p className={`alert ${notice.ok ? "ok" : "error"}`} role="status">{notice.message}</p>}
      <fieldset className="card">
        <legend>Email (Resend)</legend>
        <label>
          Resend API Key
          <input name="resendApiKey" type="password" autoComplete="off"
            placeholder={view.resendApiKeyHint ? `Saved: ${view.resendApiKeyHint} (leave blank to keep)` : "re_…"}
            aria-invalid={error("resendApiKey") ? true : undefined} />
          <span className={error("resendApiKey") ? "field-error" : "hint"}>
            {error("resendApiKey") ?? (view.resendApiKeyHint ? `Saved: ${view.resendApiKeyHint}` : "")}
          </span>
        </label>
        <label>
          From address
          <input name="fromAddress" defaultValue={view.fromAddress ?? ""} placeholder="Your Shop <receipts@yourdomain.com>"
            aria-invalid={error("fromAddress") ? true : undefined} />
          {error("fromAddress") && <span className="field-error">{error("fromAddress")}</span>}
        </label>
        <label>
          Reply-to
          <input name="replyTo" type="email" defaultValue={view.replyTo ?? ""} placeholder="you@yourdomain.com"
            aria-invalid={error("replyTo") ? true : undefined} />
          {error("replyTo") && <span className="field-error">{error("replyTo")}</span>}
        </label>
      </fieldset>
      <p><button type="submit" disabled={pending}>{pending ? "Saving…" : "Save email settings"}</button></p>
    </form>
  );
}

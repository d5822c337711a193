"use client";
import { useState, useTransition } from "react";
import { Alert } from "@/app/components/ui/alert";
import { Button } from "@/app/components/ui/button";
import { Field, fieldErrorId } from "@/app/components/ui/field";
import { Input } from "@/app/components/ui/input";
import { EMAIL_MAX_LENGTH } from "@/lib/auth/signup-schema";
import { requestNewLink } from "./actions";

/** "Didn't get the mail?": asks for a new verification link for an address. */
export function ResendLinkForm() {
  const [notice, setNotice] = useState<{ ok: boolean; message: string }>();
  const [emailError, setEmailError] = useState<string>();
  const [pending, startTransition] = useTransition();

  return (
    <form
      className="grid gap-4"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        const data = Object.fromEntries(new FormData(event.currentTarget));
        startTransition(async () => {
          const result = await requestNewLink(data);
          setEmailError(result.ok ? undefined : result.fieldErrors.email);
          if (result.ok) setNotice({ ok: true, message: result.data.message });
          else setNotice(result.formError ? { ok: false, message: result.formError } : undefined);
        });
      }}
    >
      {notice && <Alert tone={notice.ok ? "success" : "danger"}>{notice.message}</Alert>}
      <Field label="Your email" htmlFor="resend-email" error={emailError}>
        <Input
          id="resend-email"
          name="email"
          type="email"
          autoComplete="email"
          maxLength={EMAIL_MAX_LENGTH}
          required
          invalid={!!emailError}
          aria-describedby={emailError ? fieldErrorId("resend-email") : undefined}
        />
      </Field>
      <Button type="submit" variant="secondary" disabled={pending}>
        {pending ? "Sending…" : "Send a new link"}
      </Button>
    </form>
  );
}

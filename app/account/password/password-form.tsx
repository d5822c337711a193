"use client";
import { useState, useTransition } from "react";
import { signOutTo } from "@/app/components/sign-out-button";
import { Alert } from "@/app/components/ui/alert";
import { Button } from "@/app/components/ui/button";
import { Field, fieldErrorId } from "@/app/components/ui/field";
import { Input } from "@/app/components/ui/input";
import { PASSWORD_MAX_LENGTH } from "@/lib/auth/signup-schema";
import { changeOwnPassword } from "../actions";

/** Current and new password; on success every session has ended, so this one signs in again. */
export function PasswordForm() {
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string>();
  const [pending, startTransition] = useTransition();

  return (
    <form
      className="grid gap-5"
      onSubmit={(event) => {
        event.preventDefault();
        const form = new FormData(event.currentTarget);
        startTransition(async () => {
          const result = await changeOwnPassword({
            currentPassword: String(form.get("currentPassword") ?? ""),
            newPassword: String(form.get("newPassword") ?? ""),
          });
          if (result.ok) {
            await signOutTo("/login?password=changed");
            return;
          }
          setFieldErrors(result.fieldErrors);
          setFormError(result.formError);
        });
      }}
    >
      {formError && <Alert tone="danger">{formError}</Alert>}
      <Field label="Current password" htmlFor="currentPassword" error={fieldErrors.currentPassword}>
        <Input
          id="currentPassword"
          name="currentPassword"
          type="password"
          autoComplete="current-password"
          required
          aria-invalid={Boolean(fieldErrors.currentPassword)}
          aria-describedby={fieldErrors.currentPassword ? fieldErrorId("currentPassword") : undefined}
        />
      </Field>
      <Field
        label="New password"
        htmlFor="newPassword"
        hint="At least 10 characters, hard to guess. Every device you are signed in on is signed out."
        error={fieldErrors.newPassword}
      >
        <Input
          id="newPassword"
          name="newPassword"
          type="password"
          autoComplete="new-password"
          required
          maxLength={PASSWORD_MAX_LENGTH}
          aria-invalid={Boolean(fieldErrors.newPassword)}
          aria-describedby={fieldErrors.newPassword ? fieldErrorId("newPassword") : undefined}
        />
      </Field>
      <Button type="submit" disabled={pending} className="w-full">
        {pending ? "Changing…" : "Change password"}
      </Button>
    </form>
  );
}

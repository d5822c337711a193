"use client";
import { signIn } from "next-auth/react";
import { useEffect, useRef, useState } from "react";
import { Alert } from "@/app/components/ui/alert";
import { Button } from "@/app/components/ui/button";
import { Field } from "@/app/components/ui/field";
import { Input } from "@/app/components/ui/input";
import { GENERIC_ERROR_MESSAGE } from "@/lib/errors";
import { retryAfterFromErrorCode, tooManyAttemptsMessage } from "@/lib/security/throttle-message";

/** next-auth's `result.error`: `CredentialsSignin` when `authorize` said no, else the code it threw. */
function refusalMessage(error: string | null | undefined, withTicket: boolean): string {
  const retryAfter = retryAfterFromErrorCode(error);
  if (retryAfter !== null) return tooManyAttemptsMessage(retryAfter);
  if (error && error !== "CredentialsSignin") return GENERIC_ERROR_MESSAGE;
  return withTicket
    ? "This sign-in link has expired or was already used. Sign in with your email and password."
    : "That email and password don't match an account.";
}

/**
 * Email + password sign-in for the host it is shown on. With a `ticket` (a hand-off from
 * the root domain) it signs in at once. `redirectTo` must be a same-host path.
 */
export function SignInForm({ redirectTo, ticket }: { redirectTo: string; ticket?: string }) {
  const [error, setError] = useState<string>();
  const [pending, setPending] = useState(false);
  const ticketUsed = useRef(false);

  async function attempt(credentials: Record<string, string>) {
    setPending(true);
    setError(undefined);
    const result = await signIn("credentials", { ...credentials, redirect: false });
    if (result?.ok && !result.error) {
      window.location.assign(redirectTo);
      return;
    }
    setPending(false);
    setError(refusalMessage(result?.error, Boolean(credentials.ticket)));
  }

  useEffect(() => {
    if (ticket && !ticketUsed.current) {
      ticketUsed.current = true;
      void attempt({ ticket });
    }
    // A ticket is single-use: run once on mount.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  return (
    <form
      className="grid gap-5"
      onSubmit={(event) => {
        event.preventDefault();
        const form = new FormData(event.currentTarget);
        void attempt({ email: String(form.get("email") ?? ""), password: String(form.get("password") ?? "") });
      }}
    >
      {error && <Alert tone="danger">{error}</Alert>}
      {ticket && pending && <p className="text-sm text-gray-600">Signing you in…</p>}
      <Field label="Email" htmlFor="email">
        <Input id="email" name="email" type="email" autoComplete="email" required />
      </Field>
      <Field label="Password" htmlFor="password">
        <Input id="password" name="password" type="password" autoComplete="current-password" required />
      </Field>
      <Button type="submit" disabled={pending} className="w-full">
        {pending ? "Signing in…" : "Sign in"}
      </Button>
    </form>
  );
}

"use client";
import { useState, useTransition } from "react";

/** The checkout's first step in both modes: the buyer's email. `submit` returns an error to show, if any. */
export function EmailStep(props: { label: string; pendingLabel: string; submit: (email: string) => Promise<string | undefined> }) {
  const [error, setError] = useState<string>();
  const [pending, startTransition] = useTransition();
  return (
    <form
      className="stack"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        const email = String(new FormData(event.currentTarget).get("email") ?? "");
        startTransition(async () => setError(await props.submit(email)));
      }}
    >
      {error && <p className="alert error" role="alert">{error}</p>}
      <label>
        Email for your receipt and downloads
        <input name="email" type="email" autoComplete="email" required />
      </label>
      <button type="submit" disabled={pending}>{pending ? props.pendingLabel : props.label}</button>
    </form>
  );
}

"use client";
import { useState, useTransition } from "react";
import { Alert } from "@/app/components/ui/alert";
import { Button } from "@/app/components/ui/button";
import { Field } from "@/app/components/ui/field";
import { Input } from "@/app/components/ui/input";

/** The checkout's first step in both modes: the buyer's email. `submit` returns an error to show, if any. */
export function EmailStep(props: {
  label: string;
  pendingLabel: string;
  submit: (email: string) => Promise<string | undefined>;
}) {
  const [error, setError] = useState<string>();
  const [pending, startTransition] = useTransition();
  return (
    <form
      className="grid gap-5"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        const email = String(new FormData(event.currentTarget).get("email") ?? "");
        startTransition(async () => setError(await props.submit(email)));
      }}
    >
      {error && <Alert tone="danger">{error}</Alert>}
      <Field label="Email for your receipt and downloads" htmlFor="checkout-email">
        <Input id="checkout-email" name="email" type="email" autoComplete="email" required />
      </Field>
      <Button type="submit" disabled={pending} className="w-full">
        {pending ? props.pendingLabel : props.label}
      </Button>
    </form>
  );
}

"use client";
import { useEffect, useState, useTransition } from "react";
import { Alert } from "@/app/components/ui/alert";
import { Button } from "@/app/components/ui/button";
import { cn } from "@/app/components/ui/cn";
import { Field, fieldErrorId, fieldHintId } from "@/app/components/ui/field";
import { Input } from "@/app/components/ui/input";
import {
  EMAIL_MAX_LENGTH,
  PASSWORD_MAX_LENGTH,
  STORE_NAME_MAX_LENGTH,
  subdomainSchema,
} from "@/lib/auth/signup-schema";
import { signUp } from "./actions";

type Availability = { state: "idle" | "checking" | "ok" | "error"; message: string };

export function SignupForm({ rootDomain }: { rootDomain: string }) {
  const [subdomain, setSubdomain] = useState("");
  // The server's answer for one name; the format is checked locally while rendering.
  const [answer, setAnswer] = useState<{ name: string; availability: Availability } | null>(null);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string>();
  const [pending, startTransition] = useTransition();

  const local = subdomain ? subdomainSchema.safeParse(subdomain) : null;
  const availability: Availability = !local
    ? { state: "idle", message: "" }
    : !local.success
      ? { state: "error", message: local.error.issues[0]?.message ?? "" }
      : answer?.name === local.data
        ? answer.availability
        : { state: "checking", message: "Checking…" };
  const nameToCheck = local?.success ? local.data : null;

  // Live validation: availability from the server after a pause in typing.
  useEffect(() => {
    if (!nameToCheck) return;
    const controller = new AbortController();
    const timer = setTimeout(async () => {
      try {
        const res = await fetch(`/api/subdomains/availability?name=${encodeURIComponent(nameToCheck)}`, {
          signal: controller.signal,
        });
        const body = (await res.json()) as { available: boolean; message: string };
        setAnswer({
          name: nameToCheck,
          availability: { state: body.available ? "ok" : "error", message: body.message },
        });
      } catch {
        if (!controller.signal.aborted) setAnswer({ name: nameToCheck, availability: { state: "idle", message: "" } });
      }
    }, 300);
    return () => {
      controller.abort();
      clearTimeout(timer);
    };
  }, [nameToCheck]);

  function submit(form: FormData) {
    setFormError(undefined);
    startTransition(async () => {
      const result = await signUp(Object.fromEntries(form));
      if (result.ok) {
        // The same "check your email" page whether or not the email already had an account.
        window.location.assign(result.data.redirectTo);
        return;
      }
      setFieldErrors(result.fieldErrors);
      setFormError(result.formError);
    });
  }

  const subdomainError = fieldErrors.subdomain ?? (availability.state === "error" ? availability.message : undefined);
  return (
    // onSubmit rather than `action`: React resets a form after an action, and a refused
    // signup must keep what the owner typed.
    <form
      className="grid gap-5"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        submit(new FormData(event.currentTarget));
      }}
    >
      {formError && <Alert tone="danger">{formError}</Alert>}
      <TextField
        name="email"
        label="Email"
        type="email"
        autoComplete="email"
        maxLength={EMAIL_MAX_LENGTH}
        error={fieldErrors.email}
      />
      <TextField
        name="password"
        label="Password"
        type="password"
        autoComplete="new-password"
        maxLength={PASSWORD_MAX_LENGTH}
        error={fieldErrors.password}
        hint="At least 10 characters, hard to guess: a few unusual words, not your email or store name."
      />
      <TextField name="storeName" label="Store name" maxLength={STORE_NAME_MAX_LENGTH} error={fieldErrors.storeName} />
      <Field label="Store address" htmlFor="subdomain">
        <div className="flex items-center gap-2">
          <Input
            id="subdomain"
            name="subdomain"
            value={subdomain}
            onChange={(e) => {
              setSubdomain(e.target.value.toLowerCase().trim());
              setFieldErrors(({ subdomain: _, ...rest }) => rest);
            }}
            invalid={!!subdomainError}
            aria-describedby="subdomain-status"
            autoCapitalize="none"
            spellCheck={false}
            required
          />
          <span className="shrink-0 text-sm text-gray-500">.{rootDomain}</span>
        </div>
        <p
          id="subdomain-status"
          aria-live="polite"
          className={cn(
            "min-h-5 text-sm",
            subdomainError
              ? "font-medium text-danger-700"
              : availability.state === "ok"
                ? "font-medium text-success-700"
                : "text-gray-500",
          )}
        >
          {subdomainError ?? availability.message}
        </p>
      </Field>
      <Button type="submit" disabled={pending} className="w-full">
        {pending ? "Creating your store…" : "Create store"}
      </Button>
    </form>
  );
}

function TextField(props: {
  name: string;
  label: string;
  type?: string;
  autoComplete?: string;
  maxLength?: number;
  error?: string;
  hint?: string;
}) {
  const describedBy = [props.hint && fieldHintId(props.name), props.error && fieldErrorId(props.name)]
    .filter(Boolean)
    .join(" ");
  return (
    <Field label={props.label} htmlFor={props.name} hint={props.hint} error={props.error}>
      <Input
        id={props.name}
        name={props.name}
        type={props.type ?? "text"}
        autoComplete={props.autoComplete}
        maxLength={props.maxLength}
        required
        invalid={!!props.error}
        aria-describedby={describedBy || undefined}
      />
    </Field>
  );
}

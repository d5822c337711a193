"use client";
import { useEffect, useState, useTransition } from "react";
import { subdomainSchema } from "@/lib/auth/signup-schema";
import { signUp } from "./actions";

type Availability = { state: "idle" | "checking" | "ok" | "error"; message: string };

export function SignupForm({ rootDomain }: { rootDomain: string }) {
  const [subdomain, setSubdomain] = useState("");
  const [availability, setAvailability] = useState<Availability>({ state: "idle", message: "" });
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string>();
  const [pending, startTransition] = useTransition();

  // Live validation: the format locally at once, availability from the server after a pause.
  useEffect(() => {
    if (!subdomain) return setAvailability({ state: "idle", message: "" });
    const local = subdomainSchema.safeParse(subdomain);
    if (!local.success) return setAvailability({ state: "error", message: local.error.issues[0]?.message ?? "" });
    setAvailability({ state: "checking", message: "Checking…" });
    const controller = new AbortController();
    const timer = setTimeout(async () => {
      try {
        const res = await fetch(`/api/subdomains/availability?name=${encodeURIComponent(local.data)}`, { signal: controller.signal });
        const body = (await res.json()) as { available: boolean; message: string };
        setAvailability({ state: body.available ? "ok" : "error", message: body.message });
      } catch (error) {
        if (!controller.signal.aborted) setAvailability({ state: "idle", message: "" });
      }
    }, 300);
    return () => {
      controller.abort();
      clearTimeout(timer);
    };
  }, [subdomain]);

  function submit(form: FormData) {
    setFormError(undefined);
    startTransition(async () => {
      const result = await signUp(Object.fromEntries(form));
      if (result.ok) {
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
      className="stack"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        submit(new FormData(event.currentTarget));
      }}
    >
      {formError && <p className="alert error" role="alert">{formError}</p>}
      <Field name="email" label="Email" type="email" autoComplete="email" error={fieldErrors.email} />
      <Field name="password" label="Password" type="password" autoComplete="new-password" error={fieldErrors.password}
        hint="At least 10 characters." />
      <Field name="storeName" label="Store name" error={fieldErrors.storeName} />
      <label>
        Store address
        <span style={{ display: "flex", alignItems: "center", gap: ".4rem" }}>
          <input
            name="subdomain"
            value={subdomain}
            onChange={(e) => {
              setSubdomain(e.target.value.toLowerCase().trim());
              setFieldErrors(({ subdomain: _, ...rest }) => rest);
            }}
            aria-invalid={subdomainError ? true : undefined}
            aria-describedby="subdomain-status"
            autoCapitalize="none"
            spellCheck={false}
            required
          />
          <span className="muted">.{rootDomain}</span>
        </span>
        <span id="subdomain-status" aria-live="polite"
          className={subdomainError ? "field-error" : availability.state === "ok" ? "field-ok" : "hint"}>
          {subdomainError ?? availability.message}
        </span>
      </label>
      <button type="submit" disabled={pending}>{pending ? "Creating your store…" : "Create store"}</button>
    </form>
  );
}

function Field(props: { name: string; label: string; type?: string; autoComplete?: string; error?: string; hint?: string }) {
  const id = `${props.name}-message`;
  return (
    <label>
      {props.label}
      <input name={props.name} type={props.type ?? "text"} autoComplete={props.autoComplete} required
        aria-invalid={props.error ? true : undefined} aria-describedby={id} />
      <span id={id} className={props.error ? "field-error" : "hint"}>{props.error ?? props.hint}</span>
    </label>
  );
}

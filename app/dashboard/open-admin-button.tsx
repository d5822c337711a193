"use client";
import { useState, useTransition } from "react";
import { openStoreAdmin } from "./actions";

export function OpenAdminButton({ subdomain }: { subdomain: string }) {
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string>();
  return (
    <>
      <button type="button" disabled={pending} onClick={() => startTransition(async () => {
        const result = await openStoreAdmin({ subdomain });
        if (!result.ok) setError(result.formError ?? "Could not open the admin.");
      })}>
        Open admin
      </button>
      {error && <span className="field-error"> {error}</span>}
    </>
  );
}

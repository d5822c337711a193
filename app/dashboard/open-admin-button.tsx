"use client";
import { ArrowUpRight } from "lucide-react";
import { useState, useTransition } from "react";
import { Button } from "@/app/components/ui/button";
import { openStoreAdmin } from "./actions";

export function OpenAdminButton({ subdomain }: { subdomain: string }) {
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string>();
  return (
    <div className="flex flex-wrap items-center justify-end gap-2">
      <Button
        type="button"
        size="sm"
        disabled={pending}
        onClick={() =>
          startTransition(async () => {
            const result = await openStoreAdmin({ subdomain });
            if (!result.ok) setError(result.formError ?? "Could not open the admin.");
          })
        }
      >
        Open admin
        <ArrowUpRight aria-hidden />
      </Button>
      {error && (
        <span className="text-sm font-medium text-danger-700" role="alert">
          {error}
        </span>
      )}
    </div>
  );
}

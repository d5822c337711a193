"use client";
import { signOut } from "next-auth/react";

export function SignOutButton({ redirectTo }: { redirectTo: string }) {
  return (
    <button
      type="button"
      className="secondary"
      onClick={async () => {
        // next-auth would redirect to its configured base URL; stay on this host instead.
        await signOut({ redirect: false });
        window.location.assign(redirectTo);
      }}
    >
      Sign out
    </button>
  );
}

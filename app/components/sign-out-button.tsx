"use client";
import { signOut } from "next-auth/react";
import { Button, type ButtonProps } from "@/app/components/ui/button";

/** Signs out of this host and goes to `redirectTo` (next-auth would redirect to its configured base URL instead). */
export async function signOutTo(redirectTo: string) {
  await signOut({ redirect: false });
  window.location.assign(redirectTo);
}

export function SignOutButton({
  redirectTo,
  variant = "secondary",
  size = "md",
  className,
}: { redirectTo: string } & Pick<ButtonProps, "variant" | "size" | "className">) {
  return (
    <Button type="button" variant={variant} size={size} className={className} onClick={() => signOutTo(redirectTo)}>
      Sign out
    </Button>
  );
}

"use client";
import { signOut } from "next-auth/react";
import { signOutEverywhere } from "@/app/account/actions";
import { Button, type ButtonProps } from "@/app/components/ui/button";

/** Signs out of this host and goes to `redirectTo` (next-auth would redirect to its configured base URL instead). */
export async function signOutTo(redirectTo: string) {
  await signOut({ redirect: false });
  window.location.assign(redirectTo);
}

/** Ends every session of this user (other browsers too), then this one's cookie, and goes to `redirectTo`. */
export async function signOutEverywhereTo(redirectTo: string) {
  const result = await signOutEverywhere({});
  if (!result.ok && result.formError) window.alert(result.formError);
  await signOutTo(redirectTo);
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

export function SignOutEverywhereButton({ redirectTo }: { redirectTo: string }) {
  return (
    <Button type="button" variant="ghost" onClick={() => signOutEverywhereTo(redirectTo)}>
      Sign out of all devices
    </Button>
  );
}

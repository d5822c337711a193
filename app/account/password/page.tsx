// GET /account/password (root domain) – the signed-in owner changes their password.
import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { AuthCard } from "@/app/components/auth-card";
import { PlatformHeader } from "@/app/components/platform-header";
import { getSignedInUser } from "@/lib/auth/session";
import { PasswordForm } from "./password-form";

export const metadata: Metadata = { title: "Change password" };

export default async function ChangePasswordPage() {
  const user = await getSignedInUser();
  if (!user) redirect("/login");
  return (
    <>
      <PlatformHeader signedIn />
      <AuthCard
        title="Change password"
        footer={
          <>
            Changed your mind? <Link href="/dashboard">Back to your stores</Link>.
          </>
        }
      >
        <PasswordForm />
      </AuthCard>
    </>
  );
}

// GET /login (root domain) – owners sign in to see their stores; staff to reach /staff (`?next=`).
import type { Metadata } from "next";
import Link from "next/link";
import { AuthCard } from "@/app/components/auth-card";
import { PlatformHeader } from "@/app/components/platform-header";
import { SignInForm } from "@/app/components/sign-in-form";
import { Alert } from "@/app/components/ui/alert";
import { safeReturnPath } from "@/lib/safe-return-path";

export const metadata: Metadata = { title: "Sign in" };

export default async function LoginPage({
  searchParams,
}: {
  searchParams: Promise<{ password?: string; next?: string }>;
}) {
  const { password, next } = await searchParams;
  return (
    <>
      <PlatformHeader signedIn={false} />
      <AuthCard
        title="Sign in"
        footer={
          <>
            New here? <Link href="/signup">Start a store</Link>.
          </>
        }
      >
        {password === "changed" && (
          <Alert tone="success" className="mb-5">
            Your password was changed and every device was signed out. Sign in with the new one.
          </Alert>
        )}
        <SignInForm redirectTo={safeReturnPath(next, "/dashboard")} />
      </AuthCard>
    </>
  );
}

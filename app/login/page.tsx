// GET /login (root domain) – owners sign in to see their stores.
import type { Metadata } from "next";
import Link from "next/link";
import { AuthCard } from "@/app/components/auth-card";
import { PlatformHeader } from "@/app/components/platform-header";
import { SignInForm } from "@/app/components/sign-in-form";

export const metadata: Metadata = { title: "Sign in" };

export default function LoginPage() {
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
        <SignInForm redirectTo="/dashboard" />
      </AuthCard>
    </>
  );
}

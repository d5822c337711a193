// GET /signup (root domain) – create an owner account and a store.
import type { Metadata } from "next";
import { env } from "@/lib/env";
import { AuthCard } from "@/app/components/auth-card";
import { PlatformHeader } from "@/app/components/platform-header";
import { SignupForm } from "./signup-form";

export const metadata: Metadata = { title: "Start a store" };

export default function SignupPage() {
  return (
    <>
      <PlatformHeader signedIn={false} />
      <AuthCard title="Start your store">
        <SignupForm rootDomain={env.ROOT_DOMAIN} />
      </AuthCard>
    </>
  );
}

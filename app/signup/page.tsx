// GET /signup (root domain) – create an owner account and a store.
import type { Metadata } from "next";
import { env } from "@/lib/env";
import { PlatformHeader } from "@/app/components/platform-header";
import { SignupForm } from "./signup-form";

export const metadata: Metadata = { title: "Start a store" };

export default function SignupPage() {
  return (
    <>
      <PlatformHeader signedIn={false} />
      <main>
        <h1>Start your store</h1>
        <SignupForm rootDomain={env.ROOT_DOMAIN} />
      </main>
    </>
  );
}

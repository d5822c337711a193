// GET /verify-email?token=… (root domain) – the link in the verification mail: confirm the address, open the store.
import type { Metadata } from "next";
import { AuthCard } from "@/app/components/auth-card";
import { PlatformHeader } from "@/app/components/platform-header";
import { isVerificationLinkUsable } from "@/lib/auth/email-verification";
import { ConfirmEmailButton } from "./confirm-email-button";
import { ResendLinkForm } from "./resend-link-form";

export const metadata: Metadata = { title: "Confirm your email" };

export default async function VerifyEmailPage({
  searchParams,
}: {
  searchParams: Promise<{ token?: string | string[] }>;
}) {
  const { token } = await searchParams;
  const usable = typeof token === "string" && token.length <= 100 && (await isVerificationLinkUsable(token));
  return (
    <>
      <PlatformHeader signedIn={false} />
      {usable ? (
        <AuthCard
          title="Confirm your email"
          description="One click confirms your address and opens your store's admin."
        >
          <ConfirmEmailButton token={token} />
        </AuthCard>
      ) : (
        <AuthCard
          title="This link can't be used"
          description="It has expired or was already used. Ask for a new one: it goes to the address you signed up with."
        >
          <ResendLinkForm />
        </AuthCard>
      )}
    </>
  );
}

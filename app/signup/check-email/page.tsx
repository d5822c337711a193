// GET /signup/check-email (root domain) – where every signup ends, whether or not the email had an account.
import type { Metadata } from "next";
import Link from "next/link";
import { AuthCard } from "@/app/components/auth-card";
import { PlatformHeader } from "@/app/components/platform-header";
import { Alert } from "@/app/components/ui/alert";
import { DEV_MAILBOX_PATH, devMailboxEnabled } from "@/lib/auth/email-verification-dev-mailbox";
import { ResendLinkForm } from "@/app/verify-email/resend-link-form";

export const metadata: Metadata = { title: "Check your email" };

export default function CheckEmailPage() {
  return (
    <>
      <PlatformHeader signedIn={false} />
      <AuthCard
        title="Check your email"
        description="We sent a link to the address you gave. Open it to confirm your address and go to your store. The link works for 48 hours."
        footer={
          <>
            Already confirmed? <Link href="/login">Sign in</Link>.
          </>
        }
      >
        <div className="grid gap-5">
          {devMailboxEnabled() && (
            <Alert tone="info" title="Developing locally?">
              The platform has no mail provider here, so its mail waits in the{" "}
              <Link href={DEV_MAILBOX_PATH}>development mailbox</Link> (and the server log).
            </Alert>
          )}
          <p className="text-sm text-gray-600">Didn&apos;t get it? Check your spam folder, or ask for a new link.</p>
          <ResendLinkForm />
        </div>
      </AuthCard>
    </>
  );
}

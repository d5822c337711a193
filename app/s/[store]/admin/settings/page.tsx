// GET /admin/settings on a store host – Dashboard Settings: Stripe keys per mode and email.
import type { Metadata } from "next";
import { PageHeader, SectionHeader } from "@/app/components/ui/page-header";
import { isStoreOwnerEmailVerified } from "@/lib/auth/email-verification";
import { requireStoreAdmin } from "@/lib/auth/store-access";
import { getEmailSettingsView } from "@/lib/email/settings";
import { webhookUrl } from "@/lib/stripe/connection";
import { getStripeSettingsView } from "@/lib/stripe/settings";
import { AdminShell } from "../admin-shell";
import { EmailSettingsForm } from "./email-settings-form";
import { StripeSettingsForm } from "./stripe-settings-form";

export const metadata: Metadata = { title: "Dashboard Settings" };

export default async function SettingsPage({ params }: { params: Promise<{ store: string }> }) {
  const access = await requireStoreAdmin((await params).store, "/admin/settings");
  const [stripe, email, ownerEmailVerified] = await Promise.all([
    getStripeSettingsView(access.store.id),
    getEmailSettingsView(access.store.id),
    isStoreOwnerEmailVerified(access.store.id),
  ]);
  return (
    <AdminShell access={access}>
      <PageHeader title="Dashboard Settings" />
      <SectionHeader
        title="Stripe"
        className="max-w-2xl"
        description="Paste the keys of your own Stripe account (Stripe → Developers → API keys). Secret values are encrypted and never shown again; leave a secret field blank to keep what is saved. Changes apply to the next request."
      />
      <StripeSettingsForm
        initial={stripe}
        webhookUrl={webhookUrl(access.store)}
        ownerEmailVerified={ownerEmailVerified}
      />
      <SectionHeader
        title="Email"
        className="max-w-2xl"
        description="Receipts go out through your own Resend account. Without an API key they wait in the Email log."
      />
      <EmailSettingsForm initial={email} />
    </AdminShell>
  );
}

// GET /admin/settings/store on a store host – Store settings: name, support email, currency, logo, pause.
import type { Metadata } from "next";
import { PageHeader, SectionHeader } from "@/app/components/ui/page-header";
import { requireStoreAdmin } from "@/lib/auth/store-access";
import {
  getStoreSettingsView,
  isStoreCurrency,
  LOGO_MIME_TYPES,
  MAX_LOGO_BYTES,
  MAX_PAUSE_MESSAGE_LENGTH,
  MAX_STORE_NAME_LENGTH,
  STORE_CURRENCIES,
} from "@/lib/tenancy/store-settings";
import { AdminShell } from "../../admin-shell";
import { LogoField } from "./logo-field";
import { PauseForm } from "./pause-form";
import { StoreDetailsForm } from "./store-details-form";

export const metadata: Metadata = { title: "Store settings" };

const currencyNames = new Intl.DisplayNames(["en"], { type: "currency" });

export default async function StoreSettingsPage({ params }: { params: Promise<{ store: string }> }) {
  const access = await requireStoreAdmin((await params).store, "/admin/settings/store");
  const view = await getStoreSettingsView(access.store);
  // A store created before the list narrowed keeps its own currency selectable.
  const codes = isStoreCurrency(view.currency) ? STORE_CURRENCIES : [view.currency, ...STORE_CURRENCIES];
  const currencies = codes.map((code) => ({
    code,
    label: `${code.toUpperCase()} – ${currencyNames.of(code.toUpperCase()) ?? code.toUpperCase()}`,
  }));
  return (
    <AdminShell access={access}>
      <PageHeader title="Store settings" />
      <SectionHeader
        title="Details"
        className="mt-0 max-w-2xl"
        description="What shoppers and buyers see: on the storefront, their order page and their receipt."
      />
      <StoreDetailsForm
        initial={{ name: view.name, supportEmail: view.supportEmail, currency: view.currency }}
        currencies={currencies}
        currencyLockedReason={view.currencyLockedReason}
        maxNameLength={MAX_STORE_NAME_LENGTH}
      />
      <SectionHeader
        title="Logo"
        className="max-w-2xl"
        description="Shown in the storefront's header and on receipts, at most 512 pixels on its longer side."
      />
      <LogoField logoPath={view.logoPath} maxBytes={MAX_LOGO_BYTES} accept={LOGO_MIME_TYPES.join(",")} />
      <section id="pause" className="scroll-mt-4">
        <SectionHeader
          title="Pause storefront"
          className="max-w-2xl"
          description="While paused, shoppers see your message instead of your products and nothing can be bought. Buyers' order pages, download links and Stripe's payment notifications keep working."
        />
        <PauseForm
          pausedSince={view.pausedAt?.toLocaleString("en-US") ?? null}
          message={view.pausedMessage ?? ""}
          maxLength={MAX_PAUSE_MESSAGE_LENGTH}
        />
      </section>
    </AdminShell>
  );
}

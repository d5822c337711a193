// GET / (root domain) – the platform's landing page.
import { CreditCard, Globe, Upload } from "lucide-react";
import Link from "next/link";
import { getSignedInUser } from "@/lib/auth/session";
import { env } from "@/lib/env";
import { PlatformHeader } from "@/app/components/platform-header";
import { buttonClasses } from "@/app/components/ui/button";
import { Card } from "@/app/components/ui/card";
import { PageMain } from "@/app/components/ui/page-main";

const STEPS = [
  { icon: Globe, title: "Your own address", text: "Every store gets its own subdomain and its own admin." },
  { icon: CreditCard, title: "Your own Stripe", text: "Checkout runs on your Stripe keys, so payouts go to you." },
  { icon: Upload, title: "Files delivered", text: "Buyers get their download links and a receipt by email." },
];

export default async function LandingPage() {
  const user = await getSignedInUser();
  return (
    <>
      <PlatformHeader signedIn={!!user} />
      <PageMain>
        <section className="grid max-w-3xl gap-5 py-8 sm:py-16">
          <h1 className="text-4xl font-semibold tracking-tight text-balance text-gray-900 sm:text-5xl">
            Sell digital downloads from your own store
          </h1>
          <p className="text-lg text-gray-600">
            Pick an address like <strong className="font-semibold text-gray-900">yourstore.{env.ROOT_DOMAIN}</strong>,
            paste your Stripe keys, upload your files. Payments go straight to your own Stripe account.
          </p>
          <p>
            <Link className={buttonClasses("primary", "md")} href="/signup">
              Start a store
            </Link>
          </p>
        </section>
        <ul className="grid gap-4 sm:grid-cols-3">
          {STEPS.map(({ icon: Icon, title, text }) => (
            <li key={title}>
              <Card className="h-full">
                <Icon className="mb-3 size-6 text-brand-600" aria-hidden />
                <h2 className="font-semibold text-gray-900">{title}</h2>
                <p className="mt-1 text-sm text-gray-600">{text}</p>
              </Card>
            </li>
          ))}
        </ul>
      </PageMain>
    </>
  );
}

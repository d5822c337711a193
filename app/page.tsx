// GET / (root domain) – the platform's landing page.
import Link from "next/link";
import { getSignedInUser } from "@/lib/auth/session";
import { env } from "@/lib/env";
import { PlatformHeader } from "@/app/components/platform-header";

export default async function LandingPage() {
  const user = await getSignedInUser();
  return (
    <>
      <PlatformHeader signedIn={!!user} />
      <main>
        <h1>Sell digital downloads from your own store</h1>
        <p className="muted">
          Pick an address like <strong>yourstore.{env.ROOT_DOMAIN}</strong>, paste your Stripe keys, upload your files.
          Payments go straight to your own Stripe account.
        </p>
        <p>
          <Link className="button" href="/signup">Start a store</Link>
        </p>
      </main>
    </>
  );
}

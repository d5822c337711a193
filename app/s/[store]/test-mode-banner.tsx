import type { PaymentAvailability } from "@/lib/checkout/payment-availability";

/** Shoppers must know when nothing real will be charged, and when nothing can be bought. */
export function PaymentStateBanner({ availability }: { availability: PaymentAvailability }) {
  if (!availability.available) return <div className="banner" role="status">{availability.reason}</div>;
  if (availability.mode === "test") {
    return (
      <div className="banner test-mode" role="status">
        Test mode: no real payments are taken. Use card 4242 4242 4242 4242.
      </div>
    );
  }
  return null;
}

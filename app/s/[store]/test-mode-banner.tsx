import { Alert } from "@/app/components/ui/alert";
import type { PaymentAvailability } from "@/lib/checkout/payment-availability";

/** Shoppers must know when nothing real will be charged, and when nothing can be bought. */
export function PaymentStateBanner({ availability }: { availability: PaymentAvailability }) {
  if (!availability.available) {
    return (
      <Alert tone="danger" banner role="status">
        {availability.reason}
      </Alert>
    );
  }
  if (availability.mode === "test") {
    return (
      <Alert tone="warning" banner role="status">
        Test mode: no real payments are taken. Use card 4242 4242 4242 4242.
      </Alert>
    );
  }
  return null;
}

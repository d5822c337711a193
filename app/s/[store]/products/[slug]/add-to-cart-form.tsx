"use client";
import { ShoppingCart } from "lucide-react";
import { useActionState, useState } from "react";
import { Button } from "@/app/components/ui/button";
import { Field, fieldErrorId, fieldHintId } from "@/app/components/ui/field";
import { Input } from "@/app/components/ui/input";
import { addToCart, type AddToCartState } from "../../cart/actions";

type Props = {
  productId: string;
  /** Set for pay-what-you-want: the suggested amount as typed ("12.00") and the minimum shown to the shopper. */
  payWhatYouWant?: {
    suggested: string;
    minimumLabel: string;
    currency: string;
  };
};

/** "Add to cart", with the shopper's own amount for a pay-what-you-want product; the server checks it. */
export function AddToCartForm({ productId, payWhatYouWant }: Props) {
  const [state, action, pending] = useActionState<AddToCartState, FormData>(addToCart, {});
  // Controlled, because React resets a form after its action: a refused amount stays as typed.
  const [amount, setAmount] = useState(payWhatYouWant?.suggested ?? "");
  return (
    <form action={action} className="grid gap-4">
      <input type="hidden" name="productId" value={productId} />
      {payWhatYouWant ? (
        <Field
          label={`Name your price (${payWhatYouWant.currency.toUpperCase()})`}
          htmlFor="amount"
          hint={`Minimum ${payWhatYouWant.minimumLabel}`}
          error={state.error}
        >
          <div className="w-40">
            <Input
              id="amount"
              name="amount"
              inputMode="decimal"
              value={amount}
              onChange={(e) => setAmount(e.target.value)}
              invalid={!!state.error}
              aria-describedby={`${fieldHintId("amount")} ${fieldErrorId("amount")}`}
              className="tabular-nums"
            />
          </div>
        </Field>
      ) : (
        state.error && (
          <p id={fieldErrorId("amount")} role="alert" className="text-sm font-medium text-danger-700">
            {state.error}
          </p>
        )
      )}
      <Button type="submit" disabled={pending} className="w-full">
        <ShoppingCart aria-hidden />
        Add to cart
      </Button>
    </form>
  );
}

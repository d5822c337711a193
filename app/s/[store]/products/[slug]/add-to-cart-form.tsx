"use client";
import { useActionState } from "react";
import { addToCart, type AddToCartState } from "../../cart/actions";

type Props = {
  productId: string;
  /** Set for pay-what-you-want: the suggested amount as typed ("12.00") and the minimum shown to the shopper. */
  payWhatYouWant?: { suggested: string; minimumLabel: string; currency: string };
};

/** "Add to cart", with the shopper's own amount for a pay-what-you-want product; the server checks it. */
export function AddToCartForm({ productId, payWhatYouWant }: Props) {
  const [state, action, pending] = useActionState<AddToCartState, FormData>(addToCart, {});
  return (
    <form action={action} className="grid gap-3">
      <input type="hidden" name="productId" value={productId} />
      {payWhatYouWant && (
        <div className="grid gap-1.5">
          <label htmlFor="amount" className="text-sm font-medium">
            Name your price ({payWhatYouWant.currency.toUpperCase()})
          </label>
          <input
            id="amount"
            name="amount"
            inputMode="decimal"
            defaultValue={payWhatYouWant.suggested}
            aria-invalid={state.error ? true : undefined}
            aria-describedby="amount-hint amount-error"
            className="w-40 rounded-md border border-gray-300 px-3 py-2 aria-[invalid=true]:border-red-600"
          />
          <p id="amount-hint" className="text-sm text-gray-600">
            Minimum {payWhatYouWant.minimumLabel}
          </p>
        </div>
      )}
      {state.error && (
        <p id="amount-error" role="alert" className="text-sm text-red-700">
          {state.error}
        </p>
      )}
      <button type="submit" disabled={pending} className="w-fit rounded-md bg-indigo-600 px-4 py-2 font-medium text-white disabled:opacity-60">
        Add to cart
      </button>
    </form>
  );
}

"use server";
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { z } from "zod";
import { acceptedAmount } from "@/lib/catalog/pricing";
import { findPublishedProductById } from "@/lib/catalog/products";
import { CART_COOKIE, parseCart, writeCartCookie } from "@/lib/checkout/cart";
import { parseMoney } from "@/lib/money";
import { requireStoreFromHost, storefrontClosed } from "@/lib/tenancy/request-store";

const productForm = z.object({ productId: z.uuid() });

export type AddToCartState = { error?: string };

/**
 * "Add to cart": only products this store sells right now. For pay-what-you-want the
 * shopper's amount is read in the product's currency and checked against its bounds here,
 * and again when the order is priced.
 */
export async function addToCart(_previous: AddToCartState, form: FormData): Promise<AddToCartState> {
  // Anyone can post to an action: a body that is not this form is refused, not a 500.
  if (!(form instanceof FormData)) return { error: "This product is not for sale." };
  const parsed = productForm.safeParse({ productId: form.get("productId") });
  if (!parsed.success) return { error: "This product is not for sale." };
  const store = await requireStoreFromHost();
  const closed = storefrontClosed(store);
  if (closed) return { error: closed.message };
  const product = await findPublishedProductById(store.id, parsed.data.productId);
  if (!product) return { error: "This product is no longer for sale." };
  let amount: number | undefined;
  if (product.payWhatYouWant) {
    const typed = parseMoney(String(form.get("amount") ?? ""), product.currency);
    if (!typed.ok) return { error: typed.message };
    const accepted = acceptedAmount(product, typed.amount);
    if (!accepted.ok) return { error: accepted.message };
    amount = accepted.amount;
  }
  const current = parseCart((await cookies()).get(CART_COOKIE)?.value);
  await writeCartCookie([...current, { productId: product.id, amount }]);
  redirect("/cart");
}

export async function removeFromCart(form: FormData): Promise<void> {
  const parsed = productForm.safeParse({ productId: form instanceof FormData ? form.get("productId") : null });
  if (parsed.success) {
    const current = parseCart((await cookies()).get(CART_COOKIE)?.value);
    await writeCartCookie(current.filter((entry) => entry.productId !== parsed.data.productId));
  }
  redirect("/cart");
}

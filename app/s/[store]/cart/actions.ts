"use server";
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { z } from "zod";
import { CART_COOKIE, parseCart, priceCart, serializeCart } from "@/lib/checkout/cart";
import { requireStoreFromHost } from "@/lib/tenancy/request-store";

const productForm = z.object({ productId: z.uuid() });

async function writeCart(productIds: string[]) {
  (await cookies()).set(CART_COOKIE, serializeCart(productIds), {
    httpOnly: true,
    sameSite: "lax",
    path: "/",
    maxAge: 30 * 24 * 3600,
  });
}

/** "Add to cart": only products this store sells right now. */
export async function addToCart(form: FormData): Promise<void> {
  const { productId } = productForm.parse({ productId: form.get("productId") });
  const store = await requireStoreFromHost();
  const current = parseCart((await cookies()).get(CART_COOKIE)?.value);
  const { lines } = await priceCart(store.id, [...current, productId]);
  await writeCart(lines.map((p) => p.id));
  redirect("/cart");
}

export async function removeFromCart(form: FormData): Promise<void> {
  const { productId } = productForm.parse({ productId: form.get("productId") });
  const current = parseCart((await cookies()).get(CART_COOKIE)?.value);
  await writeCart(current.filter((id) => id !== productId));
  redirect("/cart");
}

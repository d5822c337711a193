import { describe, expect, it } from "vitest";
import { addToCart, removeFromCart } from "./actions";

// Anyone can post any body to a server action; one that is not the form gets an answer, not a 500.
describe("cart actions given a body that is not their form", () => {
  it("add to cart refuses it in words", async () => {
    for (const body of [null, "[]", { productId: "x" }, 42]) {
      expect(await addToCart({}, body as unknown as FormData)).toEqual({ error: "This product is not for sale." });
    }
  });

  it("remove from cart changes nothing and goes back to the cart", async () => {
    for (const body of [null, "[]", { productId: "x" }]) {
      await expect(removeFromCart(body as unknown as FormData)).rejects.toMatchObject({
        digest: expect.stringContaining("NEXT_REDIRECT;replace;/cart"),
      });
    }
  });
});

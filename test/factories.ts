import { randomBytes } from "node:crypto";
import { products, type Store, type User } from "@/db/schema";
import { signUpOwner } from "@/lib/auth/signup";
import { getDb } from "@/lib/db";

const unique = () => randomBytes(4).toString("hex");

/** A new owner with a new store, with names unique across a shared test database. */
export async function createOwnerWithStore(overrides: { subdomain?: string } = {}): Promise<{ user: User; store: Store; password: string }> {
  const password = `pw-${unique()}-${unique()}`;
  const id = unique();
  const { user, store } = await signUpOwner({
    email: `owner-${id}@example.test`,
    password,
    storeName: `Store ${id}`,
    subdomain: overrides.subdomain ?? `store-${id}`,
  });
  return { user, store, password };
}

export async function createProduct(store: Store, name = `Product ${unique()}`) {
  const db = await getDb();
  const [product] = await db
    .insert(products)
    .values({
      storeId: store.id,
      slug: name.toLowerCase().replace(/[^a-z0-9]+/g, "-"),
      name,
      priceAmount: 1000,
      currency: store.currency,
      status: "published",
    })
    .returning();
  if (!product) throw new Error("no product");
  return product;
}

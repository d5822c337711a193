import { randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import { productFiles, products, type Store, type User } from "@/db/schema";
import { signUpOwner } from "@/lib/auth/signup";
import { getDb } from "@/lib/db";
import { attachPaymentIntent, createPendingOrder } from "@/lib/orders/orders";
import { getStorage } from "@/lib/storage";
import { saveStripeSettings } from "@/lib/stripe/settings";
import { testSecret } from "./stripe-events";

const unique = () => randomBytes(4).toString("hex");

/** A new owner with a new store, with names unique across a shared test database. */
export async function createOwnerWithStore(
  overrides: { subdomain?: string; emailVerified?: boolean } = {},
): Promise<{ user: User; store: Store; password: string }> {
  const password = `pw-${unique()}-${unique()}`;
  const id = unique();
  const { user, store } = await signUpOwner(
    {
      email: `owner-${id}@example.test`,
      password,
      storeName: `Store ${id}`,
      subdomain: overrides.subdomain ?? `store-${id}`,
    },
    overrides.emailVerified ? { emailVerification: "verified" } : {},
  );
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

/** A published product with one stored file, as buyers get it. */
export async function createProductWithFile(store: Store, fields: { priceAmount?: number; bytes?: Uint8Array } = {}) {
  const db = await getDb();
  const product = await createProduct(store);
  if (fields.priceAmount !== undefined) {
    await db.update(products).set({ priceAmount: fields.priceAmount }).where(eq(products.id, product.id));
    product.priceAmount = fields.priceAmount;
  }
  const bytes = fields.bytes ?? new TextEncoder().encode(`file of ${product.name}`);
  const { storageKey, sizeBytes, sha256 } = await getStorage().put(store.id, bytes);
  const [file] = await db
    .insert(productFiles)
    .values({
      storeId: store.id,
      productId: product.id,
      fileName: `${product.slug}.txt`,
      contentType: "text/plain",
      storageKey,
      sizeBytes,
      sha256,
    })
    .returning();
  return { product, file: file!, bytes };
}

/** A store with a complete Test and Live key set saved through Dashboard Settings; its owner's email is verified, as Live mode needs. */
export async function createStoreWithStripe() {
  const owner = await createOwnerWithStore({ emailVerified: true });
  const keys = {
    testPublishableKey: testSecret("pk_test"),
    testSecretKey: testSecret("sk_test"),
    testWebhookSecret: testSecret("whsec"),
    livePublishableKey: testSecret("pk_live"),
    liveSecretKey: testSecret("sk_live"),
    liveWebhookSecret: testSecret("whsec"),
  };
  await saveStripeSettings(owner.store.id, { ...keys, liveMode: false });
  return { ...owner, keys };
}

/** A pending order for one product, with its PaymentIntent id attached. */
export async function createPendingOrderWithIntent(store: Store, productId: string, mode: "test" | "live" = "test") {
  const order = await createPendingOrder(store.id, {
    mode,
    email: `buyer-${unique()}@example.test`,
    lines: [{ productId, quantity: 1 }],
  });
  const paymentIntentId = `pi_${unique()}${unique()}`;
  await attachPaymentIntent(store.id, order.id, paymentIntentId);
  return { ...order, paymentIntentId };
}

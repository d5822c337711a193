import { randomBytes } from "node:crypto";
import { orderItems, orders, productFiles, products, type Product, type ProductFile, type Store } from "@/db/schema";
import { getDb } from "@/lib/db";
import { getStorage } from "@/lib/storage";

const unique = () => randomBytes(4).toString("hex");

type FileSpec = { fileName: string; bytes: Uint8Array; contentType?: string };

/** A published product with stored files, and the download rules to copy into grants. */
export async function createDownloadableProduct(
  store: Store,
  options: {
    downloadLimit?: number | null;
    downloadExpiryDays?: number | null;
    files?: FileSpec[];
  } = {},
): Promise<{ product: Product; files: (ProductFile & { bytes: Uint8Array })[] }> {
  const db = await getDb();
  const name = `Download ${unique()}`;
  const [product] = await db
    .insert(products)
    .values({
      storeId: store.id,
      slug: name.toLowerCase().replace(/[^a-z0-9]+/g, "-"),
      name,
      priceAmount: 900,
      currency: store.currency,
      status: "published",
      downloadLimit: options.downloadLimit === undefined ? 5 : options.downloadLimit,
      downloadExpiryDays: options.downloadExpiryDays === undefined ? 30 : options.downloadExpiryDays,
    })
    .returning();
  if (!product) throw new Error("no product");
  const specs: FileSpec[] = options.files ?? [{ fileName: `${product.slug}.bin`, bytes: randomBytes(4096) }];
  const files = [];
  for (const spec of specs) {
    const { storageKey, sizeBytes, sha256 } = await getStorage().put(store.id, spec.bytes);
    const [file] = await db
      .insert(productFiles)
      .values({
        storeId: store.id,
        productId: product.id,
        fileName: spec.fileName,
        contentType: spec.contentType ?? "application/octet-stream",
        storageKey,
        sizeBytes,
        sha256,
      })
      .returning();
    if (!file) throw new Error("no product file");
    files.push({ ...file, bytes: spec.bytes });
  }
  return { product, files };
}

/** A paid order of one of each product, inserted directly (no payment flow). */
export async function createPaidOrder(store: Store, bought: Product[]) {
  const db = await getDb();
  const total = bought.reduce((sum, p) => sum + p.priceAmount, 0);
  const [order] = await db
    .insert(orders)
    .values({
      storeId: store.id,
      mode: "test",
      status: "paid",
      email: `buyer-${unique()}@example.test`,
      currency: store.currency,
      subtotalAmount: total,
      totalAmount: total,
      paidAt: new Date(),
    })
    .returning();
  if (!order) throw new Error("no order");
  if (bought.length > 0) {
    await db.insert(orderItems).values(
      bought.map((p) => ({
        storeId: store.id,
        orderId: order.id,
        productId: p.id,
        productName: p.name,
        unitAmount: p.priceAmount,
        quantity: 1,
        totalAmount: p.priceAmount,
      })),
    );
  }
  return order;
}

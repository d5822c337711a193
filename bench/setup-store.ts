// The benchmark's own store, made through the app's code as an owner would make it (see
// test/ready-store.ts): a dozen published products with uploaded files. Run by bench/run.ts
// with the server's env; writes what the harness needs to the file named by its one
// argument (stdout carries the app's logs).
//   tsx --conditions=react-server bench/setup-store.ts <out.json>
import { writeFileSync } from "node:fs";
import { closeDb } from "@/lib/db";
import { createReadyStore, publishProductWithFile, type PublishedProduct } from "../test/ready-store";

export type SetupStoreResult = {
  storeId: string;
  userId: string;
  subdomain: string;
  /** The Test mode signing secret the deliveries are signed with. */
  webhookSecret: string;
  products: PublishedProduct[];
};

/** A storefront of a dozen products, as a small real store has. */
const PRODUCT_COUNT = 12;

const out = process.argv[2];
if (!out) throw new Error("usage: bench/setup-store.ts <out.json>");

const { store, userId, webhookSecret } = await createReadyStore({
  storeName: "Benchmark Downloads",
  subdomainPrefix: "bench",
  emailDomain: "bench.test",
});

const products: PublishedProduct[] = [];
for (let i = 1; i <= PRODUCT_COUNT; i++) {
  const form = {
    name: `Field Guide Volume ${i}`,
    slug: `field-guide-${i}`,
    description: `Volume ${i} of the field guide: **printable checklists** and notes.\n\n- Checklists\n- Worked examples\n- Index`,
    price: `${9 + i}.00`,
    // Unlimited downloads, so the download path measures serving, not a link running out.
    downloadLimit: "",
  };
  products.push(
    await publishProductWithFile(store, form, `# Field Guide Volume ${i}\n\n${"A checklist line.\n".repeat(400)}`),
  );
}
await closeDb();

const result: SetupStoreResult = { storeId: store.id, userId, subdomain: store.subdomain, webhookSecret, products };
writeFileSync(out, JSON.stringify(result, null, 2), { mode: 0o600 });

// The benchmark's own store, made through the app's code as an owner would make it: signup,
// Stripe keys and Resend settings saved (encrypted) through Dashboard Settings, products with uploaded files,
// published. Run by bench/run.ts with the server's env; writes what the harness needs to
// the file named by its one argument (stdout carries the app's logs).
//   tsx --conditions=react-server bench/setup-store.ts <out.json>
import { randomBytes } from "node:crypto";
import { writeFileSync } from "node:fs";
import { signUpOwner } from "@/lib/auth/signup";
import { addProductFile } from "@/lib/catalog/product-files";
import { saveProductForm } from "@/lib/catalog/products";
import { closeDb } from "@/lib/db";
import { saveEmailSettings } from "@/lib/email/settings";
import { saveStripeSettings } from "@/lib/stripe/settings";

export type SetupStoreResult = {
  storeId: string;
  userId: string;
  subdomain: string;
  /** The Test mode signing secret the deliveries are signed with. */
  webhookSecret: string;
  products: { id: string; fileId: string; slug: string; name: string; priceAmount: number }[];
};

/** A storefront of a dozen products, as a small real store has. */
const PRODUCT_COUNT = 12;

const out = process.argv[2];
if (!out) throw new Error("usage: bench/setup-store.ts <out.json>");
const key = (prefix: string) => `${prefix}_${randomBytes(24).toString("hex")}`;
const tag = randomBytes(3).toString("hex");

const { user, store } = await signUpOwner(
  {
    email: `bench-owner-${tag}@bench.test`,
    password: randomBytes(18).toString("base64url"),
    storeName: "Benchmark Downloads",
    subdomain: `bench-${tag}`,
  },
  { emailVerification: "verified" },
);
const webhookSecret = key("whsec");
await saveStripeSettings(
  store.id,
  { testPublishableKey: key("pk_test"), testSecretKey: key("sk_test"), testWebhookSecret: webhookSecret },
  user.id,
);

// Receipts go out through the owner's Resend account, here the run's stand-in (RESEND_BASE_URL).
await saveEmailSettings(store.id, {
  resendApiKey: key("re"),
  fromAddress: "Benchmark Downloads <receipts@bench.test>",
});

const products: SetupStoreResult["products"] = [];
for (let i = 1; i <= PRODUCT_COUNT; i++) {
  const form = {
    name: `Field Guide Volume ${i}`,
    slug: `field-guide-${i}`,
    description: `Volume ${i} of the field guide: **printable checklists** and notes.\n\n- Checklists\n- Worked examples\n- Index`,
    price: `${9 + i}.00`,
    // Unlimited downloads, so the download path measures serving, not a link running out.
    downloadLimit: "",
    downloadExpiryDays: "",
  };
  const draft = await saveProductForm(store, null, { ...form, status: "draft" });
  const bytes = new TextEncoder().encode(`# Field Guide Volume ${i}\n\n${"A checklist line.\n".repeat(400)}`);
  const file = await addProductFile(store.id, draft.id, {
    body: bytes,
    fileName: `field-guide-${i}.md`,
    declaredSize: bytes.byteLength,
  });
  const product = await saveProductForm(store, draft.id, { ...form, status: "published" });
  products.push({
    id: product.id,
    fileId: file.id,
    slug: product.slug,
    name: product.name,
    priceAmount: product.priceAmount,
  });
}
await closeDb();

const result: SetupStoreResult = {
  storeId: store.id,
  userId: user.id,
  subdomain: store.subdomain,
  webhookSecret,
  products,
};
writeFileSync(out, JSON.stringify(result, null, 2), { mode: 0o600 });

// A store made through the app's own code, as an owner makes one: signup (verified), Test
// mode Stripe keys and Resend settings saved (encrypted) through Dashboard Settings, and
// published products with an uploaded file. Shared by the scripts that set up the bench's
// store and the several-instances test's store; they run under tsx with the app's env.
import { randomBytes } from "node:crypto";
import { signUpOwner } from "@/lib/auth/signup";
import { addProductFile } from "@/lib/catalog/product-files";
import { saveProductForm } from "@/lib/catalog/products";
import { saveEmailSettings } from "@/lib/email/settings";
import { saveStripeSettings } from "@/lib/stripe/settings";

type Store = Awaited<ReturnType<typeof signUpOwner>>["store"];

export type ReadyStore = {
  store: Store;
  userId: string;
  ownerEmail: string;
  ownerPassword: string;
  /** The Test mode signing secret saved in the store's settings. */
  webhookSecret: string;
};

/** A random key of the shape Stripe or Resend gives (`prefix_…`). */
const key = (prefix: string) => `${prefix}_${randomBytes(24).toString("hex")}`;

/** Signs an owner up for a store named `storeName` at `<subdomainPrefix>-<random>` and saves its keys. */
export async function createReadyStore(args: {
  storeName: string;
  subdomainPrefix: string;
  emailDomain: string;
}): Promise<ReadyStore> {
  const tag = randomBytes(3).toString("hex");
  const ownerEmail = `${args.subdomainPrefix}-owner-${tag}@${args.emailDomain}`;
  const ownerPassword = randomBytes(18).toString("base64url");
  const { user, store } = await signUpOwner(
    {
      email: ownerEmail,
      password: ownerPassword,
      storeName: args.storeName,
      subdomain: `${args.subdomainPrefix}-${tag}`,
    },
    { emailVerification: "verified" },
  );
  const webhookSecret = key("whsec");
  await saveStripeSettings(
    store.id,
    { testPublishableKey: key("pk_test"), testSecretKey: key("sk_test"), testWebhookSecret: webhookSecret },
    user.id,
  );
  // Receipts go out through the owner's Resend account: the caller's RESEND_BASE_URL stand-in.
  await saveEmailSettings(store.id, {
    resendApiKey: key("re"),
    fromAddress: `${args.storeName} <receipts@${args.emailDomain}>`,
  });
  return { store, userId: user.id, ownerEmail, ownerPassword, webhookSecret };
}

export type PublishedProduct = { id: string; fileId: string; slug: string; name: string; priceAmount: number };

/** A product saved as a draft, given a file (`fileText`, as `<slug>.md`), then published, as the admin does it. */
export async function publishProductWithFile(
  store: Pick<Store, "id" | "currency">,
  form: { name: string; slug: string; description: string; price: string; downloadLimit: string },
  fileText: string,
): Promise<PublishedProduct> {
  const fields = { ...form, downloadExpiryDays: "" };
  const draft = await saveProductForm(store, null, { ...fields, status: "draft" });
  const bytes = new TextEncoder().encode(fileText);
  const file = await addProductFile(store.id, draft.id, {
    body: bytes,
    fileName: `${form.slug}.md`,
    declaredSize: bytes.byteLength,
  });
  const product = await saveProductForm(store, draft.id, { ...fields, status: "published" });
  return { id: product.id, fileId: file.id, slug: product.slug, name: product.name, priceAmount: product.priceAmount };
}

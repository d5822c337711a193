// The store the two-instance test works on, made through the app's own code (see
// test/ready-store.ts; this also applies the migrations): a catalogue product and a product
// with a download limit, each with a file in the shared bucket. Run with the instances' env;
// writes the result to the file named by its argument.
//   tsx --conditions=react-server test/instances/setup-store.ts <out.json>
import { writeFileSync } from "node:fs";
import { closeDb } from "@/lib/db";
import { createReadyStore, publishProductWithFile, type PublishedProduct } from "../ready-store";

export type InstancesProduct = PublishedProduct & {
  /** The file's content, to compare downloads with. */
  fileText: string;
};

export type InstancesStore = {
  storeId: string;
  userId: string;
  subdomain: string;
  ownerEmail: string;
  ownerPassword: string;
  /** The Test mode signing secret saved at setup. */
  webhookSecret: string;
  catalogue: InstancesProduct;
  limited: InstancesProduct & { downloadLimit: number };
};

/** Small enough that a burst of requests runs the link out. */
const DOWNLOAD_LIMIT = 5;

const out = process.argv[2];
if (!out) throw new Error("usage: test/instances/setup-store.ts <out.json>");

const ready = await createReadyStore({
  storeName: "Two Instances",
  subdomainPrefix: "instances",
  emailDomain: "example.test",
});

async function publishedProduct(name: string, slug: string, downloadLimit: string): Promise<InstancesProduct> {
  const fileText = `# ${name}\n\n${"A line of the file.\n".repeat(200)}`;
  const form = { name, slug, description: `${name}, as a file.`, price: "12.00", downloadLimit };
  return { ...(await publishProductWithFile(ready.store, form, fileText)), fileText };
}

const catalogue = await publishedProduct("Harbour Charts", "harbour-charts", "");
const limited = await publishedProduct("Limited Field Notes", "limited-field-notes", String(DOWNLOAD_LIMIT));
await closeDb();

const result: InstancesStore = {
  storeId: ready.store.id,
  userId: ready.userId,
  subdomain: ready.store.subdomain,
  ownerEmail: ready.ownerEmail,
  ownerPassword: ready.ownerPassword,
  webhookSecret: ready.webhookSecret,
  catalogue,
  limited: { ...limited, downloadLimit: DOWNLOAD_LIMIT },
};
writeFileSync(out, JSON.stringify(result, null, 2), { mode: 0o600 });

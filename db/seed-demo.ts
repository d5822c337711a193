import { randomBytes } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { eq } from "drizzle-orm";
import { productFiles, products, stores } from "@/db/schema";
import { signUpOwner } from "@/lib/auth/signup";
import { getDb } from "@/lib/db";
import { env } from "@/lib/env";
import { getStorage } from "@/lib/storage";
import { setUpWebhookEndpoint } from "@/lib/stripe/connection";
import { getStripeSettingsView, saveStripeSettings } from "@/lib/stripe/settings";

export const DEMO_OWNER_EMAIL = "owner@demo.test";

type DemoResult = { created: boolean; password: string | null };

/**
 * Creates the demo store `demo` with two downloadable products, once. Re-running keeps
 * what exists. The owner's generated password is kept in `.data/` so it can be printed
 * on every start.
 */
export async function seedDemoStore(): Promise<DemoResult> {
  const db = await getDb();
  const passwordFile = path.join(env.DATA_DIR, "demo-owner.json");
  const [existing] = await db.select().from(stores).where(eq(stores.subdomain, "demo")).limit(1);
  if (existing) {
    const saved = existsSync(passwordFile) ? (JSON.parse(readFileSync(passwordFile, "utf8")) as { password: string }) : null;
    return { created: false, password: saved?.password ?? null };
  }

  const password = randomBytes(9).toString("base64url");
  const { store } = await signUpOwner({ email: DEMO_OWNER_EMAIL, password, storeName: "Demo Downloads", subdomain: "demo" });
  writeFileSync(passwordFile, JSON.stringify({ email: DEMO_OWNER_EMAIL, password }, null, 2), { mode: 0o600 });

  const catalog = [
    {
      slug: "field-notes-templates",
      name: "Field Notes Templates",
      description: "Twelve printable note-taking layouts for meetings, research and travel, in one Markdown file.",
      priceAmount: 900,
      file: { fileName: "field-notes-templates.md", contentType: "text/markdown", bytes: fieldNotes() },
    },
    {
      slug: "calm-tone-sample",
      name: "Calm Tone Sample",
      description: "A clean two-second 440 Hz sine tone, 16-bit mono WAV, for testing audio gear.",
      priceAmount: 1500,
      file: { fileName: "calm-tone-440hz.wav", contentType: "audio/wav", bytes: sineWave(440, 2) },
    },
  ];
  for (const item of catalog) {
    const [product] = await db
      .insert(products)
      .values({
        storeId: store.id,
        slug: item.slug,
        name: item.name,
        description: item.description,
        priceAmount: item.priceAmount,
        currency: store.currency,
        status: "published",
      })
      .returning();
    if (!product) throw new Error("product insert returned no row");
    const { storageKey, sizeBytes, sha256 } = await getStorage().put(store.id, item.file.bytes);
    await db.insert(productFiles).values({
      storeId: store.id,
      productId: product.id,
      fileName: item.file.fileName,
      contentType: item.file.contentType,
      storageKey,
      sizeBytes,
      sha256,
    });
  }
  return { created: true, password };
}

function fieldNotes(): Uint8Array {
  const layouts = ["Meeting", "Research", "Travel log", "Daily plan", "Reading notes", "Retrospective",
    "Interview", "Experiment", "Weekly review", "Brainstorm", "Decision record", "Packing list"];
  const body = layouts.map((l, i) => `## ${i + 1}. ${l}\n\n- Date:\n- Context:\n- Notes:\n- Next steps:\n`).join("\n");
  return new TextEncoder().encode(`# Field Notes Templates\n\n${body}`);
}

function sineWave(frequency: number, seconds: number, sampleRate = 8000): Uint8Array {
  const samples = sampleRate * seconds;
  const buffer = Buffer.alloc(44 + samples * 2);
  buffer.write("RIFF", 0);
  buffer.writeUInt32LE(36 + samples * 2, 4);
  buffer.write("WAVEfmt ", 8);
  buffer.writeUInt32LE(16, 16);
  buffer.writeUInt16LE(1, 20); // PCM
  buffer.writeUInt16LE(1, 22); // mono
  buffer.writeUInt32LE(sampleRate, 24);
  buffer.writeUInt32LE(sampleRate * 2, 28);
  buffer.writeUInt16LE(2, 32);
  buffer.writeUInt16LE(16, 34);
  buffer.write("data", 36);
  buffer.writeUInt32LE(samples * 2, 40);
  for (let i = 0; i < samples; i++) {
    buffer.writeInt16LE(Math.round(Math.sin((2 * Math.PI * frequency * i) / sampleRate) * 0.3 * 32767), 44 + i * 2);
  }
  return new Uint8Array(buffer);
}

/**
 * Gives the demo store Test keys from the local Stripe sandbox and registers its webhook
 * there, once, so the demo takes (sandbox) payments with no Stripe account.
 */
export async function connectDemoStoreToSandbox(sandboxUrl: string): Promise<"connected" | "already_connected"> {
  const db = await getDb();
  const [store] = await db.select().from(stores).where(eq(stores.subdomain, "demo")).limit(1);
  if (!store) throw new Error("seed the demo store first");
  if ((await getStripeSettingsView(store.id)).test.complete) return "already_connected";
  const response = await fetch(`${sandboxUrl}/_sandbox/accounts`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ name: store.name }),
  });
  if (!response.ok) throw new Error(`the Stripe sandbox refused to create an account (${response.status})`);
  const account = (await response.json()) as { keys: { test: { publishable: string; secret: string } } };
  await saveStripeSettings(store.id, { testPublishableKey: account.keys.test.publishable, testSecretKey: account.keys.test.secret });
  const webhook = await setUpWebhookEndpoint(store, "test");
  if (!webhook.ok) throw new Error(`could not register the demo webhook: ${webhook.message}`);
  return "connected";
}

import { randomBytes } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { and, eq, isNull } from "drizzle-orm";
import sharp from "sharp";
import { stores, users } from "@/db/schema";
import { signUpOwner } from "@/lib/auth/signup";
import { createStaffAccount } from "@/lib/staff/staff-accounts";
import { getDb } from "@/lib/db";
import { env } from "@/lib/env";
import { setCoverImage } from "@/lib/catalog/cover-images";
import { addProductFile } from "@/lib/catalog/product-files";
import { saveProductForm } from "@/lib/catalog/products";
import { setUpWebhookEndpoint } from "@/lib/stripe/connection";
import { getStripeSettingsView, saveStripeSettings } from "@/lib/stripe/settings";

export const DEMO_OWNER_EMAIL = "owner@demo.test";

type DemoResult = { created: boolean; password: string | null };

/**
 * Creates the demo store `demo` with three downloadable products (one pay-what-you-want), once. Re-running keeps
 * what exists. The owner's generated password is kept in `.data/` so it can be printed
 * on every start.
 */
export async function seedDemoStore(): Promise<DemoResult> {
  const db = await getDb();
  const passwordFile = path.join(env.DATA_DIR, "demo-owner.json");
  const [existing] = await db.select().from(stores).where(eq(stores.subdomain, "demo")).limit(1);
  if (existing) {
    // Seeded before email verification existed: the demo owner may switch Live mode on too.
    await db
      .update(users)
      .set({ emailVerifiedAt: new Date() })
      .where(and(eq(users.email, DEMO_OWNER_EMAIL), isNull(users.emailVerifiedAt)));
    const saved = existsSync(passwordFile)
      ? (JSON.parse(readFileSync(passwordFile, "utf8")) as { password: string })
      : null;
    return { created: false, password: saved?.password ?? null };
  }

  const password = randomBytes(9).toString("base64url");
  // The demo owner's address is a placeholder no mail reaches, so it is marked verified.
  const { store } = await signUpOwner(
    { email: DEMO_OWNER_EMAIL, password, storeName: "Demo Downloads", subdomain: "demo" },
    { emailVerification: "verified" },
  );
  writeFileSync(passwordFile, JSON.stringify({ email: DEMO_OWNER_EMAIL, password }, null, 2), { mode: 0o600 });

  // Through the catalogue's own functions, as an owner's editor would: validated fields,
  // uploaded files, a resized cover, then published.
  const catalog = [
    {
      form: {
        slug: "field-notes-templates",
        name: "Field Notes Templates",
        description:
          "Twelve printable note-taking layouts for **meetings, research and travel**, in one Markdown file.\n\n- Meeting and interview notes\n- Research and experiment logs\n- Weekly review and retrospective",
        price: "9.00",
      },
      file: { fileName: "field-notes-templates.md", bytes: fieldNotes() },
      colors: ["#4f46e5", "#06b6d4"],
    },
    {
      form: {
        slug: "calm-tone-sample",
        name: "Calm Tone Sample",
        description: "A clean two-second 440 Hz sine tone, 16-bit mono WAV, for testing audio gear.",
        price: "15.00",
      },
      file: { fileName: "calm-tone-440hz.wav", bytes: sineWave(440, 2) },
      colors: ["#0f766e", "#84cc16"],
    },
    {
      form: {
        slug: "low-tone-sampler",
        name: "Low Tone Sampler",
        description: "A two-second 220 Hz tone. **Pay what you want**, from $3: the suggested price is $6.",
        price: "6.00",
        payWhatYouWant: true,
        minimumPrice: "3.00",
      },
      file: { fileName: "low-tone-220hz.wav", bytes: sineWave(220, 2) },
      colors: ["#9333ea", "#f97316"],
    },
  ];
  for (const item of catalog) {
    const draft = await saveProductForm(store, null, { ...item.form, status: "draft" });
    await addProductFile(store.id, draft.id, {
      body: item.file.bytes,
      fileName: item.file.fileName,
      declaredSize: item.file.bytes.byteLength,
    });
    await setCoverImage(store.id, draft.id, await coverArt(item.colors[0]!, item.colors[1]!));
    await saveProductForm(store, draft.id, { ...item.form, status: "published" });
  }
  return { created: true, password };
}

/** Abstract cover art (shapes only, so no fonts are needed), as a PNG. */
async function coverArt(from: string, to: string): Promise<Buffer> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="1200" height="900">
    <defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="${from}"/><stop offset="1" stop-color="${to}"/></linearGradient></defs>
    <rect width="1200" height="900" fill="url(#g)"/>
    <circle cx="900" cy="250" r="220" fill="#ffffff" fill-opacity="0.18"/>
    <circle cx="300" cy="700" r="320" fill="#ffffff" fill-opacity="0.12"/>
  </svg>`;
  return sharp(Buffer.from(svg)).png().toBuffer();
}

function fieldNotes(): Uint8Array {
  const layouts = [
    "Meeting",
    "Research",
    "Travel log",
    "Daily plan",
    "Reading notes",
    "Retrospective",
    "Interview",
    "Experiment",
    "Weekly review",
    "Brainstorm",
    "Decision record",
    "Packing list",
  ];
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
  await saveStripeSettings(store.id, {
    testPublishableKey: account.keys.test.publishable,
    testSecretKey: account.keys.test.secret,
  });
  const webhook = await setUpWebhookEndpoint(store, "test");
  if (!webhook.ok) throw new Error(`could not register the demo webhook: ${webhook.message}`);
  return "connected";
}

export const DEMO_STAFF_EMAIL = "staff@demo.test";

/**
 * The demo's platform staff account, once, with its password kept in `.data/` like the
 * owner's, so the demo shows the staff console with no set-up.
 */
export async function seedDemoStaff(): Promise<{ email: string; password: string }> {
  const passwordFile = path.join(env.DATA_DIR, "demo-staff.json");
  const db = await getDb();
  const [existing] = await db.select().from(users).where(eq(users.email, DEMO_STAFF_EMAIL)).limit(1);
  if (existing?.isStaff && existsSync(passwordFile)) {
    return JSON.parse(readFileSync(passwordFile, "utf8")) as { email: string; password: string };
  }
  const { email, password } = await createStaffAccount(DEMO_STAFF_EMAIL);
  writeFileSync(passwordFile, JSON.stringify({ email, password }, null, 2), { mode: 0o600 });
  return { email, password };
}

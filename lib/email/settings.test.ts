import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { emailOutbox, storeEmailSettings } from "@/db/schema";
import { getDb } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { createOwnerWithStore } from "@/test/factories";
import { findEmailSettingsRow, loadEmailCredentials } from "./credentials";
import { enqueueEmail, processDueEmails } from "./outbox";
import { emailSettingsInput, getEmailSettingsView, saveEmailSettings } from "./settings";

const RESEND_KEY = "re_Abcdefghijklmnopqrstuvwxyz";

describe("email settings", () => {
  it("stores the API key encrypted, shows only its masked hint, and keeps it when the field is left blank", async () => {
    const { store } = await createOwnerWithStore();
    await saveEmailSettings(store.id, { resendApiKey: RESEND_KEY, fromAddress: "shop@example.test" });
    const row = await findEmailSettingsRow(store.id);
    expect(JSON.stringify(row)).not.toContain(RESEND_KEY);
    expect(row?.resendApiKey).toMatch(/^v1\./);
    expect(await getEmailSettingsView(store.id)).toEqual({
      fromAddress: "shop@example.test",
      replyTo: null,
      resendApiKeyHint: "re_…wxyz",
    });
    expect(await loadEmailCredentials(store.id)).toEqual({
      apiKey: RESEND_KEY,
      from: "shop@example.test",
      replyTo: null,
    });

    await saveEmailSettings(store.id, {
      resendApiKey: "",
      fromAddress: '"Acme, Inc." <new@example.test>',
      replyTo: "owner@example.test",
    });
    await saveEmailSettings(store.id, {
      fromAddress: '"Acme, Inc." <new@example.test>',
      replyTo: "owner@example.test",
    });
    expect(await getEmailSettingsView(store.id)).toEqual({
      fromAddress: '"Acme, Inc." <new@example.test>',
      replyTo: "owner@example.test",
      resendApiKeyHint: "re_…wxyz",
    });
    expect(await loadEmailCredentials(store.id)).toMatchObject({ apiKey: RESEND_KEY });
  });

  it("rejects bad values with a message for the field, and saves nothing", async () => {
    const { store } = await createOwnerWithStore();
    const fieldError = async (input: Parameters<typeof saveEmailSettings>[1]) => {
      const error: unknown = await saveEmailSettings(store.id, input).then(
        () => null,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(AppError);
      return (error as AppError).fieldErrors;
    };
    expect(await fieldError({ resendApiKey: RESEND_KEY, fromAddress: "not an address" })).toEqual({
      fromAddress: expect.stringContaining("receipts@yourdomain.com"),
    });
    expect(await fieldError({ resendApiKey: RESEND_KEY, fromAddress: "Shop <shop@example>" })).toHaveProperty(
      "fromAddress",
    );
    expect(await fieldError({ resendApiKey: "sk_test_1234567890abcdefgh", fromAddress: "shop@example.test" })).toEqual({
      resendApiKey: expect.stringContaining("starts with re_"),
    });
    expect(await fieldError({ fromAddress: "shop@example.test", replyTo: "a@b.test, c@d.test" })).toHaveProperty(
      "replyTo",
    );
    expect(await fieldError({ resendApiKey: RESEND_KEY })).toEqual({
      fromAddress: expect.stringContaining("From address"),
    });
    expect(await getEmailSettingsView(store.id)).toEqual({ fromAddress: null, replyTo: null, resendApiKeyHint: null });
  });

  it("refuses control and bidi-override characters in the From name with a field error, and saves nothing", async () => {
    const { store } = await createOwnerWithStore();
    for (const name of [
      "Shop\u0000",
      "Shop\u0007Bell",
      "Shop\u001b[31m",
      "Shop\u007f",
      "Shop\u0085",
      "\u202eevil\u202c Shop",
      "Shop\u2066",
    ]) {
      const error: unknown = await saveEmailSettings(store.id, { fromAddress: `${name} <shop@example.test>` }).then(
        () => null,
        (e: unknown) => e,
      );
      expect(error, JSON.stringify(name)).toBeInstanceOf(AppError);
      expect((error as AppError).fieldErrors).toEqual({ fromAddress: expect.stringContaining("control characters") });
    }
    // A NUL anywhere else is refused too, before it reaches the database.
    expect(emailSettingsInput.safeParse({ replyTo: "a\u0000@example.test" }).error?.issues[0]?.message).toContain(
      "control characters",
    );
    expect(await getEmailSettingsView(store.id)).toEqual({ fromAddress: null, replyTo: null, resendApiKeyHint: null });
    // Ordinary names, accents and emoji (joined ones too) included, still save.
    await saveEmailSettings(store.id, { fromAddress: '"Café Ünïcode 👩‍💻, Inc." <shop@example.test>' });
    expect((await getEmailSettingsView(store.id)).fromAddress).toBe('"Café Ünïcode 👩‍💻, Inc." <shop@example.test>');
  });

  it("exports the schema the form validates with, keyed by input name", () => {
    const parsed = emailSettingsInput.safeParse({ resendApiKey: "", fromAddress: "nope", replyTo: "" });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((i) => i.path[0])).toEqual(["fromAddress"]);
    expect(
      emailSettingsInput.parse({ resendApiKey: " ", fromAddress: " Shop <a@example.test> ", replyTo: "" }),
    ).toEqual({
      resendApiKey: undefined,
      fromAddress: "Shop <a@example.test>",
      replyTo: undefined,
      removeResendApiKey: false,
    });
  });

  it("removes the key on request, after which new mail is held again", async () => {
    const { store } = await createOwnerWithStore();
    await saveEmailSettings(store.id, { resendApiKey: RESEND_KEY, fromAddress: "shop@example.test" });
    await saveEmailSettings(store.id, { fromAddress: "shop@example.test", removeResendApiKey: "on" });
    expect((await getEmailSettingsView(store.id)).resendApiKeyHint).toBeNull();
    const db = await getDb();
    await enqueueEmail(db, {
      storeId: store.id,
      kind: "test",
      to: "b@example.test",
      subject: "s",
      html: "h",
      text: "t",
      dedupeKey: `held:${store.id}`,
    });
    expect(await processDueEmails({ storeId: store.id, now: new Date(Date.now() + 1000) })).toEqual({
      sent: 0,
      retried: 0,
      held: 1,
    });
  });

  it("binds the key to its store: an envelope copied into another store does not decrypt there", async () => {
    const a = await createOwnerWithStore();
    const b = await createOwnerWithStore();
    await saveEmailSettings(a.store.id, { resendApiKey: RESEND_KEY, fromAddress: "a@example.test" });
    const envelope = (await findEmailSettingsRow(a.store.id))?.resendApiKey;
    const db = await getDb();
    await db
      .insert(storeEmailSettings)
      .values({ storeId: b.store.id, resendApiKey: envelope, fromAddress: "b@example.test" });
    expect(await loadEmailCredentials(b.store.id)).toEqual({
      problem: expect.stringContaining("can no longer be decrypted"),
    });

    await enqueueEmail(db, {
      storeId: b.store.id,
      kind: "test",
      to: "x@example.test",
      subject: "s",
      html: "h",
      text: "t",
      dedupeKey: `copied:${b.store.id}`,
    });
    expect(await processDueEmails({ storeId: b.store.id, now: new Date(Date.now() + 1000) })).toEqual({
      sent: 0,
      retried: 0,
      held: 1,
    });
    const [mail] = await db
      .select()
      .from(emailOutbox)
      .where(eq(emailOutbox.dedupeKey, `copied:${b.store.id}`));
    expect(mail?.lastError).toContain("save it again");
  });
});

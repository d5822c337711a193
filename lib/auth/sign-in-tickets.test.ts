import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { signInTickets } from "@/db/schema";
import { getDb } from "@/lib/db";
import { createOwnerWithStore } from "@/test/factories";
import { createSignInTicket, redeemSignInTicket } from "./sign-in-tickets";

describe("sign-in tickets", () => {
  it("sign in once, only on the host they were made for", async () => {
    const { user } = await createOwnerWithStore();
    const ticket = await createSignInTicket(user.id, "acme.localhost:3000");
    expect(await redeemSignInTicket(ticket, "other.localhost:3000")).toBeNull();
    expect(await redeemSignInTicket(ticket, "ACME.localhost:3000")).toBe(user.id);
    expect(await redeemSignInTicket(ticket, "acme.localhost:3000")).toBeNull();
  });

  it("expire", async () => {
    const { user } = await createOwnerWithStore();
    const ticket = await createSignInTicket(user.id, "acme.localhost:3000");
    const db = await getDb();
    await db
      .update(signInTickets)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(signInTickets.userId, user.id));
    expect(await redeemSignInTicket(ticket, "acme.localhost:3000")).toBeNull();
  });

  it("store only a hash of the token", async () => {
    const { user } = await createOwnerWithStore();
    const ticket = await createSignInTicket(user.id, "acme.localhost:3000");
    const db = await getDb();
    const rows = await db.select().from(signInTickets).where(eq(signInTickets.userId, user.id));
    expect(rows).toHaveLength(1);
    expect(rows[0]?.tokenHash).not.toContain(ticket);
  });
});

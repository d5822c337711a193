import { afterEach, describe, expect, it, vi } from "vitest";
import { orders } from "@/db/schema";
import { getDb } from "@/lib/db";
import { env } from "@/lib/env";
import { storeHost } from "@/lib/tenancy/host";
import { createOwnerWithStore } from "@/test/factories";
import { fakeRequest, outcomeOf } from "@/test/request-context";
import { GET } from "./route";

// next.config turns on forbidden(); a test process has no next.config.
vi.stubEnv("__NEXT_EXPERIMENTAL_AUTH_INTERRUPTS", "true");
vi.mock("next/headers", async () => (await import("@/test/request-context")).nextHeadersModule());
vi.mock("@/lib/auth/session", async () => (await import("@/test/request-context")).sessionModule());

afterEach(() => {
  fakeRequest.host = "";
  fakeRequest.user = null;
});

async function exportAs(subdomain: string, user: typeof fakeRequest.user, query = "") {
  fakeRequest.host = storeHost(subdomain, env.ROOT_DOMAIN);
  fakeRequest.user = user;
  return GET(new Request(`http://${fakeRequest.host}/admin/orders/export${query}`), {
    params: Promise.resolve({ store: subdomain }),
  });
}

describe("GET /admin/orders/export", () => {
  it("gives the store's own member a CSV of the filtered orders", async () => {
    const owner = await createOwnerWithStore();
    const db = await getDb();
    await db.insert(orders).values(
      ["live", "test"].map((mode) => ({
        storeId: owner.store.id,
        mode: mode as "live" | "test",
        status: "paid" as const,
        email: `${mode}@example.test`,
        currency: "usd",
        subtotalAmount: 500,
        totalAmount: 500,
      })),
    );
    const response = await exportAs(owner.store.subdomain, owner.user, "?mode=live");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(response.headers.get("content-disposition")).toContain(`${owner.store.subdomain}-orders-`);
    const text = await response.text();
    expect(text).toContain("live@example.test");
    expect(text).not.toContain("test@example.test");
  });

  it("refuses a signed-in member of another store, and sends a signed-out visitor to sign in", async () => {
    const owner = await createOwnerWithStore();
    const stranger = await createOwnerWithStore();
    expect(await outcomeOf(() => exportAs(owner.store.subdomain, stranger.user))).toBe("403");
    expect(await outcomeOf(() => exportAs(owner.store.subdomain, null))).toBe("redirect");
  });
});

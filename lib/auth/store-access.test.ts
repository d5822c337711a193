import { describe, expect, it } from "vitest";
import { listProductFiles, listAdminProducts, findPublishedProduct } from "@/lib/catalog/products";
import { createOwnerWithStore, createProduct } from "@/test/factories";
import { findMembershipRole, listStoresOfUser } from "./memberships";
import { checkStoreAccess } from "./store-access";

describe("store membership", () => {
  it("lets the owner of A into A and never into B", async () => {
    const a = await createOwnerWithStore();
    const b = await createOwnerWithStore();
    expect(await checkStoreAccess(a.store, a.user)).toEqual({ ok: true, role: "owner" });
    expect(await checkStoreAccess(b.store, a.user)).toEqual({ ok: false, reason: "not_a_member" });
    expect(await checkStoreAccess(a.store, b.user)).toEqual({ ok: false, reason: "not_a_member" });
    expect(await checkStoreAccess(a.store, null)).toEqual({ ok: false, reason: "signed_out" });
    expect(await findMembershipRole(b.store.id, a.user.id)).toBeNull();
    expect((await listStoresOfUser(a.user.id)).map((s) => s.id)).toEqual([a.store.id]);
  });

  it("keeps store-owned data behind its store id", async () => {
    const a = await createOwnerWithStore();
    const b = await createOwnerWithStore();
    const productOfA = await createProduct(a.store, "Only In A");
    expect((await listAdminProducts(a.store.id)).map((p) => p.id)).toEqual([productOfA.id]);
    expect(await listAdminProducts(b.store.id)).toEqual([]);
    expect(await findPublishedProduct(b.store.id, productOfA.slug)).toBeNull();
    expect(await listProductFiles(b.store.id, productOfA.id)).toEqual([]);
  });
});

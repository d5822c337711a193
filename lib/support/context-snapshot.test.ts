import { describe, expect, it } from "vitest";
import { createOwnerWithStore } from "@/test/factories";
import { openSealedSnapshot, sealSnapshot, SNAPSHOT_MAX_AGE_MS, takeContextSnapshot } from "./context-snapshot";

describe("the support context snapshot", () => {
  it("is the store's own context, and opens only as it was sealed, for its store, while fresh", async () => {
    const { store } = await createOwnerWithStore();
    const { store: other } = await createOwnerWithStore();
    const now = new Date();
    const snapshot = await takeContextSnapshot(store, now);
    expect(snapshot.store).toMatchObject({ subdomain: store.subdomain, standing: "active" });
    expect(snapshot.activeMode).toBe("test");
    expect(snapshot.deliveries).toEqual([]);

    const sealed = sealSnapshot(store.id, snapshot);
    expect(openSealedSnapshot(store.id, sealed, now)).toEqual(snapshot);

    // What the owner was shown is what is kept: an edited snapshot, a seal for another store, or an old one are refused.
    const edited = { ...sealed, json: sealed.json.replace(store.subdomain, other.subdomain) };
    expect(() => openSealedSnapshot(store.id, edited, now)).toThrow(/out of date/);
    expect(() => openSealedSnapshot(other.id, sealed, now)).toThrow(/out of date/);
    const later = new Date(now.getTime() + SNAPSHOT_MAX_AGE_MS + 1000);
    expect(() => openSealedSnapshot(store.id, sealed, later)).toThrow(/out of date/);
  });
});

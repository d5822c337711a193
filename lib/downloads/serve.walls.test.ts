import { randomBytes } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/lib/db";
import { createDownloadableProduct, createPaidOrder } from "@/test/downloads-factories";
import { createOwnerWithStore } from "@/test/factories";
import { postgresUrl, waitUntilBlocked, watcher } from "@/test/overlap";
import { createDownloadGrants, listOrderGrants } from "./grants";
import { startDownload, type DownloadResponse } from "./serve";

// Opening and migrating the database takes a while on a busy machine: not in a test's time.
beforeAll(() => getDb());

describe.runIf(postgresUrl)("download counting under a real race, on Postgres", () => {
  it("lets exactly the limit through when requests that all saw downloads left claim at the same moment", async () => {
    const { store } = await createOwnerWithStore();
    const { product } = await createDownloadableProduct(store, {
      downloadLimit: 3,
      files: [{ fileName: "book.pdf", bytes: randomBytes(2048) }],
    });
    const order = await createPaidOrder(store, [product]);
    const db = await getDb();
    const [download] = await db.transaction((tx) => createDownloadGrants(tx, store.id, order.id));
    const [grant] = await listOrderGrants(store.id, order.id);
    if (!download || !grant) throw new Error("no download link issued");

    // The test holds the link's row, as a slow claim would: every request reads the link
    // (3 left), then queues for the row. Once all are queued, they claim one after another.
    const requests = 8;
    const client = await watcher();
    try {
      await client.query("begin");
      await client.query("select id from download_grants where id = $1 for update", [grant.id]);
      const { rows } = await client.query<{ pid: number }>("select pg_backend_pid() as pid");
      const racing = Promise.all(Array.from({ length: requests }, () => startDownload(store.id, download.token, null)));
      const queued = await waitUntilBlocked(client, rows[0]!.pid, requests, 10_000).catch(
        (error: Error) => error.message,
      );
      await client.query("commit");
      const results: DownloadResponse[] = await racing;
      expect(queued).toBe(requests);

      const served = results.filter((r): r is Extract<DownloadResponse, { kind: "file" }> => r.kind === "file");
      for (const response of served) response.body?.destroy();
      expect(served.map((r) => r.counted)).toEqual([true, true, true]);
      expect(results.filter((r) => r.kind === "refused" && r.refusal === "exhausted")).toHaveLength(requests - 3);
      expect((await listOrderGrants(store.id, order.id))[0]?.downloadCount).toBe(3);
    } finally {
      await client.end();
    }
  });
});

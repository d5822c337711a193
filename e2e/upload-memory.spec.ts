import { createHash } from "node:crypto";
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import http from "node:http";
import { Readable } from "node:stream";
import { expect, test } from "@playwright/test";
import { E2E_PORT } from "../playwright.config";
import { ProductEditor } from "./pages/product-editor";
import { StoreAdmin, storeOrigin } from "./pages/store-pages";

const MB = 1024 * 1024;
const demoOwner = () =>
  JSON.parse(readFileSync(".data-e2e/demo-owner.json", "utf8")) as { email: string; password: string };

/** The resident memory of the app server's process, read from /proc. */
function serverRss(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)![1]) * 1024;
}

function serverPid(): number {
  const listing = execFileSync("ss", ["-ltnpH", `sport = :${E2E_PORT}`], { encoding: "utf8" });
  return Number(/pid=(\d+)/.exec(listing)![1]);
}

// The upload route streams to storage: a 300 MB file must not grow the server's memory by
// anything like its size (it would if Next or our code buffered the body).
test("a 300 MB upload streams through the server in bounded memory", async ({ page }) => {
  test.setTimeout(180_000);
  const admin = new StoreAdmin(page, "demo");
  await admin.signIn(demoOwner().email, demoOwner().password);
  await admin.expectOverview("Demo Downloads");
  const editor = new ProductEditor(page, "demo");
  await editor.openNew();
  await editor.fill({ name: `Big Upload ${Date.now()}`, price: "5.00" });
  await editor.save();
  await expect(page).toHaveURL(/\/admin\/products\/[0-9a-f-]{36}$/);
  const productId = /\/admin\/products\/([0-9a-f-]{36})/.exec(page.url())![1]!;
  const cookie = (await page.context().cookies(storeOrigin("demo"))).map((c) => `${c.name}=${c.value}`).join("; ");

  const pid = serverPid();
  const baseline = serverRss(pid);
  let peak = baseline;
  const sampler = setInterval(() => (peak = Math.max(peak, serverRss(pid))), 25);

  const size = 300 * MB;
  const hash = createHash("sha256");
  const chunk = Buffer.alloc(MB);
  const body = Readable.from(
    (function* () {
      for (let i = 0; i < size / MB; i++) {
        chunk.fill(i % 251);
        hash.update(chunk);
        yield Buffer.from(chunk);
      }
    })(),
  );
  const response = await new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = http.request(
      {
        host: "127.0.0.1",
        port: E2E_PORT,
        method: "POST",
        path: `/api/uploads/products/${productId}/files`,
        headers: {
          host: new URL(storeOrigin("demo")).host,
          cookie,
          "x-file-name": "big.bin",
          "content-length": String(size),
          "content-type": "application/octet-stream",
        },
      },
      (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (c: string) => (text += c));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body: text }));
      },
    );
    req.on("error", reject);
    body.pipe(req);
  });
  clearInterval(sampler);

  expect(response.status, response.body).toBe(201);
  expect(JSON.parse(response.body)).toMatchObject({ fileName: "big.bin", sizeBytes: size, sha256: hash.digest("hex") });
  const grewBy = peak - baseline;
  console.log(
    `server RSS: baseline ${Math.round(baseline / MB)} MB, peak ${Math.round(peak / MB)} MB, grew ${Math.round(grewBy / MB)} MB for a 300 MB upload`,
  );
  expect(grewBy).toBeLessThan(100 * MB);
});

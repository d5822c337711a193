// The links a buyer holds for paid orders: the order page with its key and the download
// links, derived by the app's own code (the tokens are HMACs under the server's AUTH_SECRET;
// the database keeps only their hashes). Run by bench/run.ts with the server's env.
//   tsx --conditions=react-server bench/buyer-links.ts <in.json> <out.json>
//   in: { storeId, orderIds }   out: { orderPaths, downloadPaths }
import { readFileSync, writeFileSync } from "node:fs";
import { closeDb } from "@/lib/db";
import { listBuyerDownloads } from "@/lib/downloads/grants";
import { buyerOrderPath } from "@/lib/orders/buyer-order";

export type BuyerLinks = { orderPaths: string[]; downloadPaths: string[] };

const [input, out] = process.argv.slice(2);
if (!input || !out) throw new Error("usage: bench/buyer-links.ts <in.json> <out.json>");
const { storeId, orderIds } = JSON.parse(readFileSync(input, "utf8")) as { storeId: string; orderIds: string[] };

const links: BuyerLinks = { orderPaths: [], downloadPaths: [] };
for (const orderId of orderIds) {
  links.orderPaths.push(buyerOrderPath(orderId));
  for (const download of await listBuyerDownloads(storeId, orderId)) {
    if (!download.path) throw new Error(`order ${orderId} has a revoked download`);
    // The file itself, not the page that offers it.
    links.downloadPaths.push(`${download.path}/file`);
  }
}
await closeDb();
writeFileSync(out, JSON.stringify(links, null, 2), { mode: 0o600 });

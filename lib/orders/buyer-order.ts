import "server-only";
import { isLinkToken, linkToken } from "@/lib/crypto/link-tokens";
import { listBuyerDownloads } from "@/lib/downloads/grants";
import { getOrderDetail } from "./orders";

/**
 * The buyer's own page for an order: `/orders/<id>?key=<token>`, the key an HMAC of the
 * order id. It is the return URL after paying and the link in the receipt.
 */
export function buyerOrderPath(orderId: string): string {
  return `/orders/${orderId}?key=${linkToken("order-access", orderId)}`;
}

export async function getBuyerOrder(storeId: string, orderId: string, key: string) {
  if (!isLinkToken("order-access", orderId, key)) return null;
  const detail = await getOrderDetail(storeId, orderId);
  if (!detail) return null;
  const paid = ["paid", "partially_refunded", "refunded"].includes(detail.order.status);
  return { ...detail, downloads: paid ? await listBuyerDownloads(storeId, orderId) : [] };
}

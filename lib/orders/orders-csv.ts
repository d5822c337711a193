import "server-only";
import type { Order } from "@/db/schema";
import { formatAmountInput } from "@/lib/money";
import { eachOrder, type OrderFilter } from "./orders";

const COLUMNS = ["order_id", "created_at", "email", "status", "mode", "currency", "total", "refunded"] as const;

/**
 * One CSV field. Quoted when it holds a separator, quote or line break; and a value a
 * spreadsheet would run as a formula (= + - @, tab, CR) is prefixed with a quote, since
 * buyers type their own emails.
 */
export function csvField(value: string | number): string {
  let text = String(value);
  if (typeof value === "string" && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function orderLine(order: Order): string {
  return [
    order.id,
    order.createdAt.toISOString(),
    order.email,
    order.status,
    order.mode,
    order.currency.toUpperCase(),
    formatAmountInput(order.totalAmount, order.currency),
    formatAmountInput(order.amountRefunded, order.currency),
  ]
    .map(csvField)
    .join(",");
}

/** The store's orders matching `filter` as CSV, produced a batch at a time as the client reads. */
export function ordersCsvStream(storeId: string, filter: OrderFilter): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const orders = eachOrder(storeId, filter);
  let headerSent = false;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!headerSent) {
        headerSent = true;
        controller.enqueue(encoder.encode(`${COLUMNS.join(",")}\r\n`));
        return;
      }
      const next = await orders.next();
      if (next.done) controller.close();
      else controller.enqueue(encoder.encode(`${orderLine(next.value)}\r\n`));
    },
    async cancel() {
      await orders.return(undefined);
    },
  });
}

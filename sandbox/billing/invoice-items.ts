import { invalidRequest, paramError, type StripeApiError } from "../core/errors";
import { changedAttributes } from "../core/events";
import { toJson, type JsonObject } from "../core/json";
import { newestFirst } from "../core/listing";
import type { Scope } from "../core/scope";
import type * as S from "../core/stripe-types";
import { idOf } from "../core/stripe-types";
import { invoiceItem as buildInvoiceItem, invoiceItemLine, refreshInvoiceTotals } from "../objects/billing";

/** Stripe's answer to any change of the lines of an invoice that is no longer a draft. */
export function invoiceNotEditable(): StripeApiError {
  return invalidRequest("Invalid invoice: This invoice is no longer editable", "invoice_not_editable");
}

export interface InvoiceItemInput {
  customer: S.Customer;
  amount: number;
  currency: string;
  quantity: number;
  unitAmountDecimal: string;
  price: S.Price | null;
  description: string | null;
  discountable: boolean;
  period: { start: number; end: number } | null;
  subscription: S.Subscription | null;
  /** A draft to put the item on at once; without it the item waits for the next invoice. */
  invoice: S.Invoice | null;
  metadata: Record<string, string>;
}

/**
 * Items still waiting for an invoice, newest first (Stripe's line order). A
 * subscription's invoice takes the customer's loose items and its own; a one-off
 * invoice only the loose ones.
 */
export function pendingInvoiceItems(
  scope: Scope,
  customerId: string,
  filter: { currency: string | undefined; subscription: string | null },
): S.InvoiceItem[] {
  return newestFirst(scope.ledger.invoiceItems).filter((item) => {
    const subscription = item.parent?.subscription_details?.subscription ?? null;
    return (
      item.invoice === null &&
      idOf(item.customer) === customerId &&
      (filter.currency === undefined || item.currency === filter.currency) &&
      (subscription === null || subscription === filter.subscription)
    );
  });
}

/** Puts items on a draft, ahead of its other lines; the caller refreshes the totals. */
export function pullIntoInvoice(scope: Scope, invoice: S.Invoice, items: S.InvoiceItem[]): void {
  const lines = items.map((item) => {
    item.invoice = invoice.id;
    return invoiceItemLine({ livemode: scope.livemode, invoice: invoice.id, item });
  });
  invoice.lines.data = [...lines, ...invoice.lines.data];
}

function announceDraftChange(scope: Scope, invoice: S.Invoice, before: JsonObject): void {
  refreshInvoiceTotals(invoice);
  const previous = changedAttributes(before, invoice);
  if (previous) scope.emit("invoice.updated", invoice, previous);
}

/** The draft an item sits on, if any; an item on a finalized invoice cannot change. */
function draftHolding(scope: Scope, item: S.InvoiceItem): S.Invoice | null {
  const invoice = scope.ledger.invoices[idOf(item.invoice) ?? ""];
  if (!invoice) return null;
  if (invoice.status !== "draft") throw invoiceNotEditable();
  return invoice;
}

function isLineOf(line: S.InvoiceLineItem, item: S.InvoiceItem): boolean {
  return line.parent?.invoice_item_details?.invoice_item === item.id;
}

/** `POST /v1/invoiceitems` */
export function createInvoiceItem(scope: Scope, input: InvoiceItemInput): S.InvoiceItem {
  const { invoice } = input;
  if (invoice) {
    if (invoice.status !== "draft") throw invoiceNotEditable();
    if (idOf(invoice.customer) !== input.customer.id)
      throw paramError("invoice", `Invoice ${invoice.id} belongs to another customer.`);
    if (invoice.currency !== input.currency)
      throw paramError(
        "currency",
        `The currency of the invoice item (${input.currency}) must match the invoice's (${invoice.currency}).`,
      );
  }
  const item = buildInvoiceItem({
    livemode: scope.livemode,
    customer: input.customer.id,
    amount: input.amount,
    currency: input.currency,
    quantity: input.quantity,
    unitAmountDecimal: input.unitAmountDecimal,
    price: input.price,
    description: input.description,
    discountable: input.discountable,
    period: input.period,
    subscription: input.subscription?.id ?? null,
    metadata: input.metadata,
  });
  scope.ledger.invoiceItems[item.id] = item;
  const invoiceBefore = invoice ? toJson(invoice) : null;
  if (invoice) pullIntoInvoice(scope, invoice, [item]);
  scope.emit("invoiceitem.created", item);
  if (invoice && invoiceBefore) announceDraftChange(scope, invoice, invoiceBefore);
  return item;
}

/** Changes a pending item, or one on a draft together with its line and the draft's totals. */
export function editInvoiceItem(scope: Scope, item: S.InvoiceItem, edit: (item: S.InvoiceItem) => void): void {
  const invoice = draftHolding(scope, item);
  const invoiceBefore = invoice ? toJson(invoice) : null;
  edit(item);
  item.net_amount = item.amount;
  if (invoice && invoiceBefore) {
    invoice.lines.data = invoice.lines.data.map((line) =>
      isLineOf(line, item)
        ? { ...invoiceItemLine({ livemode: scope.livemode, invoice: invoice.id, item }), id: line.id }
        : line,
    );
  }
  // Stripe has no `invoiceitem.updated` event: only the draft that holds the item announces a change.
  if (invoice && invoiceBefore) announceDraftChange(scope, invoice, invoiceBefore);
}

/** `DELETE /v1/invoiceitems/:id`: a pending item, or one on a draft (its line goes too). */
export function deleteInvoiceItem(scope: Scope, item: S.InvoiceItem): void {
  const invoice = draftHolding(scope, item);
  const invoiceBefore = invoice ? toJson(invoice) : null;
  if (invoice) invoice.lines.data = invoice.lines.data.filter((line) => !isLineOf(line, item));
  delete scope.ledger.invoiceItems[item.id];
  scope.emit("invoiceitem.deleted", item);
  if (invoice && invoiceBefore) announceDraftChange(scope, invoice, invoiceBefore);
}

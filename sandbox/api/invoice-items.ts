import { getOrThrow } from "../core/collections";
import { invalidRequest, missingParam, paramError } from "../core/errors";
import { LIST_PARAMS, matchesRange, newestFirst, paginate } from "../core/listing";
import type { Params } from "../core/params";
import type { Scope } from "../core/scope";
import type * as S from "../core/stripe-types";
import { idOf } from "../core/stripe-types";
import { createInvoiceItem, deleteInvoiceItem, editInvoiceItem } from "../billing/invoice-items";
import { readCurrency } from "./common-params";
import { createPriceFromData } from "./products-and-prices";
import { pathParam, type ApiCall, type ApiRoute } from "./route";

/** Accepted so SDK calls that send them work; the sandbox has no tax or discounts. */
const ACCEPTED_UNUSED = ["discounts", "tax_behavior", "tax_code", "tax_rates"];

const ONE_PRICE_SOURCE =
  "You may only specify one of these parameters: amount, price_data, pricing, unit_amount_decimal.";

/** `pricing[price]` or `price_data`: a one-time price, as invoice items only take those. */
function readPrice(scope: Scope, params: Params): S.Price | null {
  const pricing = params.object("pricing");
  const data = params.object("price_data");
  if (pricing && data) throw invalidRequest(ONE_PRICE_SOURCE);
  let price: S.Price | null = null;
  let param = "pricing[price]";
  if (pricing) {
    pricing.assertKnown(["price"]);
    price = getOrThrow(scope, "prices", pricing.requiredString("price"), param);
  } else if (data) {
    data.assertKnown(["currency", "product", "unit_amount", "unit_amount_decimal", "tax_behavior"]);
    param = "price_data";
    price = createPriceFromData(scope, data);
  }
  if (price?.type === "recurring") {
    throw paramError(
      param,
      "The price specified is set to `type=recurring` but this field only accepts prices with `type=one_time`.",
    );
  }
  return price;
}

function readQuantity(params: Params): number | undefined {
  const quantity = params.int("quantity");
  if (quantity !== undefined && quantity < 0)
    throw paramError("quantity", "Invalid non-negative integer", "parameter_invalid_integer");
  return quantity;
}

function readUnitAmountDecimal(params: Params): string | undefined {
  const value = params.string("unit_amount_decimal");
  if (value !== undefined && !/^-?\d+(\.\d{1,12})?$/.test(value))
    throw paramError("unit_amount_decimal", `Invalid decimal: ${value}`, "parameter_invalid_decimal");
  return value;
}

/** `amount` is the item's total; otherwise a unit amount (given or the price's) × `quantity`. */
function readAmounts(scope: Scope, params: Params) {
  const price = readPrice(scope, params);
  const amount = params.int("amount");
  const unitAmountDecimal = readUnitAmountDecimal(params);
  const quantity = readQuantity(params);
  if ([amount !== undefined, unitAmountDecimal !== undefined, price !== null].filter(Boolean).length > 1)
    throw invalidRequest(ONE_PRICE_SOURCE);
  if (amount !== undefined && quantity !== undefined)
    throw invalidRequest("You may only specify one of these parameters: amount, quantity.", undefined, "amount");
  if (amount !== undefined) return { amount, quantity: 1, unitAmountDecimal: String(amount), price };
  const unit = price ? (price.unit_amount_decimal ?? String(price.unit_amount ?? 0)) : unitAmountDecimal;
  if (unit === undefined) throw missingParam("amount");
  const count = quantity ?? 1;
  return { amount: Math.round(Number(unit) * count), quantity: count, unitAmountDecimal: unit, price };
}

function readPeriod(params: Params): { start: number; end: number } | null {
  const period = params.object("period");
  if (!period) return null;
  period.assertKnown(["start", "end"]);
  const start = period.requiredInt("start");
  const end = period.requiredInt("end");
  if (end < start) throw paramError("period[end]", "The period end must be on or after the period start.");
  return { start, end };
}

/** `POST /v1/invoiceitems`: waits for the customer's next invoice, or joins the draft given as `invoice`. */
function create({ scope, params }: ApiCall): S.InvoiceItem {
  const customer = getOrThrow(scope, "customers", params.requiredString("customer"), "customer");
  const { amount, quantity, unitAmountDecimal, price } = readAmounts(scope, params);
  const given = params.has("currency") ? readCurrency(params) : undefined;
  if (given && price && given !== price.currency)
    throw paramError("currency", `The currency (${given}) must match the price's currency (${price.currency}).`);
  const currency = given ?? price?.currency ?? customer.currency;
  if (!currency) throw missingParam("currency");
  const invoiceId = params.string("invoice");
  const subscriptionId = params.string("subscription");
  const subscription = subscriptionId ? getOrThrow(scope, "subscriptions", subscriptionId, "subscription") : null;
  if (subscription && idOf(subscription.customer) !== customer.id)
    throw paramError("subscription", `The subscription ${subscription.id} does not belong to ${customer.id}.`);
  return createInvoiceItem(scope, {
    customer,
    amount,
    currency,
    quantity,
    unitAmountDecimal,
    price,
    description: params.string("description") ?? null,
    // Stripe's default: negative items are not discountable.
    discountable: params.bool("discountable") ?? amount >= 0,
    period: readPeriod(params),
    subscription,
    invoice: invoiceId ? getOrThrow(scope, "invoices", invoiceId, "invoice") : null,
    metadata: params.metadata(),
  });
}

/** `POST /v1/invoiceitems/:id`: a pending item, or one on a draft invoice. */
function update(call: ApiCall): S.InvoiceItem {
  const { scope, params } = call;
  const item = getOrThrow(scope, "invoiceItems", pathParam(call, "id"));
  const amount = params.int("amount");
  const quantity = readQuantity(params);
  const unitAmountDecimal = readUnitAmountDecimal(params);
  if (amount !== undefined && quantity !== undefined)
    throw invalidRequest("You may only specify one of these parameters: amount, quantity.", undefined, "amount");
  if (amount !== undefined && unitAmountDecimal !== undefined)
    throw invalidRequest(
      "You may only specify one of these parameters: amount, unit_amount_decimal.",
      undefined,
      "amount",
    );
  const period = readPeriod(params);
  editInvoiceItem(scope, item, (edited) => {
    if (amount !== undefined) {
      edited.amount = amount;
      edited.quantity = 1;
      edited.pricing = { type: "price_details", unit_amount_decimal: String(amount) };
    } else if (quantity !== undefined || unitAmountDecimal !== undefined) {
      if (unitAmountDecimal !== undefined)
        edited.pricing = { type: "price_details", unit_amount_decimal: unitAmountDecimal };
      if (quantity !== undefined) edited.quantity = quantity;
      edited.amount = Math.round(Number(edited.pricing?.unit_amount_decimal ?? "0") * edited.quantity);
    }
    edited.quantity_decimal = String(edited.quantity);
    if (params.has("description")) edited.description = params.nullableString("description") ?? null;
    if (params.has("discountable")) edited.discountable = params.bool("discountable") ?? edited.discountable;
    if (period) edited.period = period;
    if (params.has("metadata")) edited.metadata = params.metadata(edited.metadata ?? {});
  });
  return item;
}

function list({ scope, params }: ApiCall) {
  const customer = params.string("customer");
  const invoice = params.string("invoice");
  const pending = params.bool("pending");
  const items = newestFirst(scope.ledger.invoiceItems).filter(
    (item) =>
      (!customer || idOf(item.customer) === customer) &&
      (!invoice || idOf(item.invoice) === invoice) &&
      (pending === undefined || (item.invoice === null) === pending) &&
      matchesRange(item.date, params),
  );
  return paginate(items, params, "/v1/invoiceitems");
}

export const invoiceItemRoutes: ApiRoute[] = [
  {
    method: "POST",
    pattern: "/v1/invoiceitems",
    params: [
      "customer",
      "amount",
      "currency",
      "description",
      "discountable",
      "invoice",
      "metadata",
      "period",
      "price_data",
      "pricing",
      "quantity",
      "subscription",
      "unit_amount_decimal",
      ...ACCEPTED_UNUSED,
    ],
    handle: create,
  },
  {
    method: "GET",
    pattern: "/v1/invoiceitems",
    params: [...LIST_PARAMS, "customer", "invoice", "pending"],
    handle: list,
  },
  {
    method: "GET",
    pattern: "/v1/invoiceitems/:id",
    params: [],
    handle: (call) => getOrThrow(call.scope, "invoiceItems", pathParam(call, "id")),
  },
  {
    method: "POST",
    pattern: "/v1/invoiceitems/:id",
    params: [
      "amount",
      "description",
      "discountable",
      "metadata",
      "period",
      "quantity",
      "unit_amount_decimal",
      ...ACCEPTED_UNUSED,
    ],
    handle: update,
  },
  {
    method: "DELETE",
    pattern: "/v1/invoiceitems/:id",
    params: [],
    handle: (call) => {
      const item = getOrThrow(call.scope, "invoiceItems", pathParam(call, "id"));
      deleteInvoiceItem(call.scope, item);
      return { id: item.id, object: "invoiceitem", deleted: true };
    },
  },
];

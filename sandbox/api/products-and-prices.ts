import { getOrThrow } from "../core/collections";
import { invalidRequest, paramError } from "../core/errors";
import { changedAttributes } from "../core/events";
import { toJson } from "../core/json";
import { LIST_PARAMS, matchesRange, newestFirst, paginate } from "../core/listing";
import type { Params } from "../core/params";
import type { Scope } from "../core/scope";
import type * as S from "../core/stripe-types";
import { idOf } from "../core/stripe-types";
import { price as buildPrice, product as buildProduct, type RecurringInput } from "../objects/catalog";
import { readCurrency } from "./common-params";
import { pathParam, type ApiCall, type ApiRoute } from "./route";

const INTERVALS = ["day", "week", "month", "year"] as const;

export function readRecurring(params: Params | undefined): RecurringInput | null {
  if (!params) return null;
  params.assertKnown(["interval", "interval_count", "usage_type", "trial_period_days", "aggregate_usage", "meter"]);
  const interval = params.oneOf("interval", INTERVALS);
  if (!interval)
    throw paramError("recurring[interval]", "Missing required param: recurring[interval].", "parameter_missing");
  return { interval, intervalCount: params.int("interval_count") ?? 1 };
}

function unitAmount(params: Params): number {
  const amount =
    params.int("unit_amount") ??
    (params.string("unit_amount_decimal") ? Math.round(Number(params.string("unit_amount_decimal"))) : undefined);
  if (amount === undefined)
    throw paramError("unit_amount", "Missing required param: unit_amount.", "parameter_missing");
  if (amount < 0) throw paramError("unit_amount", "Invalid non-negative integer", "parameter_invalid_integer");
  return amount;
}

export function createProduct(scope: Scope, params: Params): S.Product {
  const id = params.string("id");
  if (id && scope.ledger.products[id]) throw invalidRequest(`Product already exists.`, "resource_already_exists", "id");
  const product = buildProduct({
    livemode: scope.livemode,
    name: params.requiredString("name"),
    description: params.string("description") ?? null,
    active: params.bool("active") ?? true,
    images: params.stringArray("images") ?? [],
    metadata: params.metadata(),
    url: params.string("url") ?? null,
    ...(id ? { id } : {}),
  });
  scope.ledger.products[product.id] = product;
  scope.emit("product.created", product);
  const defaultPrice = params.object("default_price_data");
  if (defaultPrice) {
    defaultPrice.assertKnown([
      "currency",
      "unit_amount",
      "unit_amount_decimal",
      "recurring",
      "tax_behavior",
      "currency_options",
      "metadata",
      "custom_unit_amount",
    ]);
    const price = storePrice(scope, product.id, defaultPrice, {
      nickname: null,
      lookupKey: null,
      active: true,
      metadata: defaultPrice.metadata(),
    });
    product.default_price = price.id;
  }
  return product;
}

function storePrice(
  scope: Scope,
  productId: string,
  params: Params,
  extra: { nickname: string | null; lookupKey: string | null; active: boolean; metadata: Record<string, string> },
): S.Price {
  const price = buildPrice({
    livemode: scope.livemode,
    product: productId,
    currency: readCurrency(params),
    unitAmount: unitAmount(params),
    recurring: readRecurring(params.object("recurring")),
    ...extra,
  });
  scope.ledger.prices[price.id] = price;
  scope.emit("price.created", price);
  return price;
}

/** A lookup key names one price; `transfer_lookup_key` moves it from the old one. */
function claimLookupKey(scope: Scope, lookupKey: string | null, transfer: boolean, priceId: string | null): void {
  if (!lookupKey) return;
  const holder = Object.values(scope.ledger.prices).find(
    (price) => price.lookup_key === lookupKey && price.id !== priceId,
  );
  if (!holder) return;
  if (!transfer)
    throw invalidRequest(`A price (\`${holder.id}\`) already uses that lookup key.`, "lookup_key_exists", "lookup_key");
  holder.lookup_key = null;
}

/** `price_data` / `product_data` on Checkout line items and subscription items make one-off prices too. */
export function createPriceFromData(scope: Scope, data: Params): S.Price {
  data.assertKnown([
    "currency",
    "unit_amount",
    "unit_amount_decimal",
    "product",
    "product_data",
    "recurring",
    "tax_behavior",
  ]);
  let productId = data.string("product");
  if (productId) getOrThrow(scope, "products", productId, "product");
  const productData = data.object("product_data");
  if (!productId && productData) {
    productData.assertKnown(["name", "description", "images", "metadata", "tax_code", "unit_label"]);
    productId = createProduct(scope, productData).id;
  }
  if (!productId) throw paramError("product", "Missing required param: product.", "parameter_missing");
  return storePrice(scope, productId, data, { nickname: null, lookupKey: null, active: false, metadata: {} });
}

function createPrice({ scope, params }: ApiCall): S.Price {
  const lookupKey = params.string("lookup_key") ?? null;
  claimLookupKey(scope, lookupKey, params.bool("transfer_lookup_key") ?? false, null);
  let productId = params.string("product");
  if (productId) getOrThrow(scope, "products", productId, "product");
  const productData = params.object("product_data");
  if (!productId && productData) productId = createProduct(scope, productData).id;
  if (!productId) throw paramError("product", "Missing required param: product.", "parameter_missing");
  return storePrice(scope, productId, params, {
    nickname: params.string("nickname") ?? null,
    lookupKey,
    active: params.bool("active") ?? true,
    metadata: params.metadata(),
  });
}

function updateProduct(call: ApiCall): S.Product {
  const { scope, params } = call;
  const product = getOrThrow(scope, "products", pathParam(call, "id"));
  const before = toJson(product);
  if (params.has("name")) product.name = params.requiredString("name");
  if (params.has("description")) product.description = params.nullableString("description") ?? null;
  if (params.has("active")) product.active = params.bool("active") ?? product.active;
  if (params.has("images")) product.images = params.stringArray("images") ?? [];
  if (params.has("url")) product.url = params.nullableString("url") ?? null;
  if (params.has("metadata")) product.metadata = params.metadata(product.metadata);
  if (params.has("default_price")) {
    const priceId = params.nullableString("default_price");
    if (priceId) getOrThrow(scope, "prices", priceId, "default_price");
    product.default_price = priceId ?? null;
  }
  const previous = changedAttributes(before, product);
  if (previous) {
    product.updated = Math.floor(Date.now() / 1000);
    scope.emit("product.updated", product, previous);
  }
  return product;
}

function deleteProduct(call: ApiCall) {
  const { scope } = call;
  const product = getOrThrow(scope, "products", pathParam(call, "id"));
  if (Object.values(scope.ledger.prices).some((price) => idOf(price.product) === product.id)) {
    throw invalidRequest(
      "This product cannot be deleted because it has one or more user-created prices.",
      "product_has_prices",
    );
  }
  delete scope.ledger.products[product.id];
  scope.emit("product.deleted", product);
  return { id: product.id, object: "product", deleted: true };
}

function updatePrice(call: ApiCall): S.Price {
  const { scope, params } = call;
  const price = getOrThrow(scope, "prices", pathParam(call, "id"));
  const before = toJson(price);
  if (params.has("active")) price.active = params.bool("active") ?? price.active;
  if (params.has("nickname")) price.nickname = params.nullableString("nickname") ?? null;
  if (params.has("metadata")) price.metadata = params.metadata(price.metadata);
  if (params.has("lookup_key")) {
    const lookupKey = params.nullableString("lookup_key") ?? null;
    claimLookupKey(scope, lookupKey, params.bool("transfer_lookup_key") ?? false, price.id);
    price.lookup_key = lookupKey;
  }
  const previous = changedAttributes(before, price);
  if (previous) scope.emit("price.updated", price, previous);
  return price;
}

function listProducts({ scope, params }: ApiCall) {
  const active = params.bool("active");
  const ids = params.stringArray("ids");
  const items = newestFirst(scope.ledger.products).filter(
    (product) =>
      (active === undefined || product.active === active) &&
      (!ids || ids.includes(product.id)) &&
      matchesRange(product.created, params),
  );
  return paginate(items, params, "/v1/products");
}

function listPrices({ scope, params }: ApiCall) {
  const active = params.bool("active");
  const product = params.string("product");
  const currency = params.string("currency");
  const type = params.oneOf("type", ["one_time", "recurring"]);
  const lookupKeys = params.stringArray("lookup_keys");
  const items = newestFirst(scope.ledger.prices).filter(
    (price) =>
      (active === undefined || price.active === active) &&
      (!product || idOf(price.product) === product) &&
      (!currency || price.currency === currency) &&
      (!type || price.type === type) &&
      (!lookupKeys || (price.lookup_key !== null && lookupKeys.includes(price.lookup_key))) &&
      matchesRange(price.created, params),
  );
  return paginate(items, params, "/v1/prices");
}

const PRODUCT_UNUSED = [
  "marketing_features",
  "package_dimensions",
  "shippable",
  "statement_descriptor",
  "tax_code",
  "unit_label",
  "type",
  "tax_details",
];
const PRICE_UNUSED = [
  "billing_scheme",
  "currency_options",
  "custom_unit_amount",
  "tax_behavior",
  "tiers",
  "tiers_mode",
  "transform_quantity",
  "unit_amount_decimal",
];

export const productAndPriceRoutes: ApiRoute[] = [
  {
    method: "POST",
    pattern: "/v1/products",
    params: [
      "name",
      "id",
      "active",
      "description",
      "images",
      "metadata",
      "url",
      "default_price_data",
      ...PRODUCT_UNUSED,
    ],
    handle: ({ scope, params }) => createProduct(scope, params),
  },
  {
    method: "GET",
    pattern: "/v1/products",
    params: [...LIST_PARAMS, "active", "ids", "shippable", "url"],
    handle: listProducts,
  },
  {
    method: "GET",
    pattern: "/v1/products/:id",
    params: [],
    handle: (call) => getOrThrow(call.scope, "products", pathParam(call, "id")),
  },
  {
    method: "POST",
    pattern: "/v1/products/:id",
    params: ["name", "active", "description", "images", "metadata", "url", "default_price", ...PRODUCT_UNUSED],
    handle: updateProduct,
  },
  { method: "DELETE", pattern: "/v1/products/:id", params: [], handle: deleteProduct },
  {
    method: "POST",
    pattern: "/v1/prices",
    params: [
      "currency",
      "unit_amount",
      "product",
      "product_data",
      "recurring",
      "active",
      "nickname",
      "lookup_key",
      "transfer_lookup_key",
      "metadata",
      ...PRICE_UNUSED,
    ],
    handle: createPrice,
  },
  {
    method: "GET",
    pattern: "/v1/prices",
    params: [...LIST_PARAMS, "active", "currency", "product", "type", "lookup_keys", "recurring"],
    handle: listPrices,
  },
  {
    method: "GET",
    pattern: "/v1/prices/:id",
    params: [],
    handle: (call) => getOrThrow(call.scope, "prices", pathParam(call, "id")),
  },
  {
    method: "POST",
    pattern: "/v1/prices/:id",
    params: ["active", "nickname", "lookup_key", "transfer_lookup_key", "metadata", "tax_behavior", "currency_options"],
    handle: updatePrice,
  },
];

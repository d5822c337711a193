// GET /orders/:id?key=… on a store host – the buyer's order: the return page after paying
// and the receipt's link. It only shows the order's real state; the webhook creates it.
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { z } from "zod";
import { formatMoney } from "@/lib/money";
import { getBuyerOrder } from "@/lib/orders/buyer-order";
import { requireStoreForRequest } from "@/lib/tenancy/request-store";
import { StoreHeader } from "../../store-header";
import { RefreshWhilePending } from "./refresh-while-pending";

export const metadata: Metadata = { title: "Your order", robots: { index: false }, referrer: "no-referrer" };

type Props = {
  params: Promise<{ store: string; id: string }>;
  searchParams: Promise<{ key?: string; redirect_status?: string }>;
};

export default async function BuyerOrderPage({ params, searchParams }: Props) {
  const { store: segment, id } = await params;
  const { key, redirect_status: redirectStatus } = await searchParams;
  const store = await requireStoreForRequest(segment);
  if (!z.uuid().safeParse(id).success || !key) notFound();
  const view = (await getBuyerOrder(store.id, id, key)) ?? notFound();
  const { order, items, downloads } = view;
  const total = formatMoney(order.totalAmount, order.currency);
  return (
    <>
      <StoreHeader store={store} />
      <main>
        <h1>Order {order.id.slice(0, 8)}</h1>
        {order.mode === "test" && <p className="badge test">Test order: nothing was charged</p>}
        <OrderState status={order.status} redirectStatus={redirectStatus} failureMessage={order.failureMessage} email={order.email} />
        <ul>
          {items.map((item) => <li key={item.id}>{item.productName}: {formatMoney(item.totalAmount, order.currency)}</li>)}
        </ul>
        <p className="price">Total: {total}</p>
        {downloads.length > 0 && (
          <>
            <h2>Your downloads</h2>
            <ul>
              {downloads.map((d) => (
                <li key={d.id}>
                  {d.path ? <a href={d.path}>{d.fileName}</a> : <span>{d.fileName} (revoked)</span>}
                  <span className="hint">
                    {" "}{d.downloadLimit !== null ? `${d.downloadCount} of ${d.downloadLimit} downloads used` : "unlimited downloads"}
                    {d.expiresAt && `, until ${d.expiresAt.toLocaleDateString("en-US")}`}
                  </span>
                </li>
              ))}
            </ul>
          </>
        )}
      </main>
    </>
  );
}

function OrderState(props: { status: string; redirectStatus?: string; failureMessage: string | null; email: string }) {
  switch (props.status) {
    case "pending":
      return (
        <div className="alert warn" role="status" data-testid="order-state">
          <RefreshWhilePending />
          {props.redirectStatus === "succeeded"
            ? "Payment received — preparing your downloads. This page updates by itself."
            : "Waiting for your payment to be confirmed. This page updates by itself."}
        </div>
      );
    case "failed":
      return (
        <div className="alert error" role="status" data-testid="order-state">
          The payment did not go through{props.failureMessage ? `: ${props.failureMessage}` : "."} <a href="/checkout">Try again</a>
        </div>
      );
    case "canceled":
      return <div className="alert error" role="status" data-testid="order-state">This order was canceled before it was paid.</div>;
    case "refunded":
      return <div className="alert warn" role="status" data-testid="order-state">This order was refunded; its downloads are closed.</div>;
    default:
      return (
        <div className="alert ok" role="status" data-testid="order-state">
          Paid. Your downloads are below, and a receipt is on its way to {props.email}.
        </div>
      );
  }
}

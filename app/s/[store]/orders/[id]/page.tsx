// GET /orders/:id?key=… on a store host – the buyer's order: the return page after paying
// and the receipt's link. It only shows the order's real state; the webhook creates it.
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { FileDown } from "lucide-react";
import { z } from "zod";
import { Alert } from "@/app/components/ui/alert";
import { Badge } from "@/app/components/ui/badge";
import { Card } from "@/app/components/ui/card";
import { PageHeader } from "@/app/components/ui/page-header";
import { PageMain } from "@/app/components/ui/page-main";
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
      <PageMain width="medium">
        <PageHeader
          title={`Order ${order.id.slice(0, 8)}`}
          description={
            order.mode === "test" ? <Badge tone="warning">Test order: nothing was charged</Badge> : undefined
          }
        />
        <OrderState
          status={order.status}
          redirectStatus={redirectStatus}
          failureMessage={order.failureMessage}
          email={order.email}
        />
        <Card className="mt-6 grid gap-3">
          <h2 className="font-semibold text-gray-900">Items</h2>
          <ul className="grid gap-2 text-sm">
            {items.map((item) => (
              <li key={item.id} className="flex justify-between gap-4">
                <span className="min-w-0 break-words text-gray-700">{item.productName}</span>
                <span className="shrink-0 text-gray-900 tabular-nums">
                  {formatMoney(item.totalAmount, order.currency)}
                </span>
              </li>
            ))}
          </ul>
          <p className="border-t border-gray-200 pt-3 font-semibold text-gray-900 tabular-nums">Total: {total}</p>
        </Card>
        {downloads.length > 0 && (
          <section aria-labelledby="your-downloads" className="mt-8 grid gap-3">
            <h2 id="your-downloads" className="text-lg font-semibold text-gray-900">
              Your downloads
            </h2>
            <ul className="divide-y divide-gray-200 rounded-xl border border-gray-200 bg-white shadow-xs">
              {downloads.map((d) => (
                <li key={d.id} className="flex flex-wrap items-center gap-x-3 gap-y-1 px-4 py-3 text-sm">
                  <FileDown className="size-4 shrink-0 text-brand-600" aria-hidden />
                  {d.path ? (
                    <a
                      href={d.path}
                      className="min-w-0 font-medium break-all text-brand-700 underline-offset-2 hover:underline"
                    >
                      {d.fileName}
                    </a>
                  ) : (
                    <span className="min-w-0 break-all text-gray-500">{d.fileName} (revoked)</span>
                  )}
                  <span className="text-gray-500 sm:ml-auto">
                    {d.downloadLimit !== null
                      ? `${d.downloadCount} of ${d.downloadLimit} downloads used`
                      : "unlimited downloads"}
                    {d.expiresAt && `, until ${d.expiresAt.toLocaleDateString("en-US")}`}
                  </span>
                </li>
              ))}
            </ul>
          </section>
        )}
        {store.supportEmail && (
          <p className="mt-8 text-sm text-gray-600" data-testid="support-email">
            Questions about this order? Write to{" "}
            <a
              href={`mailto:${store.supportEmail}?subject=${encodeURIComponent(`Order ${order.id.slice(0, 8)}`)}`}
              className="font-medium break-all text-brand-700 underline-offset-2 hover:underline"
            >
              {store.supportEmail}
            </a>
            .
          </p>
        )}
      </PageMain>
    </>
  );
}

function OrderState(props: { status: string; redirectStatus?: string; failureMessage: string | null; email: string }) {
  // Stripe sent the buyer back from a successful retry, but its webhook may arrive after this
  // page loads (deliveries are not in order): the earlier attempt's failure is not the news.
  const status = props.status === "failed" && props.redirectStatus === "succeeded" ? "pending" : props.status;
  switch (status) {
    case "pending":
      return (
        <Alert tone="info" role="status" data-testid="order-state">
          <RefreshWhilePending />
          {props.redirectStatus === "succeeded"
            ? "Payment received — preparing your downloads. This page updates by itself."
            : "Waiting for your payment to be confirmed. This page updates by itself."}
        </Alert>
      );
    case "failed":
      return (
        <Alert tone="danger" role="status" data-testid="order-state">
          The payment did not go through{props.failureMessage ? `: ${props.failureMessage}` : "."}{" "}
          <a href="/checkout">Try again</a>
        </Alert>
      );
    case "canceled":
      return (
        <Alert tone="danger" role="status" data-testid="order-state">
          This order was canceled before it was paid.
        </Alert>
      );
    case "refunded":
      return (
        <Alert tone="warning" role="status" data-testid="order-state">
          This order was refunded; its downloads are closed.
        </Alert>
      );
    default:
      return (
        <Alert tone="success" role="status" data-testid="order-state">
          Paid. Your downloads are below, and a receipt is on its way to {props.email}.
        </Alert>
      );
  }
}

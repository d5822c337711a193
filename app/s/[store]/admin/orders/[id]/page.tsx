// GET /admin/orders/:id on a store host – one order with its items, downloads, refunds and timeline.
import { randomUUID } from "node:crypto";
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { z } from "zod";
import { Alert } from "@/app/components/ui/alert";
import { BackLink } from "@/app/components/ui/back-link";
import { Badge } from "@/app/components/ui/badge";
import { EmptyState } from "@/app/components/ui/empty-state";
import { PageHeader, SectionHeader } from "@/app/components/ui/page-header";
import { Table, TableBody, TableCell, TableHead, TableHeaderCell, TableRow } from "@/app/components/ui/table";
import { requireStoreAdmin } from "@/lib/auth/store-access";
import { listOrderGrants } from "@/lib/downloads/grants";
import { formatMoney } from "@/lib/money";
import { getOrderDetail } from "@/lib/orders/orders";
import { REFUND_REASONS, refundableAmount } from "@/lib/orders/refunds";
import { AdminShell } from "../../admin-shell";
import { ModeBadge, StatusBadge } from "../../badges";
import { GrantActions } from "./grant-actions";
import { RefundForm } from "./refund-form";
import { ResendReceiptButton } from "./resend-receipt-button";

export const metadata: Metadata = { title: "Order" };

const REFUND_STATE = {
  requested: { tone: "warning", label: "waiting for Stripe" },
  succeeded: { tone: "success", label: "refunded" },
  failed: { tone: "danger", label: "failed" },
} as const;

export default async function OrderPage({ params }: { params: Promise<{ store: string; id: string }> }) {
  const { store: segment, id } = await params;
  const access = await requireStoreAdmin(segment, `/admin/orders/${id}`);
  if (!z.uuid().safeParse(id).success) notFound();
  const detail = (await getOrderDetail(access.store.id, id)) ?? notFound();
  const { order, items, history, refundRequests } = detail;
  const grants = await listOrderGrants(access.store.id, order.id);
  const money = (amount: number) => formatMoney(amount, order.currency);
  const paid = order.status === "paid" || order.status === "partially_refunded";
  const awaitingStripe = refundRequests.filter((r) => r.status === "requested");
  const remaining = refundableAmount(
    order,
    awaitingStripe.reduce((sum, r) => sum + r.amount, 0),
  );
  return (
    <AdminShell access={access}>
      <BackLink href="/admin/orders">Orders</BackLink>
      <PageHeader
        title={
          <span className="flex flex-wrap items-center gap-2">
            Order {order.id.slice(0, 8)} <StatusBadge status={order.status} /> <ModeBadge mode={order.mode} />
          </span>
        }
        description={
          <>
            {order.email} · <span className="tabular-nums">{formatMoney(order.totalAmount, order.currency)}</span>
            {order.amountRefunded > 0 && ` · refunded ${money(order.amountRefunded)}`}
            {order.paymentIntentId && (
              <>
                {" "}
                · PaymentIntent <code>{order.paymentIntentId}</code>
              </>
            )}
          </>
        }
        actions={
          paid && (
            <>
              {order.paymentIntentId && remaining > 0 && (
                <RefundForm
                  orderId={order.id}
                  currency={order.currency}
                  remaining={remaining}
                  // A new key per render: one submitted form is one refund at Stripe.
                  idempotencyKey={randomUUID()}
                  reasons={Object.entries(REFUND_REASONS)}
                />
              )}
              <ResendReceiptButton orderId={order.id} email={order.email} />
            </>
          )
        }
      />
      {order.failureMessage && <Alert tone="danger">Last payment error: {order.failureMessage}</Alert>}
      {awaitingStripe.map((request) => (
        <Alert key={request.id} tone="info" title="Refund requested" className="mb-3">
          <span className="tabular-nums">{money(request.amount)}</span> · {request.reason} · by{" "}
          {request.requestedBy ?? "a former member"} on {request.createdAt.toLocaleString("en-US")}. The order changes
          when Stripe confirms the refund.
        </Alert>
      ))}
      <SectionHeader title="Items" />
      <Table>
        <TableHead>
          <TableRow>
            <TableHeaderCell>Product</TableHeaderCell>
            <TableHeaderCell>Unit price</TableHeaderCell>
            <TableHeaderCell>Qty</TableHeaderCell>
            <TableHeaderCell>Total</TableHeaderCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {items.map((item) => (
            <TableRow key={item.id}>
              <TableCell className="font-medium text-gray-900">{item.productName}</TableCell>
              <TableCell className="tabular-nums">{formatMoney(item.unitAmount, order.currency)}</TableCell>
              <TableCell className="tabular-nums">{item.quantity}</TableCell>
              <TableCell className="tabular-nums">{formatMoney(item.totalAmount, order.currency)}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      <SectionHeader title="Downloads" />
      {grants.length === 0 ? (
        <EmptyState>
          No downloads granted{order.status === "pending" ? " yet: they unlock when the payment succeeds" : ""}.
        </EmptyState>
      ) : (
        <Table data-testid="order-grants">
          <TableHead>
            <TableRow>
              <TableHeaderCell>File</TableHeaderCell>
              <TableHeaderCell>Downloads</TableHeaderCell>
              <TableHeaderCell>Expires</TableHeaderCell>
              <TableHeaderCell>State</TableHeaderCell>
              <TableHeaderCell>
                <span className="sr-only">Actions</span>
              </TableHeaderCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {grants.map((grant) => (
              <TableRow key={grant.id}>
                <TableCell className="font-medium text-gray-900">{grant.fileName}</TableCell>
                <TableCell className="tabular-nums">
                  {grant.downloadCount}
                  {grant.downloadLimit !== null && ` of ${grant.downloadLimit}`}
                </TableCell>
                <TableCell>{grant.expiresAt ? grant.expiresAt.toLocaleDateString("en-US") : "never"}</TableCell>
                <TableCell>
                  {grant.revokedAt ? <Badge tone="danger">Revoked</Badge> : <Badge tone="success">Active</Badge>}
                </TableCell>
                <TableCell>
                  <GrantActions
                    orderId={order.id}
                    grantId={grant.id}
                    revoked={grant.revokedAt !== null}
                    canRestore={order.status !== "refunded"}
                    downloadCount={grant.downloadCount}
                  />
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
      {refundRequests.length > 0 && (
        <>
          <SectionHeader title="Refunds" />
          <Table>
            <TableHead>
              <TableRow>
                <TableHeaderCell>Requested</TableHeaderCell>
                <TableHeaderCell>Amount</TableHeaderCell>
                <TableHeaderCell>Reason</TableHeaderCell>
                <TableHeaderCell>By</TableHeaderCell>
                <TableHeaderCell>State</TableHeaderCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {refundRequests.map((request) => (
                <TableRow key={request.id}>
                  <TableCell>{request.createdAt.toLocaleString("en-US")}</TableCell>
                  <TableCell className="tabular-nums">{money(request.amount)}</TableCell>
                  <TableCell>{request.reason}</TableCell>
                  <TableCell>{request.requestedBy ?? "a former member"}</TableCell>
                  <TableCell>
                    <Badge tone={REFUND_STATE[request.status].tone}>{REFUND_STATE[request.status].label}</Badge>
                    {request.error && <p className="mt-1 text-sm text-danger-700">{request.error}</p>}
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </>
      )}
      <SectionHeader title="Timeline" />
      <ol className="grid gap-3 border-l-2 border-gray-200 pl-5">
        {history.map((change) => (
          <li key={change.id} className="relative text-sm text-gray-700">
            <span
              aria-hidden
              className="absolute top-1.5 -left-[1.6rem] size-2.5 rounded-full border-2 border-white bg-brand-600"
            />
            <span className="text-gray-500">{change.createdAt.toLocaleString("en-US")}:</span>{" "}
            {change.fromStatus ? `${change.fromStatus} → ` : ""}
            <strong className="font-semibold text-gray-900">{change.toStatus}</strong> — {change.reason}
            {change.stripeEventId && (
              <>
                {" "}
                (<code>{change.stripeEventId}</code>)
              </>
            )}
          </li>
        ))}
      </ol>
    </AdminShell>
  );
}

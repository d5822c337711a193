// GET /admin/orders/:id on a store host – one order with its items, downloads and timeline.
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { z } from "zod";
import { Alert } from "@/app/components/ui/alert";
import { BackLink } from "@/app/components/ui/back-link";
import { EmptyState } from "@/app/components/ui/empty-state";
import { PageHeader, SectionHeader } from "@/app/components/ui/page-header";
import { Table, TableBody, TableCell, TableHead, TableHeaderCell, TableRow } from "@/app/components/ui/table";
import { requireStoreAdmin } from "@/lib/auth/store-access";
import { listOrderGrants } from "@/lib/downloads/grants";
import { formatMoney } from "@/lib/money";
import { getOrderDetail } from "@/lib/orders/orders";
import { AdminShell } from "../../admin-shell";
import { ModeBadge, StatusBadge } from "../../badges";

export const metadata: Metadata = { title: "Order" };

export default async function OrderPage({ params }: { params: Promise<{ store: string; id: string }> }) {
  const { store: segment, id } = await params;
  const access = await requireStoreAdmin(segment, `/admin/orders/${id}`);
  if (!z.uuid().safeParse(id).success) notFound();
  const detail = (await getOrderDetail(access.store.id, id)) ?? notFound();
  const { order, items, history } = detail;
  const grants = await listOrderGrants(access.store.id, order.id);
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
            {order.amountRefunded > 0 && ` · refunded ${formatMoney(order.amountRefunded, order.currency)}`}
            {order.paymentIntentId && (
              <>
                {" "}
                · PaymentIntent <code>{order.paymentIntentId}</code>
              </>
            )}
          </>
        }
      />
      {order.failureMessage && <Alert tone="danger">Last payment error: {order.failureMessage}</Alert>}
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
        <Table>
          <TableHead>
            <TableRow>
              <TableHeaderCell>File</TableHeaderCell>
              <TableHeaderCell>Downloads</TableHeaderCell>
              <TableHeaderCell>Expires</TableHeaderCell>
              <TableHeaderCell>State</TableHeaderCell>
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
                  {grant.revokedAt ? (
                    <span className="text-danger-700">revoked</span>
                  ) : (
                    <span className="text-success-700">active</span>
                  )}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
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

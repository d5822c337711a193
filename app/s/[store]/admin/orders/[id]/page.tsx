// GET /admin/orders/:id on a store host – one order with its items, downloads and timeline.
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { z } from "zod";
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
      <h1>Order {order.id.slice(0, 8)} <StatusBadge status={order.status} /> <ModeBadge mode={order.mode} /></h1>
      <p className="muted">
        {order.email} · {formatMoney(order.totalAmount, order.currency)}
        {order.amountRefunded > 0 && ` · refunded ${formatMoney(order.amountRefunded, order.currency)}`}
        {order.paymentIntentId && <> · PaymentIntent <code>{order.paymentIntentId}</code></>}
      </p>
      {order.failureMessage && <p className="alert error">Last payment error: {order.failureMessage}</p>}
      <h2>Items</h2>
      <table>
        <thead><tr><th>Product</th><th>Unit price</th><th>Qty</th><th>Total</th></tr></thead>
        <tbody>
          {items.map((item) => (
            <tr key={item.id}>
              <td>{item.productName}</td>
              <td>{formatMoney(item.unitAmount, order.currency)}</td>
              <td>{item.quantity}</td>
              <td>{formatMoney(item.totalAmount, order.currency)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>Downloads</h2>
      {grants.length === 0 ? (
        <p className="muted">No downloads granted{order.status === "pending" ? " yet: they unlock when the payment succeeds" : ""}.</p>
      ) : (
        <table>
          <thead><tr><th>File</th><th>Downloads</th><th>Expires</th><th>State</th></tr></thead>
          <tbody>
            {grants.map((grant) => (
              <tr key={grant.id}>
                <td>{grant.fileName}</td>
                <td>{grant.downloadCount}{grant.downloadLimit !== null && ` of ${grant.downloadLimit}`}</td>
                <td>{grant.expiresAt ? grant.expiresAt.toLocaleDateString("en-US") : "never"}</td>
                <td>{grant.revokedAt ? "revoked" : "active"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h2>Timeline</h2>
      <ol>
        {history.map((change) => (
          <li key={change.id}>
            {change.createdAt.toLocaleString("en-US")}: {change.fromStatus ? `${change.fromStatus} → ` : ""}<strong>{change.toStatus}</strong>
            {" "}— {change.reason}
            {change.stripeEventId && <> (<code>{change.stripeEventId}</code>)</>}
          </li>
        ))}
      </ol>
    </AdminShell>
  );
}

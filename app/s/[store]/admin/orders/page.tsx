// GET /admin/orders on a store host – orders with status and mode filters.
import type { Metadata } from "next";
import Link from "next/link";
import { z } from "zod";
import { orderStatus, paymentMode } from "@/db/schema";
import { requireStoreAdmin } from "@/lib/auth/store-access";
import { formatMoney } from "@/lib/money";
import { listOrders, liveRevenue } from "@/lib/orders/orders";
import { AdminShell } from "../admin-shell";
import { ModeBadge, StatusBadge } from "../badges";
import { ReconcileButton } from "./reconcile-button";

export const metadata: Metadata = { title: "Orders" };

const filterSchema = z.object({
  status: z.enum(orderStatus.enumValues).optional().catch(undefined),
  mode: z.enum(paymentMode.enumValues).optional().catch(undefined),
});

type Props = { params: Promise<{ store: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function OrdersPage({ params, searchParams }: Props) {
  const access = await requireStoreAdmin((await params).store, "/admin/orders");
  const filter = filterSchema.parse(await searchParams);
  const [orders, revenue] = await Promise.all([listOrders(access.store.id, filter), liveRevenue(access.store.id)]);
  return (
    <AdminShell access={access}>
      <h1>Orders</h1>
      <p className="muted">
        Live revenue: {revenue.length ? revenue.map((r) => formatMoney(r.amount, r.currency)).join(" + ") : formatMoney(0, access.store.currency)}
        {" "}(test orders never count)
      </p>
      <form className="row" method="get" aria-label="Filter orders">
        <select name="status" defaultValue={filter.status ?? ""} aria-label="Status">
          <option value="">Any status</option>
          {orderStatus.enumValues.map((s) => <option key={s} value={s}>{s.replace(/_/g, " ")}</option>)}
        </select>
        <select name="mode" defaultValue={filter.mode ?? ""} aria-label="Mode">
          <option value="">Test and live</option>
          <option value="test">Test</option>
          <option value="live">Live</option>
        </select>
        <button type="submit" className="secondary">Filter</button>
      </form>
      <ReconcileButton />
      {orders.length === 0 ? (
        <p className="muted">No orders{filter.status || filter.mode ? " match these filters" : " yet"}.</p>
      ) : (
        <table>
          <thead>
            <tr><th>Order</th><th>Date</th><th>Email</th><th>Total</th><th>Status</th><th>Mode</th></tr>
          </thead>
          <tbody>
            {orders.map((order) => (
              <tr key={order.id}>
                <td><Link href={`/admin/orders/${order.id}`}>{order.id.slice(0, 8)}</Link></td>
                <td>{order.createdAt.toLocaleString("en-US")}</td>
                <td>{order.email}</td>
                <td>{formatMoney(order.totalAmount, order.currency)}</td>
                <td><StatusBadge status={order.status} /></td>
                <td><ModeBadge mode={order.mode} /></td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </AdminShell>
  );
}

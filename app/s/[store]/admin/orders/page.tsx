// GET /admin/orders on a store host – orders with status and mode filters.
import { Receipt } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { z } from "zod";
import { Button } from "@/app/components/ui/button";
import { EmptyState } from "@/app/components/ui/empty-state";
import { NativeSelect } from "@/app/components/ui/input";
import { PageHeader } from "@/app/components/ui/page-header";
import { Table, TableBody, TableCell, TableHead, TableHeaderCell, TableRow } from "@/app/components/ui/table";
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

type Props = {
  params: Promise<{ store: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

export default async function OrdersPage({ params, searchParams }: Props) {
  const access = await requireStoreAdmin((await params).store, "/admin/orders");
  const filter = filterSchema.parse(await searchParams);
  const [orders, revenue] = await Promise.all([listOrders(access.store.id, filter), liveRevenue(access.store.id)]);
  return (
    <AdminShell access={access}>
      <PageHeader
        title="Orders"
        description={
          <>
            Live revenue:{" "}
            <span className="font-semibold text-gray-900 tabular-nums">
              {revenue.length
                ? revenue.map((r) => formatMoney(r.amount, r.currency)).join(" + ")
                : formatMoney(0, access.store.currency)}
            </span>{" "}
            (test orders never count)
          </>
        }
      />
      <div className="mb-4 flex flex-wrap items-start justify-between gap-3">
        <form className="flex flex-wrap items-center gap-2" method="get" aria-label="Filter orders">
          <NativeSelect name="status" defaultValue={filter.status ?? ""} aria-label="Status">
            <option value="">Any status</option>
            {orderStatus.enumValues.map((s) => (
              <option key={s} value={s}>
                {s.replace(/_/g, " ")}
              </option>
            ))}
          </NativeSelect>
          <NativeSelect name="mode" defaultValue={filter.mode ?? ""} aria-label="Mode">
            <option value="">Test and live</option>
            <option value="test">Test</option>
            <option value="live">Live</option>
          </NativeSelect>
          <Button type="submit" variant="secondary">
            Filter
          </Button>
        </form>
        <ReconcileButton />
      </div>
      {orders.length === 0 ? (
        <EmptyState icon={<Receipt aria-hidden />}>
          No orders{filter.status || filter.mode ? " match these filters" : " yet"}.
        </EmptyState>
      ) : (
        <Table>
          <TableHead>
            <TableRow>
              <TableHeaderCell>Order</TableHeaderCell>
              <TableHeaderCell>Date</TableHeaderCell>
              <TableHeaderCell>Email</TableHeaderCell>
              <TableHeaderCell>Total</TableHeaderCell>
              <TableHeaderCell>Status</TableHeaderCell>
              <TableHeaderCell>Mode</TableHeaderCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {orders.map((order) => (
              <TableRow key={order.id}>
                <TableCell className="font-mono text-sm">
                  <Link href={`/admin/orders/${order.id}`}>{order.id.slice(0, 8)}</Link>
                </TableCell>
                <TableCell className="whitespace-nowrap text-gray-600">
                  {order.createdAt.toLocaleString("en-US")}
                </TableCell>
                <TableCell className="whitespace-nowrap">{order.email}</TableCell>
                <TableCell className="tabular-nums">{formatMoney(order.totalAmount, order.currency)}</TableCell>
                <TableCell>
                  <StatusBadge status={order.status} />
                </TableCell>
                <TableCell>
                  <ModeBadge mode={order.mode} />
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </AdminShell>
  );
}

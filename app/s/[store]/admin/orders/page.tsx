// GET /admin/orders on a store host – orders, 50 a page, with search and status/mode filters.
import { Download, Receipt } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { Button } from "@/app/components/ui/button";
import { EmptyState } from "@/app/components/ui/empty-state";
import { Input, NativeSelect } from "@/app/components/ui/input";
import { PageHeader } from "@/app/components/ui/page-header";
import { Pager } from "@/app/components/ui/pager";
import { Table, TableBody, TableCell, TableHead, TableHeaderCell, TableRow } from "@/app/components/ui/table";
import { orderStatus } from "@/db/schema";
import { requireStoreAdmin } from "@/lib/auth/store-access";
import { formatMoney } from "@/lib/money";
import { listOrders, liveRevenue, orderFilterSchema } from "@/lib/orders/orders";
import { decodeCursor, listHref } from "@/lib/pagination";
import { AdminShell } from "../admin-shell";
import { ModeBadge, StatusBadge } from "../badges";
import { ReconcileButton } from "./reconcile-button";

export const metadata: Metadata = { title: "Orders" };

type Props = {
  params: Promise<{ store: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

export default async function OrdersPage({ params, searchParams }: Props) {
  const access = await requireStoreAdmin((await params).store, "/admin/orders");
  const query = await searchParams;
  const filter = orderFilterSchema.parse(query);
  const cursor = decodeCursor(typeof query.after === "string" ? query.after : null);
  const [{ rows: orders, nextCursor }, revenue] = await Promise.all([
    listOrders(access.store.id, filter, { cursor }),
    liveRevenue(access.store.id),
  ]);
  // Filters stay in the URL: the next page, the export and the form all carry them.
  const href = (path: string, changes: Record<string, string | null> = {}) => listHref(path, filter, changes);
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
          <Input
            type="search"
            name="q"
            defaultValue={filter.q ?? ""}
            placeholder="Email or order id"
            aria-label="Search by email or order id"
            className="w-56"
          />
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
        <div className="flex flex-wrap items-center gap-2">
          <Button asChild variant="secondary">
            <a href={href("/admin/orders/export")} download>
              <Download aria-hidden />
              Export CSV
            </a>
          </Button>
          <ReconcileButton />
        </div>
      </div>
      {orders.length === 0 ? (
        <EmptyState icon={<Receipt aria-hidden />}>
          No orders
          {filter.status || filter.mode || filter.q ? " match these filters" : cursor ? " after this page" : " yet"}.
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
      <Pager
        firstHref={cursor ? href("/admin/orders") : null}
        nextHref={nextCursor ? href("/admin/orders", { after: nextCursor }) : null}
      />
    </AdminShell>
  );
}

// GET /admin/customers on a store host – buyers by email, 50 a page, with search by email.
import { Users } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { EmptyState } from "@/app/components/ui/empty-state";
import { PageHeader } from "@/app/components/ui/page-header";
import { Pager } from "@/app/components/ui/pager";
import { SearchForm } from "@/app/components/ui/search-form";
import { Table, TableBody, TableCell, TableHead, TableHeaderCell, TableRow } from "@/app/components/ui/table";
import { requireStoreAdmin } from "@/lib/auth/store-access";
import { formatMoney } from "@/lib/money";
import { customerFilterSchema, decodeCustomerCursor, listCustomers } from "@/lib/orders/customers";
import { listHref } from "@/lib/pagination";
import { AdminShell } from "../admin-shell";

export const metadata: Metadata = { title: "Customers" };

type Props = {
  params: Promise<{ store: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

export default async function CustomersPage({ params, searchParams }: Props) {
  const access = await requireStoreAdmin((await params).store, "/admin/customers");
  const query = await searchParams;
  const filter = customerFilterSchema.parse(query);
  const cursor = decodeCustomerCursor(typeof query.after === "string" ? query.after : null);
  const { rows: customers, nextCursor } = await listCustomers(access.store.id, filter, { cursor });
  const href = (changes: Record<string, string | null> = {}) => listHref("/admin/customers", filter, changes);
  return (
    <AdminShell access={access}>
      <PageHeader
        title="Customers"
        description="Everyone who paid for an order, by email. Checkouts that were never paid (pending, failed or canceled) don't count; test orders are counted apart and never in the amount spent."
      />
      <SearchForm
        label="Search customers"
        fieldLabel="Search by email"
        placeholder="Email"
        defaultValue={filter.q}
        className="w-56"
      />
      {customers.length === 0 ? (
        <EmptyState icon={<Users aria-hidden />}>
          No customers{filter.q ? " match this search" : cursor ? " after this page" : " yet"}.
        </EmptyState>
      ) : (
        <Table>
          <TableHead>
            <TableRow>
              <TableHeaderCell>Email</TableHeaderCell>
              <TableHeaderCell className="text-right">Orders</TableHeaderCell>
              <TableHeaderCell className="text-right">Spent</TableHeaderCell>
              <TableHeaderCell className="text-right">Test orders</TableHeaderCell>
              <TableHeaderCell>Last order</TableHeaderCell>
              <TableHeaderCell>
                <span className="sr-only">Orders link</span>
              </TableHeaderCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {customers.map((customer) => (
              <TableRow key={customer.email.toLowerCase()}>
                <TableCell className="whitespace-nowrap">{customer.email}</TableCell>
                <TableCell className="text-right tabular-nums">{customer.orderCount}</TableCell>
                <TableCell className="text-right whitespace-nowrap tabular-nums">
                  {customer.spent.length
                    ? customer.spent.map((s) => formatMoney(s.amount, s.currency)).join(" + ")
                    : formatMoney(0, access.store.currency)}
                </TableCell>
                <TableCell className="text-right tabular-nums text-gray-600">{customer.testOrderCount}</TableCell>
                <TableCell className="whitespace-nowrap text-gray-600">
                  {customer.lastOrderAt.toLocaleString("en-US")}
                </TableCell>
                <TableCell className="whitespace-nowrap">
                  <Link href={`/admin/orders?${new URLSearchParams({ q: customer.email })}`}>
                    View orders<span className="sr-only"> of {customer.email}</span>
                  </Link>
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
      <Pager firstHref={cursor ? href() : null} nextHref={nextCursor ? href({ after: nextCursor }) : null} />
    </AdminShell>
  );
}

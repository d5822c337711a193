// GET /staff/stores (root domain) – the staff console's stores directory (platform staff only).
import type { Metadata } from "next";
import { BillingStandingBadge } from "@/app/components/billing-standing-badge";
import { Badge } from "@/app/components/ui/badge";
import { EmptyState } from "@/app/components/ui/empty-state";
import { PageHeader } from "@/app/components/ui/page-header";
import { Pager } from "@/app/components/ui/pager";
import { SearchForm } from "@/app/components/ui/search-form";
import { Table, TableBody, TableCell, TableHead, TableHeaderCell, TableRow } from "@/app/components/ui/table";
import { listHref } from "@/lib/pagination";
import { requireStaff } from "@/lib/staff/staff-access";
import { directoryQuery, listStoresForStaff } from "@/lib/staff/stores-directory";
import { storeUrl } from "@/lib/tenancy/stores";
import { StandingButton } from "../standing-button";
import { StaffShell } from "../staff-shell";

export const metadata: Metadata = { title: "Staff · Stores" };

export default async function StaffStoresPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const staff = await requireStaff("/staff/stores");
  const query = directoryQuery.parse(await searchParams);
  const { rows, nextAfter } = await listStoresForStaff(query);
  const href = (changes: Record<string, string | null>) =>
    listHref("/staff/stores", { q: query.q, after: query.after }, changes);
  return (
    <StaffShell staff={staff}>
      <PageHeader title="Stores" description="Health covers the last 24 hours; store secrets are never shown here." />
      <SearchForm
        label="Search stores"
        fieldLabel="Search by subdomain or owner email"
        placeholder="Subdomain or owner email"
        defaultValue={query.q}
        className="w-72"
      />
      {rows.length === 0 ? (
        <EmptyState>No stores{query.q ? " match this search" : ""}.</EmptyState>
      ) : (
        <Table>
          <TableHead>
            <TableRow>
              <TableHeaderCell>Store</TableHeaderCell>
              <TableHeaderCell>Owner</TableHeaderCell>
              <TableHeaderCell>Standing</TableHeaderCell>
              <TableHeaderCell>Mode</TableHeaderCell>
              <TableHeaderCell>Billing</TableHeaderCell>
              <TableHeaderCell className="text-right">Webhooks failed / refused (24 h)</TableHeaderCell>
              <TableHeaderCell>
                <span className="sr-only">Actions</span>
              </TableHeaderCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {rows.map((store) => (
              <TableRow key={store.id} data-testid="staff-store-row">
                <TableCell>
                  <span className="font-medium text-gray-900">{store.name}</span>
                  <div className="text-xs">
                    <a href={storeUrl(store)}>{store.subdomain}</a>
                  </div>
                </TableCell>
                <TableCell>{store.ownerEmail ?? "—"}</TableCell>
                <TableCell>
                  <Badge tone={store.status === "active" ? (store.paused ? "warning" : "success") : "danger"}>
                    {store.status === "active" ? (store.paused ? "paused by owner" : "active") : store.status}
                  </Badge>
                </TableCell>
                <TableCell>
                  <Badge tone={store.activeMode === "live" ? "info" : "neutral"}>
                    {store.activeMode === "live" ? "Live" : "Test"}
                  </Badge>
                </TableCell>
                <TableCell>
                  <BillingStandingBadge kind={store.billing} />
                </TableCell>
                <TableCell className="text-right tabular-nums">
                  <span className={store.failedLast24h > 0 ? "font-semibold text-danger-700" : undefined}>
                    {store.failedLast24h}
                  </span>{" "}
                  /{" "}
                  <span className={store.refusedLast24h > 0 ? "font-semibold text-warning-800" : undefined}>
                    {store.refusedLast24h}
                  </span>
                </TableCell>
                <TableCell>
                  <StandingButton
                    storeId={store.id}
                    subdomain={store.subdomain}
                    suspended={store.status === "suspended"}
                  />
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
      <Pager
        label="Stores pages"
        firstHref={query.after ? href({ after: null }) : null}
        nextHref={nextAfter ? href({ after: nextAfter }) : null}
      />
    </StaffShell>
  );
}

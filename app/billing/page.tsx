// GET /billing (root domain) – the hosting billing of every store the signed-in user owns.
import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { BillingStandingBadge } from "@/app/components/billing-standing-badge";
import { PlatformHeader } from "@/app/components/platform-header";
import { EmptyState } from "@/app/components/ui/empty-state";
import { PageHeader } from "@/app/components/ui/page-header";
import { PageMain } from "@/app/components/ui/page-main";
import { Table, TableBody, TableCell, TableHead, TableHeaderCell, TableRow } from "@/app/components/ui/table";
import { listStoresOfUser } from "@/lib/auth/memberships";
import { getSignedInUser } from "@/lib/auth/session";
import { storeBillingStanding } from "@/lib/billing/standing";

export const metadata: Metadata = { title: "Billing" };

export default async function BillingPage() {
  const user = await getSignedInUser();
  if (!user) redirect("/login?next=/billing");
  const owned = (await listStoresOfUser(user.id)).filter((store) => store.role === "owner");
  const rows = await Promise.all(owned.map(async (store) => ({ store, standing: await storeBillingStanding(store) })));
  return (
    <>
      <PlatformHeader signedIn />
      <PageMain>
        <PageHeader title="Billing" description="Hosting plans for the stores you own." />
        {rows.length === 0 ? (
          <EmptyState>You do not own a store yet.</EmptyState>
        ) : (
          <Table>
            <TableHead>
              <TableRow>
                <TableHeaderCell>Store</TableHeaderCell>
                <TableHeaderCell>Status</TableHeaderCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {rows.map(({ store, standing }) => (
                <TableRow key={store.id}>
                  <TableCell>
                    <Link href={`/billing/${store.id}`} className="font-medium">
                      {store.name}
                    </Link>
                    <div className="text-xs text-gray-500">{store.subdomain}</div>
                  </TableCell>
                  <TableCell>
                    <BillingStandingBadge kind={standing.kind} />
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
      </PageMain>
    </>
  );
}

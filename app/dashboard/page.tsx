// GET /dashboard (root domain) – the signed-in owner's stores.
import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { SignOutButton, SignOutEverywhereButton } from "@/app/components/sign-out-button";
import { PlatformHeader } from "@/app/components/platform-header";
import { Badge } from "@/app/components/ui/badge";
import { Button } from "@/app/components/ui/button";
import { EmptyState } from "@/app/components/ui/empty-state";
import { PageHeader } from "@/app/components/ui/page-header";
import { PageMain } from "@/app/components/ui/page-main";
import { Table, TableBody, TableCell, TableHead, TableHeaderCell, TableRow } from "@/app/components/ui/table";
import { listStoresOfUser } from "@/lib/auth/memberships";
import { getSignedInUser } from "@/lib/auth/session";
import { storeUrl } from "@/lib/tenancy/stores";
import { OpenAdminButton } from "./open-admin-button";

export const metadata: Metadata = { title: "Your stores" };

export default async function DashboardPage() {
  const user = await getSignedInUser();
  if (!user) redirect("/login");
  const stores = await listStoresOfUser(user.id);
  return (
    <>
      <PlatformHeader signedIn />
      <PageMain>
        <PageHeader
          title="Your stores"
          description={`Signed in as ${user.email}.`}
          actions={
            <>
              <Button asChild variant="ghost">
                <Link href="/billing">Billing</Link>
              </Button>
              <Button asChild variant="ghost">
                <Link href="/account/password">Change password</Link>
              </Button>
              <SignOutEverywhereButton redirectTo="/" />
              <SignOutButton redirectTo="/" />
            </>
          }
        />
        {stores.length === 0 ? (
          <EmptyState>You are not a member of any store yet.</EmptyState>
        ) : (
          <Table>
            <TableHead>
              <TableRow>
                <TableHeaderCell>Store</TableHeaderCell>
                <TableHeaderCell>Address</TableHeaderCell>
                <TableHeaderCell>Role</TableHeaderCell>
                <TableHeaderCell>
                  <span className="sr-only">Actions</span>
                </TableHeaderCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {stores.map((store) => (
                <TableRow key={store.id}>
                  <TableCell className="font-medium text-gray-900">{store.name}</TableCell>
                  <TableCell>
                    <a href={storeUrl(store)}>{storeUrl(store)}</a>
                  </TableCell>
                  <TableCell>
                    <Badge>{store.role}</Badge>
                  </TableCell>
                  <TableCell className="text-right">
                    <OpenAdminButton subdomain={store.subdomain} />
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

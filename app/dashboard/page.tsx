// GET /dashboard (root domain) – the signed-in owner's stores.
import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { SignOutButton } from "@/app/components/sign-out-button";
import { PlatformHeader } from "@/app/components/platform-header";
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
      <main>
        <h1>Your stores</h1>
        <p className="muted">Signed in as {user.email}.</p>
        {stores.length === 0 ? (
          <p>You are not a member of any store yet.</p>
        ) : (
          <table>
            <thead>
              <tr><th>Store</th><th>Address</th><th>Role</th><th /></tr>
            </thead>
            <tbody>
              {stores.map((store) => (
                <tr key={store.id}>
                  <td>{store.name}</td>
                  <td><a href={storeUrl(store)}>{storeUrl(store)}</a></td>
                  <td>{store.role}</td>
                  <td><OpenAdminButton subdomain={store.subdomain} /></td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <p><SignOutButton redirectTo="/" /></p>
      </main>
    </>
  );
}

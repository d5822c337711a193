// GET /admin/sign-in on a store host – sign in to this store's admin.
import type { Metadata } from "next";
import { SignInForm } from "@/app/components/sign-in-form";
import { safeReturnPath } from "@/lib/safe-return-path";
import { requireStoreForRequest } from "@/lib/tenancy/request-store";
import { StoreHeader } from "../../store-header";

export const metadata: Metadata = { title: "Sign in to your store" };

type Props = {
  params: Promise<{ store: string }>;
  searchParams: Promise<{ next?: string; ticket?: string }>;
};

export default async function StoreSignInPage({ params, searchParams }: Props) {
  const store = await requireStoreForRequest((await params).store);
  const { next, ticket } = await searchParams;
  return (
    <>
      <StoreHeader store={store} />
      <main>
        <h1>Sign in to {store.name}</h1>
        <SignInForm redirectTo={safeReturnPath(next, "/admin")} ticket={ticket} />
      </main>
    </>
  );
}

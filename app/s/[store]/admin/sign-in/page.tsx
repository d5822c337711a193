// GET /admin/sign-in on a store host – sign in to this store's admin.
import type { Metadata } from "next";
import { AuthCard } from "@/app/components/auth-card";
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
      <AuthCard title={`Sign in to ${store.name}`}>
        <SignInForm redirectTo={safeReturnPath(next, "/admin")} ticket={ticket} />
      </AuthCard>
    </>
  );
}

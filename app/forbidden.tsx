// 403 for signed-in users who are not members of the store they asked for.
import { ShieldAlert } from "lucide-react";
import { buttonClasses } from "@/app/components/ui/button";
import { PageMain } from "@/app/components/ui/page-main";

export default function Forbidden() {
  return (
    <PageMain width="narrow" className="grid justify-items-start gap-4 sm:pt-16">
      <ShieldAlert className="size-10 text-danger-600" aria-hidden />
      <h1 className="text-2xl font-semibold tracking-tight text-gray-900">You don&apos;t have access to this store</h1>
      <p className="text-gray-600">
        You are signed in, but not as a member of this store. Sign in with the account that owns it.
      </p>
      <p>
        <a className={buttonClasses("primary")} href="/admin/sign-in">
          Sign in with another account
        </a>
      </p>
    </PageMain>
  );
}

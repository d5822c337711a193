// GET /admin/help/new on a store host – the contact form: a request to platform support, with the store's context (members only).
import type { Metadata } from "next";
import { BackLink } from "@/app/components/ui/back-link";
import { Card } from "@/app/components/ui/card";
import { PageHeader } from "@/app/components/ui/page-header";
import { requireStoreAdmin } from "@/lib/auth/store-access";
import { sealSnapshot, takeContextSnapshot } from "@/lib/support/context-snapshot";
import { PLATFORM_NAME } from "@/lib/tenancy/subdomain";
import { AdminShell } from "../../admin-shell";
import { ContextSnapshotView } from "../context-snapshot-view";
import { NewTicketForm } from "../new-ticket-form";

export const metadata: Metadata = { title: "New support request" };

export default async function NewTicketPage({ params }: { params: Promise<{ store: string }> }) {
  const access = await requireStoreAdmin((await params).store, "/admin/help/new");
  // Taken once, here: the owner reads this snapshot and the form sends this same one, sealed.
  const snapshot = await takeContextSnapshot(access.store);
  const sealed = sealSnapshot(access.store.id, snapshot);
  const shared = (
    <Card padded={false} data-testid="shared-context">
      <details open>
        <summary className="cursor-pointer px-5 py-3">
          <span className="text-base font-semibold text-gray-900">Shared with {PLATFORM_NAME} support</span>
          <span className="block text-sm text-gray-600">
            Sent with your request, exactly as shown, so support sees what you see. It holds no keys or secrets.
          </span>
        </summary>
        <div className="border-t border-gray-200 px-5 py-4">
          <ContextSnapshotView snapshot={snapshot} />
        </div>
      </details>
    </Card>
  );
  return (
    <AdminShell access={access}>
      <BackLink href="/admin/help">Help</BackLink>
      <PageHeader
        title="New support request"
        description={`Tell ${PLATFORM_NAME} support what is wrong. You get an email when we reply, and the conversation stays in Help.`}
      />
      <NewTicketForm sealed={sealed} shared={shared} />
    </AdminShell>
  );
}

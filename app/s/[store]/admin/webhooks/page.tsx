// GET /admin/webhooks on a store host – every delivery to /shop/webhook/ and the stored events.
import { Webhook } from "lucide-react";
import type { Metadata } from "next";
import type { ReactNode } from "react";
import { EmptyState } from "@/app/components/ui/empty-state";
import { PageHeader, SectionHeader } from "@/app/components/ui/page-header";
import { Table, TableBody, TableCell, TableHead, TableHeaderCell, TableRow } from "@/app/components/ui/table";
import { requireStoreAdmin } from "@/lib/auth/store-access";
import { webhookUrl } from "@/lib/stripe/connection";
import { listDeliveries, listStoredEvents } from "@/lib/webhooks/deliveries";
import { AdminShell } from "../admin-shell";
import { StatusBadge } from "../badges";
import { ReplayButton } from "./replay-button";

export const metadata: Metadata = { title: "Webhooks" };

export default async function WebhooksPage({ params }: { params: Promise<{ store: string }> }) {
  const access = await requireStoreAdmin((await params).store, "/admin/webhooks");
  const [deliveries, events] = await Promise.all([listDeliveries(access.store.id), listStoredEvents(access.store.id)]);
  return (
    <AdminShell access={access}>
      <PageHeader
        title="Webhooks"
        description={
          <>
            Stripe must send events to <code>{webhookUrl(access.store)}</code>.
          </>
        }
      />
      <SectionHeader title="Deliveries" />
      {deliveries.length === 0 ? (
        <EmptyState icon={<Webhook aria-hidden />}>No delivery has reached this store yet.</EmptyState>
      ) : (
        <Table>
          <TableHead>
            <TableRow>
              <TableHeaderCell>Received</TableHeaderCell>
              <TableHeaderCell>Event</TableHeaderCell>
              <TableHeaderCell>Result</TableHeaderCell>
              <TableHeaderCell>HTTP</TableHeaderCell>
              <TableHeaderCell>Diagnosis</TableHeaderCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {deliveries.map((d) => (
              <TableRow key={d.id} data-outcome={d.outcome} className="align-top">
                <TableCell className="whitespace-nowrap text-gray-600">
                  {d.receivedAt.toLocaleString("en-US")}
                  <div className="text-xs text-gray-500">{d.durationMs} ms</div>
                </TableCell>
                <TableCell>
                  {d.eventType ?? "?"}
                  <div className="text-xs">
                    <code>{d.stripeEventId ?? "no id"}</code>
                    {d.livemode !== null && <span className="text-gray-500"> {d.livemode ? "live" : "test"}</span>}
                  </div>
                </TableCell>
                <TableCell>
                  <StatusBadge status={d.outcome} />
                </TableCell>
                <TableCell className="tabular-nums">{d.httpStatus}</TableCell>
                <TableCell className="min-w-64">
                  {d.diagnosis ?? "—"}
                  {d.bodyExcerpt && <Payload>{d.bodyExcerpt}</Payload>}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
      <SectionHeader title="Stored events" />
      {events.length === 0 ? (
        <EmptyState>No verified events yet.</EmptyState>
      ) : (
        <Table>
          <TableHead>
            <TableRow>
              <TableHeaderCell>Received</TableHeaderCell>
              <TableHeaderCell>Event</TableHeaderCell>
              <TableHeaderCell>Mode</TableHeaderCell>
              <TableHeaderCell>Result</TableHeaderCell>
              <TableHeaderCell>
                <span className="sr-only">Actions</span>
              </TableHeaderCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {events.map((e) => (
              <TableRow key={e.id} className="align-top">
                <TableCell className="whitespace-nowrap text-gray-600">
                  {e.receivedAt.toLocaleString("en-US")}
                </TableCell>
                <TableCell className="min-w-64">
                  {e.type}
                  <div className="text-xs">
                    <code>{e.stripeEventId}</code>
                  </div>
                  <Payload>{JSON.stringify(e.payload, null, 2)}</Payload>
                </TableCell>
                <TableCell>{e.mode}</TableCell>
                <TableCell>
                  <StatusBadge status={e.status} />
                  {e.error && <div className="mt-1 text-xs text-danger-700">{e.error}</div>}
                </TableCell>
                <TableCell className="text-right">
                  <ReplayButton eventId={e.id} />
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </AdminShell>
  );
}

function Payload({ children }: { children: ReactNode }) {
  return (
    <details className="mt-1">
      <summary className="cursor-pointer text-xs font-medium text-brand-700">Payload</summary>
      <pre className="mt-2 max-h-80 max-w-xl overflow-auto rounded-md bg-gray-100 p-3 text-xs">{children}</pre>
    </details>
  );
}

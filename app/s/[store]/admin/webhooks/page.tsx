// GET /admin/webhooks on a store host – verified deliveries to /shop/webhook/, refusals per hour, stored events.
import { Webhook } from "lucide-react";
import type { Metadata } from "next";
import type { ReactNode } from "react";
import { Badge } from "@/app/components/ui/badge";
import { EmptyState } from "@/app/components/ui/empty-state";
import { PageHeader, SectionHeader } from "@/app/components/ui/page-header";
import { Table, TableBody, TableCell, TableHead, TableHeaderCell, TableRow } from "@/app/components/ui/table";
import { requireStoreAdmin } from "@/lib/auth/store-access";
import { webhookUrl } from "@/lib/stripe/connection";
import { listDeliveries, listStoredEvents } from "@/lib/webhooks/deliveries";
import { REFUSALS } from "@/lib/webhooks/refusal-codes";
import { listRefusals, type RefusalSample } from "@/lib/webhooks/refusals";
import { AdminShell } from "../admin-shell";
import { StatusBadge } from "../badges";
import { ReplayButton } from "./replay-button";

export const metadata: Metadata = { title: "Webhooks" };

export default async function WebhooksPage({ params }: { params: Promise<{ store: string }> }) {
  const access = await requireStoreAdmin((await params).store, "/admin/webhooks");
  const [deliveries, refusals, events] = await Promise.all([
    listDeliveries(access.store.id),
    listRefusals(access.store.id),
    listStoredEvents(access.store.id),
  ]);
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
      <SectionHeader title="Deliveries" description="Deliveries whose Stripe signature checked out." />
      {deliveries.length === 0 ? (
        <EmptyState icon={<Webhook aria-hidden />}>No verified delivery has reached this store yet.</EmptyState>
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
      <section id="refused">
        <SectionHeader
          title="Refused deliveries"
          description="Requests to the webhook address that were refused, counted per hour and reason. Anyone can send these; only the marked reasons point at a setting of yours."
        />
        {refusals.length === 0 ? (
          <EmptyState>No refused deliveries.</EmptyState>
        ) : (
          <Table data-testid="webhook-refusals">
            <TableHead>
              <TableRow>
                <TableHeaderCell>Hour</TableHeaderCell>
                <TableHeaderCell>Reason</TableHeaderCell>
                <TableHeaderCell>Count</TableHeaderCell>
                <TableHeaderCell>First / last seen</TableHeaderCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {refusals.map((r) => (
                <TableRow key={r.id} data-code={r.code} className="align-top">
                  <TableCell className="whitespace-nowrap text-gray-600">
                    {r.hourStart.toLocaleString("en-US", { dateStyle: "medium", timeStyle: "short" })}
                  </TableCell>
                  <TableCell className="min-w-64">
                    <div className="flex flex-wrap items-center gap-2 font-medium">
                      {REFUSALS[r.code].title}
                      {REFUSALS[r.code].ownerCanAct && <Badge tone="danger">Check your settings</Badge>}
                    </div>
                    <div className="mt-1 text-xs text-gray-600">{REFUSALS[r.code].explanation}</div>
                    {r.samples.length > 0 && <Samples samples={r.samples} />}
                  </TableCell>
                  <TableCell className="tabular-nums">{r.count}</TableCell>
                  <TableCell className="whitespace-nowrap text-gray-600">
                    {r.firstSeenAt.toLocaleString("en-US")}
                    <div>{r.lastSeenAt.toLocaleString("en-US")}</div>
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
      </section>
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

/** Refused requests as received: unverified text, shown inert and never as a diagnosis. */
function Samples({ samples }: { samples: RefusalSample[] }) {
  return (
    <details className="mt-1">
      <summary className="cursor-pointer text-xs font-medium text-brand-700">
        {samples.length === 1 ? "1 sample" : `${samples.length} samples`} (as received, unverified)
      </summary>
      <ul className="mt-2 grid max-w-xl gap-2 text-xs">
        {samples.map((sample, index) => (
          <li key={index} className="rounded-md bg-gray-100 p-3">
            <div className="text-gray-600">
              {new Date(sample.at).toLocaleString("en-US")} · {sample.eventType ?? "no type"}
              {sample.livemode !== null && ` · claims ${sample.livemode ? "live" : "test"}`}
            </div>
            {sample.bodyExcerpt !== null && (
              <pre className="mt-1 whitespace-pre-wrap break-all">{sample.bodyExcerpt || "(empty body)"}</pre>
            )}
          </li>
        ))}
      </ul>
    </details>
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

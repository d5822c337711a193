// GET /admin/webhooks on a store host – verified deliveries to /shop/webhook/, refusals per hour, stored events.
import { Webhook } from "lucide-react";
import type { Metadata } from "next";
import { Suspense } from "react";
import type { ReactNode } from "react";
import { Badge } from "@/app/components/ui/badge";
import { Button } from "@/app/components/ui/button";
import { EmptyState } from "@/app/components/ui/empty-state";
import { NativeSelect } from "@/app/components/ui/input";
import { PageHeader, SectionHeader } from "@/app/components/ui/page-header";
import { Pager } from "@/app/components/ui/pager";
import { Table, TableBody, TableCell, TableHead, TableHeaderCell, TableRow } from "@/app/components/ui/table";
import type { WebhookDelivery, WebhookEvent } from "@/db/schema";
import { requireStoreAdmin } from "@/lib/auth/store-access";
import { decodeCursor, listHref, type Page } from "@/lib/pagination";
import { webhookUrl } from "@/lib/stripe/connection";
import {
  deliveryFilterSchema,
  listDeliveries,
  listStoredEvents,
  verifiedOutcomes,
  type DeliveryFilter,
} from "@/lib/webhooks/deliveries";
import { REFUSALS } from "@/lib/webhooks/refusal-codes";
import { listRefusals, type RefusalSample, type RefusalSummary } from "@/lib/webhooks/refusals";
import { AdminShell } from "../admin-shell";
import { PaymentsWithoutOrders } from "./payments-without-orders";
import { StatusBadge } from "../badges";
import { ReplayButton } from "./replay-button";

export const metadata: Metadata = { title: "Webhooks" };

const PATH = "/admin/webhooks";

type Props = {
  params: Promise<{ store: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

/** Where the page is, for links that move one list: the deliveries filter and each list's cursor. */
type PageState = { outcome?: string; deliveries: string | null; events: string | null };

/** A list's cursor from the URL, kept only if it is one we made (a tampered one starts the list over). */
function cursorParam(value: string | string[] | undefined) {
  const raw = typeof value === "string" ? value : null;
  const cursor = decodeCursor(raw);
  return cursor ? { raw, cursor } : null;
}

export default async function WebhooksPage({ params, searchParams }: Props) {
  const access = await requireStoreAdmin((await params).store, PATH);
  const query = await searchParams;
  const filter = deliveryFilterSchema.parse(query);
  // Each list has its own cursor in the URL, so paging one keeps the other's place.
  const deliveriesAt = cursorParam(query.deliveries);
  const eventsAt = cursorParam(query.events);
  const [deliveries, refusals, events] = await Promise.all([
    listDeliveries(access.store.id, filter, { cursor: deliveriesAt?.cursor }),
    listRefusals(access.store.id),
    listStoredEvents(access.store.id, { cursor: eventsAt?.cursor }),
  ]);
  const state: PageState = {
    outcome: filter.outcome,
    deliveries: deliveriesAt?.raw ?? null,
    events: eventsAt?.raw ?? null,
  };
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
      <Suspense fallback={<SectionHeader title="Stripe shows a payment, but no order?" description="Asking Stripe…" />}>
        <PaymentsWithoutOrders store={access.store} />
      </Suspense>
      <DeliveriesSection page={deliveries} filter={filter} state={state} />
      <RefusalsSection refusals={refusals} />
      <StoredEventsSection page={events} state={state} />
    </AdminShell>
  );
}

/** The page's address with one list moved, scrolled to that list. */
function hrefTo(state: PageState, section: string, changes: Partial<Record<keyof PageState, string | null>>) {
  return `${listHref(PATH, state, changes)}#${section}`;
}

function DeliveriesSection({
  page,
  filter,
  state,
}: {
  page: Page<WebhookDelivery>;
  filter: DeliveryFilter;
  state: PageState;
}) {
  return (
    <section id="deliveries">
      <SectionHeader
        title="Deliveries"
        description="Deliveries whose Stripe signature checked out. Refused ones are counted below."
        actions={
          // A new filter starts the deliveries over; the stored events keep their page.
          <form
            className="flex items-center gap-2"
            method="get"
            action={`${PATH}#deliveries`}
            aria-label="Filter deliveries"
          >
            {state.events && <input type="hidden" name="events" value={state.events} />}
            <NativeSelect name="outcome" defaultValue={filter.outcome ?? ""} aria-label="Result">
              <option value="">Any result</option>
              {verifiedOutcomes.map((outcome) => (
                <option key={outcome} value={outcome}>
                  {outcome}
                </option>
              ))}
            </NativeSelect>
            <Button type="submit" variant="secondary">
              Filter
            </Button>
          </form>
        }
      />
      {page.rows.length === 0 ? (
        <EmptyState icon={<Webhook aria-hidden />}>
          {filter.outcome
            ? `No ${filter.outcome} deliveries${state.deliveries ? " after this page" : ""}.`
            : state.deliveries
              ? "No deliveries after this page."
              : "No verified delivery has reached this store yet."}
        </EmptyState>
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
            {page.rows.map((d) => (
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
      <Pager
        label="Deliveries pages"
        firstHref={state.deliveries ? hrefTo(state, "deliveries", { deliveries: null }) : null}
        nextHref={page.nextCursor ? hrefTo(state, "deliveries", { deliveries: page.nextCursor }) : null}
      />
    </section>
  );
}

function RefusalsSection({ refusals }: { refusals: RefusalSummary[] }) {
  return (
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
  );
}

function StoredEventsSection({ page, state }: { page: Page<WebhookEvent>; state: PageState }) {
  return (
    <section id="stored-events">
      <SectionHeader title="Stored events" />
      {page.rows.length === 0 ? (
        <EmptyState>{state.events ? "No events after this page." : "No verified events yet."}</EmptyState>
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
            {page.rows.map((e) => (
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
      <Pager
        label="Stored events pages"
        firstHref={state.events ? hrefTo(state, "stored-events", { events: null }) : null}
        nextHref={page.nextCursor ? hrefTo(state, "stored-events", { events: page.nextCursor }) : null}
      />
    </section>
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

// GET /staff/billing (root domain) – the platform billing webhook's health: refused or failed
// deliveries with their diagnosis, the latest events, and Sync from Stripe (staff only).
import type { Metadata } from "next";
import { Alert } from "@/app/components/ui/alert";
import { Badge } from "@/app/components/ui/badge";
import { EmptyState } from "@/app/components/ui/empty-state";
import { PageHeader } from "@/app/components/ui/page-header";
import { Table, TableBody, TableCell, TableHead, TableHeaderCell, TableRow } from "@/app/components/ui/table";
import { platformBilling } from "@/lib/billing/platform-stripe";
import { billingWebhookOverview } from "@/lib/billing/staff-billing";
import { requireStaff } from "@/lib/staff/staff-access";
import { StaffShell } from "../staff-shell";
import { SyncBillingButton } from "./sync-button";

export const metadata: Metadata = { title: "Staff · Billing" };

const utc = (date: Date) => date.toISOString().slice(0, 19).replace("T", " ");

export default async function StaffBillingPage() {
  const staff = await requireStaff("/staff/billing");
  const billing = platformBilling();
  const { problems, events } = await billingWebhookOverview();
  return (
    <StaffShell staff={staff}>
      <PageHeader
        title="Billing"
        description="The platform account's webhook (/api/billing/webhooks/stripe/): what it refused or failed, and what it applied. Each store's billing standing is in Stores."
        actions={<SyncBillingButton disabled={!billing.enabled} />}
      />
      {!billing.enabled && (
        <Alert tone="info" className="mb-4">
          {billing.reason}
        </Alert>
      )}
      <section aria-labelledby="problems-heading" className="mb-8 grid gap-3">
        <h2 id="problems-heading" className="text-base font-semibold text-gray-900">
          Refused or failed deliveries (48 h)
        </h2>
        {problems.length === 0 ? (
          <EmptyState>None: every delivery verified and applied.</EmptyState>
        ) : (
          <Table>
            <TableHead>
              <TableRow>
                <TableHeaderCell>Last seen (UTC)</TableHeaderCell>
                <TableHeaderCell>Diagnosis</TableHeaderCell>
                <TableHeaderCell className="text-right">Count (that hour)</TableHeaderCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {problems.map((problem) => (
                <TableRow key={problem.id} data-testid="billing-problem">
                  <TableCell className="whitespace-nowrap tabular-nums">{utc(problem.lastSeenAt)}</TableCell>
                  <TableCell>
                    <Badge tone="danger">{problem.diagnosisCode}</Badge> {problem.diagnosis}
                  </TableCell>
                  <TableCell className="text-right tabular-nums">{problem.count}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
      </section>
      <section aria-labelledby="events-heading" className="grid gap-3">
        <h2 id="events-heading" className="text-base font-semibold text-gray-900">
          Latest events
        </h2>
        {events.length === 0 ? (
          <EmptyState>No billing event received yet.</EmptyState>
        ) : (
          <Table>
            <TableHead>
              <TableRow>
                <TableHeaderCell>Applied (UTC)</TableHeaderCell>
                <TableHeaderCell>Event</TableHeaderCell>
                <TableHeaderCell>What it did</TableHeaderCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {events.map((event) => (
                <TableRow key={event.stripeEventId} data-testid="billing-event">
                  <TableCell className="whitespace-nowrap tabular-nums">{utc(event.processedAt)}</TableCell>
                  <TableCell>
                    {event.type}
                    <div className="text-xs text-gray-500">{event.stripeEventId}</div>
                  </TableCell>
                  <TableCell>
                    {event.status === "ignored" ? <Badge>ignored</Badge> : null} {event.summary}
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
      </section>
    </StaffShell>
  );
}

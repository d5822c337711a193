// GET /billing/:storeId (root domain) – a store's hosting plan, status and invoices, with
// Choose plan (Stripe Checkout) and Manage billing (Customer Portal). The store's owners only.
import type { Metadata } from "next";
import { notFound, redirect } from "next/navigation";
import { BillingStandingBadge } from "@/app/components/billing-standing-badge";
import { PlatformHeader } from "@/app/components/platform-header";
import { Alert } from "@/app/components/ui/alert";
import { BackLink } from "@/app/components/ui/back-link";
import { Card } from "@/app/components/ui/card";
import { EmptyState } from "@/app/components/ui/empty-state";
import { PageHeader } from "@/app/components/ui/page-header";
import { PageMain } from "@/app/components/ui/page-main";
import { Table, TableBody, TableCell, TableHead, TableHeaderCell, TableRow } from "@/app/components/ui/table";
import { getSignedInUser } from "@/lib/auth/session";
import { loadStoreBilling } from "@/lib/billing/owner-billing";
import { lookupKeyOf, PLANS, TRIAL_DAYS } from "@/lib/billing/plans";
import { HOLD_REASON_TEXT, planLabel } from "@/lib/billing/standing";
import { AppError } from "@/lib/errors";
import { formatMoney } from "@/lib/money";
import { AwaitWebhookRefresh, ChoosePlanButtons, ManageBillingButton, type PlanChoice } from "../billing-buttons";

export const metadata: Metadata = { title: "Billing" };

const day = (date: Date) => date.toISOString().slice(0, 10);

export default async function StoreBillingPage({
  params,
  searchParams,
}: {
  params: Promise<{ storeId: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { storeId } = await params;
  const user = await getSignedInUser();
  if (!user) redirect(`/login?next=${encodeURIComponent(`/billing/${storeId}`)}`);
  const billing = await loadStoreBilling(user, storeId).catch((error: unknown) => {
    if (error instanceof AppError && error.status === 404) notFound();
    throw error;
  });
  const { store, standing, invoices, prices } = billing;
  const { checkout: backFromCheckout, portal } = await searchParams;
  const subscription = "subscription" in standing ? standing.subscription : null;
  const choices: PlanChoice[] = PLANS.flatMap((plan) =>
    (["month", "year"] as const).flatMap((interval) => {
      const price = prices[lookupKeyOf(plan.key, interval)];
      if (!price?.amount) return [];
      const per = interval === "month" ? "month" : "year";
      return [
        {
          plan: plan.key,
          interval,
          label: `${plan.name} ${interval === "month" ? "monthly" : "yearly"}`,
          price: `${formatMoney(price.amount, price.currency)} / ${per}`,
        },
      ];
    }),
  );
  const canChoose = standing.kind !== "off" && !["active", "past_due", "past_due_suspended"].includes(standing.kind);
  return (
    <>
      <PlatformHeader signedIn />
      <PageMain>
        <BackLink href="/billing">Billing</BackLink>
        <PageHeader
          title={`Billing · ${store.name}`}
          description={`Hosting for ${store.subdomain}. Payments go to the platform, not to your store's Stripe account.`}
        />
        {standing.kind === "off" ? (
          <Alert tone="info">{standing.reason}</Alert>
        ) : (
          <div className="grid gap-6">
            {backFromCheckout === "success" && (
              <>
                {/* Stripe's events (the subscription, then its invoice) arrive over a few seconds. */}
                <AwaitWebhookRefresh />
                {standing.kind !== "active" && (
                  <Alert tone="info">
                    Payment received by Stripe. Your plan shows here as soon as Stripe confirms it, usually within
                    seconds.
                  </Alert>
                )}
              </>
            )}
            {portal === "returned" && (
              <p className="text-sm text-gray-600" role="status">
                Changes made in Manage billing show here as soon as Stripe confirms them.
                <AwaitWebhookRefresh />
              </p>
            )}
            {backFromCheckout === "canceled" && (
              <Alert tone="warning">Checkout was canceled; nothing was charged.</Alert>
            )}
            <Card className="grid gap-3" data-testid="billing-status">
              <div className="flex flex-wrap items-center gap-2">
                <h2 className="text-lg font-semibold text-gray-900">
                  {planLabel(billing.currentLookupKey) ?? (subscription ? "Plan" : "No plan yet")}
                </h2>
                <BillingStandingBadge kind={standing.kind} />
                {subscription?.cancelAtPeriodEnd && subscription.currentPeriodEnd && (
                  <span className="text-sm font-medium text-warning-800">
                    Cancels at period end ({day(subscription.currentPeriodEnd)})
                  </span>
                )}
              </div>
              <StandingDetail billing={billing} />
              <div className="flex flex-wrap gap-3">
                {billing.hasCustomer && <ManageBillingButton storeId={store.id} />}
              </div>
            </Card>
            {canChoose && (
              <Card className="grid gap-3">
                <h2 className="text-base font-semibold text-gray-900">Choose a plan</h2>
                <p className="text-sm text-gray-600">
                  Paid by card through Stripe Checkout. Choosing a plan during the {TRIAL_DAYS}-day trial starts it at
                  once; you can change or cancel it any time under Manage billing.
                </p>
                {choices.length > 0 ? (
                  <ChoosePlanButtons storeId={store.id} choices={choices} />
                ) : (
                  <Alert tone="warning">
                    The plans are not set up on the platform&apos;s Stripe account yet (npm run billing:sync-plans).
                  </Alert>
                )}
              </Card>
            )}
            <section aria-labelledby="invoices-heading" className="grid gap-3">
              <h2 id="invoices-heading" className="text-base font-semibold text-gray-900">
                Invoices
              </h2>
              {invoices.length === 0 ? (
                <EmptyState>No invoices yet.</EmptyState>
              ) : (
                <Table>
                  <TableHead>
                    <TableRow>
                      <TableHeaderCell>Date</TableHeaderCell>
                      <TableHeaderCell>Number</TableHeaderCell>
                      <TableHeaderCell className="text-right">Amount</TableHeaderCell>
                      <TableHeaderCell>Status</TableHeaderCell>
                      <TableHeaderCell>
                        <span className="sr-only">Invoice</span>
                      </TableHeaderCell>
                    </TableRow>
                  </TableHead>
                  <TableBody>
                    {invoices.map((invoice) => (
                      <TableRow key={invoice.stripeInvoiceId} data-testid="billing-invoice">
                        <TableCell>{day(invoice.createdAt)}</TableCell>
                        <TableCell>{invoice.number ?? "—"}</TableCell>
                        <TableCell className="text-right tabular-nums">
                          {formatMoney(invoice.amountDue, invoice.currency)}
                        </TableCell>
                        <TableCell>{invoice.status}</TableCell>
                        <TableCell>
                          {invoice.hostedInvoiceUrl && (
                            <a href={invoice.hostedInvoiceUrl} target="_blank" rel="noreferrer">
                              View invoice
                            </a>
                          )}
                        </TableCell>
                      </TableRow>
                    ))}
                  </TableBody>
                </Table>
              )}
            </section>
          </div>
        )}
      </PageMain>
    </>
  );
}

function StandingDetail({ billing }: { billing: Awaited<ReturnType<typeof loadStoreBilling>> }) {
  const { standing } = billing;
  switch (standing.kind) {
    case "off":
      return null;
    case "trial":
      return (
        <p className="text-sm text-gray-700">
          Free trial until {day(standing.trialEndsAt)}. Choose a plan before then to keep selling.
        </p>
      );
    case "trial_ended":
      return <Alert tone="danger">{HOLD_REASON_TEXT.trial_ended}</Alert>;
    case "active": {
      const end = standing.subscription.currentPeriodEnd;
      return end && !standing.subscription.cancelAtPeriodEnd ? (
        <p className="text-sm text-gray-700">Next invoice on {day(end)}.</p>
      ) : null;
    }
    case "past_due":
      return (
        <Alert tone="warning">
          The last payment failed. Update your card under Manage billing: the storefront is suspended on{" "}
          {day(standing.suspendsAt)} if the invoice is still unpaid.
        </Alert>
      );
    case "past_due_suspended":
      return <Alert tone="danger">{HOLD_REASON_TEXT.past_due}</Alert>;
    case "canceled":
      return <Alert tone="danger">{HOLD_REASON_TEXT.canceled}</Alert>;
  }
}

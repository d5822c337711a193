// "Stripe shows a successful payment but no order": asks the store's own Stripe account for
// recent successful payments without a paid order here, with the likely cause of each.
import { Alert } from "@/app/components/ui/alert";
import { Badge } from "@/app/components/ui/badge";
import { SectionHeader } from "@/app/components/ui/page-header";
import { Table, TableBody, TableCell, TableHead, TableHeaderCell, TableRow } from "@/app/components/ui/table";
import type { PaymentMode, Store } from "@/db/schema";
import { formatMoney } from "@/lib/money";
import { getStripeSettingsView } from "@/lib/stripe/settings";
import { findPaymentsWithoutOrders, type MissingOrdersReport } from "@/lib/webhooks/missing-orders";
import { ReconcilePaymentButton } from "./reconcile-payment-button";

const CAUSE_LABEL = {
  no_delivery: "Never delivered",
  refused: "Refused",
  failed: "Failed here",
  not_matched: "Not from this store",
} as const;

export async function PaymentsWithoutOrders({ store }: { store: Store }) {
  const settings = await getStripeSettingsView(store.id);
  const modes = (["test", "live"] as const).filter((mode) => settings[mode].secretKeyHint);
  const reports = await Promise.all(modes.map((mode) => findPaymentsWithoutOrders(store, mode)));
  return (
    <section data-testid="payments-without-orders" className="grid gap-3">
      <SectionHeader
        title="Stripe shows a payment, but no order?"
        description="Your Stripe account's successful payments of the last 30 days, matched to this store's orders. Any without a paid order are listed with the likely cause."
      />
      {modes.length === 0 && <Alert tone="info">Save your Stripe keys to check.</Alert>}
      {reports.map((report) => (
        <ModeReport key={report.mode} report={report} />
      ))}
    </section>
  );
}

function ModeReport({ report }: { report: MissingOrdersReport }) {
  const mode: PaymentMode = report.mode;
  const name = mode === "test" ? "Test" : "Live";
  if (!report.ok) {
    return (
      <Alert tone="warning" title={`${name} mode: could not check`}>
        {report.reason}
      </Alert>
    );
  }
  if (report.payments.length === 0) {
    return (
      <Alert tone="success" title={`${name} mode`}>
        Every successful payment of the last 30 days ({report.checked} checked) has its paid order.
      </Alert>
    );
  }
  return (
    <Table>
      <TableHead>
        <TableRow>
          <TableHeaderCell>{name} payment</TableHeaderCell>
          <TableHeaderCell>Amount</TableHeaderCell>
          <TableHeaderCell>Likely cause</TableHeaderCell>
          <TableHeaderCell>Repair</TableHeaderCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {report.payments.map((payment) => (
          <TableRow key={payment.paymentIntentId} data-testid="payment-without-order">
            <TableCell>
              <code>{payment.paymentIntentId}</code>
              <div className="text-xs text-gray-500">
                {payment.created.toISOString().slice(0, 16).replace("T", " ")} UTC
              </div>
              {payment.order && (
                <a href={`/admin/orders/${payment.order.id}`} className="text-xs">
                  Order {payment.order.id.slice(0, 8)} ({payment.order.status})
                </a>
              )}
            </TableCell>
            <TableCell className="tabular-nums">{formatMoney(payment.amount, payment.currency)}</TableCell>
            <TableCell className="max-w-md">
              <Badge tone={payment.cause.code === "not_matched" ? "neutral" : "danger"}>
                {CAUSE_LABEL[payment.cause.code]}
              </Badge>
              <p className="mt-1 text-sm text-gray-700">{payment.cause.explanation}</p>
            </TableCell>
            <TableCell>
              {payment.order ? <ReconcilePaymentButton mode={mode} paymentIntentId={payment.paymentIntentId} /> : "—"}
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

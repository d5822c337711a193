import type { PageHandler } from "../http/page-handler";
import { sendHtml } from "../http/respond";
import { dateTime, html, money, page } from "./html";

const RECEIPT = /^\/receipts\/(ch_[^/]+)$/;
const INVOICE = /^\/invoices\/(in_[^/]+)$/;

/** `charge.receipt_url` and `invoice.hosted_invoice_url` point at these pages. */
export const receiptPages: PageHandler = ({ context, url, response }) => {
  const receipt = RECEIPT.exec(url.pathname);
  const invoiceMatch = INVOICE.exec(url.pathname);
  if (!receipt && !invoiceMatch) return false;
  const id = decodeURIComponent((receipt ?? invoiceMatch)?.[1] ?? "");
  const ledger = context.store.ledgers().find((candidate) => candidate.charges[id] || candidate.invoices[id]);
  const charge = ledger?.charges[id];
  const invoice = ledger?.invoices[id];
  const account = ledger ? context.store.account(ledger.account) : undefined;
  if (charge) {
    const card = charge.payment_method_details?.card;
    sendHtml(
      response,
      200,
      page(
        "Receipt",
        html`<div class="card">
          <p class="muted">Receipt from ${account?.name ?? ""}</p>
          <h1>${money(charge.amount, charge.currency)}</h1>
          <p>Paid ${dateTime(charge.created)} with ${card?.brand ?? "card"} •••• ${card?.last4 ?? ""}</p>
          ${charge.amount_refunded ? html`<p>Refunded: ${money(charge.amount_refunded, charge.currency)}</p>` : ""}
          <p class="muted"><code>${charge.id}</code></p>
        </div>`,
        { narrow: true },
      ),
    );
    return true;
  }
  if (invoice) {
    sendHtml(
      response,
      200,
      page(
        `Invoice ${invoice.number ?? ""}`,
        html`<div class="card">
          <p class="muted">Invoice from ${account?.name ?? ""}</p>
          <h1>${money(invoice.total, invoice.currency)} · <span class="pill">${invoice.status}</span></h1>
          <table>
            ${invoice.lines.data.map(
              (line) =>
                html`<tr>
                  <td>${line.description}</td>
                  <td>${money(line.amount, line.currency)}</td>
                </tr>`,
            )}
          </table>
          <p class="muted">${invoice.number} · <code>${invoice.id}</code></p>
        </div>`,
        { narrow: true },
      ),
    );
    return true;
  }
  sendHtml(response, 404, page("Not found", html`<div class="card"><h1>Not found</h1></div>`, { narrow: true }));
  return true;
};

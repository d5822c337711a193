import { Heading, Hr, Link, Section, Text } from "@react-email/components";
import type { CSSProperties } from "react";
import { formatMoney } from "@/lib/money";
import type { ReceiptInput } from "../receipt";
import { colors, EmailLayout, safeUrl } from "./email-layout";

const cell: CSSProperties = { padding: "4px 16px 4px 0", verticalAlign: "top" };
const muted: CSSProperties = { color: colors.muted };

/** The buyer's receipt: what was bought, what was paid, each download link with its terms. */
export function ReceiptEmail({ store, order, items, downloads, orderUrl }: ReceiptInput) {
  const money = (amount: number) => formatMoney(amount, order.currency);
  const logoUrl = safeUrl(store.logoUrl);
  const orderHref = safeUrl(orderUrl);
  const supportEmail = store.supportEmail?.trim() || null;
  return (
    <EmailLayout
      title={`Receipt from ${store.name}`}
      preview={`Your order from ${store.name}: ${money(order.totalAmount)}`}
      logo={logoUrl ? { url: logoUrl, alt: store.name } : null}
    >
      <Heading as="h1" style={{ fontSize: "20px" }}>
        Thank you for your order from {store.name}
      </Heading>
      {order.mode === "test" && (
        <Text>
          <strong>This was a test payment: no money was charged.</strong>
        </Text>
      )}
      <Text style={muted}>Order {shortOrderId(order.id)}</Text>
      <table data-text-columns style={{ borderCollapse: "collapse" }}>
        <tbody>
          {items.map((item, index) => (
            <tr key={index}>
              <td style={cell}>
                {item.quantity} × {item.productName}
              </td>
              <td style={cell}>{money(item.totalAmount)}</td>
            </tr>
          ))}
          <tr>
            <td style={cell}>
              <strong>Total</strong>
            </td>
            <td style={cell}>
              <strong>{money(order.totalAmount)}</strong>
            </td>
          </tr>
        </tbody>
      </table>
      {downloads.length > 0 && (
        <Section>
          <Heading as="h2" style={{ fontSize: "16px" }}>
            Your downloads
          </Heading>
          <ul>
            {downloads.map((download, index) => {
              const href = safeUrl(download.url);
              return (
                <li key={index}>
                  {href ? <Link href={href}>{download.fileName}</Link> : download.fileName}
                  <br />
                  <span style={muted}>
                    {download.productName}: {downloadTerms(download)}
                  </span>
                </li>
              );
            })}
          </ul>
        </Section>
      )}
      {orderHref && (
        <Text>
          <Link href={orderHref}>View your order</Link>
        </Text>
      )}
      {supportEmail && (
        <>
          <Hr style={{ borderColor: colors.rule }} />
          <Text style={muted}>
            Questions about your order? Write to <Link href={`mailto:${supportEmail}`}>{supportEmail}</Link>.
          </Text>
        </>
      )}
    </EmailLayout>
  );
}

function downloadTerms(download: ReceiptInput["downloads"][number]): string {
  const { downloadLimit, expiresAt } = download;
  const limit =
    downloadLimit === null ? "unlimited downloads" : `${downloadLimit} download${downloadLimit === 1 ? "" : "s"}`;
  const expiry = expiresAt ? `until ${expiresAt.toISOString().slice(0, 16).replace("T", " ")} UTC` : "no expiry";
  return `${limit}, ${expiry}`;
}

export const shortOrderId = (id: string) => id.slice(0, 8);

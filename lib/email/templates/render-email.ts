import { render, toPlainText } from "@react-email/components";
import type { ReactElement } from "react";

export type RenderedEmail = { html: string; text: string };

/**
 * How the plain-text part reads: headings as written (not upper-cased), rules left out, and
 * a table marked `data-text-columns` (amounts beside their lines) kept in columns; every
 * other table is React Email's layout and becomes plain blocks.
 */
const plainTextSelectors = [
  ...["h1", "h2", "h3"].map((selector) => ({ selector, options: { uppercase: false } })),
  { selector: "hr", format: "skip" },
  { selector: "table[data-text-columns]", format: "dataTable", options: { uppercaseHeaderCells: false } },
];

/** The HTML part and its plain-text twin, the text read off the very HTML that is sent. */
export async function renderEmail(email: ReactElement): Promise<RenderedEmail> {
  const html = await render(email);
  return { html, text: toPlainText(html, { selectors: plainTextSelectors }) };
}

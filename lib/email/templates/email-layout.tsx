import { Body, Container, Head, Html, Img, Preview } from "@react-email/components";
import type { CSSProperties, ReactNode } from "react";

export const colors = { text: "#1a1a1a", muted: "#5f6368", rule: "#e0e0e0" };

const body: CSSProperties = {
  backgroundColor: "#ffffff",
  color: colors.text,
  fontFamily: "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif",
};

/**
 * The frame every store mail shares: the title, the inbox preview line and, when the store
 * has one, its logo above the content.
 */
export function EmailLayout({
  title,
  preview,
  logo,
  children,
}: {
  title: string;
  preview: string;
  logo?: { url: string; alt: string } | null;
  children: ReactNode;
}) {
  return (
    <Html lang="en">
      <Head>
        <title>{title}</title>
      </Head>
      <Preview>{preview}</Preview>
      <Body style={body}>
        <Container style={{ maxWidth: "560px", padding: "24px 16px" }}>
          {logo && <Img src={logo.url} alt={logo.alt} height="48" style={{ height: "48px", width: "auto" }} />}
          {children}
        </Container>
      </Body>
    </Html>
  );
}

/** Only http(s) URLs become links or images; anything else (`javascript:`, `data:`…) is dropped. */
export function safeUrl(url: string | null | undefined): string | null {
  if (!url) return null;
  try {
    const parsed = new URL(url);
    return parsed.protocol === "https:" || parsed.protocol === "http:" ? parsed.toString() : null;
  } catch {
    return null;
  }
}

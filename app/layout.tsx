import type { Metadata, Viewport } from "next";
import { connection } from "next/server";
import type { ReactNode } from "react";
import { Toaster } from "@/app/components/ui/toast";
import "./globals.css";

export const metadata: Metadata = { title: { default: "Storehost", template: "%s · Storehost" } };
export const viewport: Viewport = { width: "device-width", initialScale: 1 };

export default async function RootLayout({ children }: { children: ReactNode }) {
  // Every page renders per request: its scripts carry the nonce from this response's CSP,
  // and a page prerendered at build time would have none, so the browser would block them.
  await connection();
  return (
    <html lang="en">
      <body className="min-h-dvh font-sans">
        <Toaster>{children}</Toaster>
      </body>
    </html>
  );
}

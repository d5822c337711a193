import type { Metadata, Viewport } from "next";
import type { ReactNode } from "react";
import { Toaster } from "@/app/components/ui/toast";
import "./globals.css";

export const metadata: Metadata = { title: { default: "Storehost", template: "%s · Storehost" } };
export const viewport: Viewport = { width: "device-width", initialScale: 1 };

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body className="min-h-dvh font-sans">
        <Toaster>{children}</Toaster>
      </body>
    </html>
  );
}

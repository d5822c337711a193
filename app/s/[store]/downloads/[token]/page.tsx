// GET /downloads/:token on a store host – a buyer's download link: the file, or why it no longer works.
// Emailed links land here rather than on the file, so mail scanners that open links use up nothing.
import { formatBytes } from "@/lib/format-bytes";
import type { Metadata } from "next";
import { Download, FileText } from "lucide-react";
import type { ReactNode } from "react";
import { Alert } from "@/app/components/ui/alert";
import { buttonClasses } from "@/app/components/ui/button";
import { Card } from "@/app/components/ui/card";
import { PageHeader } from "@/app/components/ui/page-header";
import { PageMain } from "@/app/components/ui/page-main";
import { downloadPath } from "@/lib/downloads/grants";
import { findDownload, type DownloadLookup } from "@/lib/downloads/serve";
import { requireStoreForRequest } from "@/lib/tenancy/request-store";
import { StoreHeader } from "../../store-header";

export const dynamic = "force-dynamic";

// The token is in the URL: keep the page out of indexes and out of other sites' Referer.
export const metadata: Metadata = {
  title: "Your download",
  robots: { index: false, follow: false },
  referrer: "no-referrer",
};

type Props = { params: Promise<{ store: string; token: string }> };

export default async function DownloadPage({ params }: Props) {
  const { store: segment, token } = await params;
  const store = await requireStoreForRequest(segment);
  const download = await findDownload(store.id, token);
  return (
    <>
      <StoreHeader store={store} />
      <PageMain width="medium">
        {download.status === "ok" ? (
          <Available download={download} href={`${downloadPath(token)}/file`} />
        ) : (
          <Refused download={download} storeName={store.name} />
        )}
      </PageMain>
    </>
  );
}

function Available({ download, href }: { download: Extract<DownloadLookup, { status: "ok" }>; href: string }) {
  const { grant, file, remaining } = download;
  return (
    <>
      <PageHeader title={grant.productName} />
      <Card className="grid gap-4">
        <p className="flex items-start gap-3">
          <FileText className="mt-0.5 size-5 shrink-0 text-brand-600" aria-hidden />
          <span className="min-w-0">
            <strong className="font-semibold break-all text-gray-900">{file.fileName}</strong>{" "}
            <span className="text-gray-500">({formatBytes(file.sizeBytes)})</span>
          </span>
        </p>
        <p className="text-sm text-gray-600">
          {remaining === null
            ? "Unlimited downloads."
            : `${remaining} of ${grant.downloadLimit ?? remaining} ${plural(grant.downloadLimit ?? remaining, "download")} left.`}{" "}
          {grant.expiresAt ? `This link works until ${formatDate(grant.expiresAt)}.` : "This link does not expire."}
        </p>
        {/* A plain link, never next/link: a prefetch of the file would use up a download. */}
        <p>
          <a className={buttonClasses("primary")} href={href} rel="nofollow">
            <Download aria-hidden />
            Download
          </a>
        </p>
      </Card>
    </>
  );
}

function Refused({ download, storeName }: { download: Exclude<DownloadLookup, { status: "ok" }>; storeName: string }) {
  const contact = (
    <p className="mt-4 text-sm text-gray-600">
      If you think this is a mistake, contact {storeName} and include the email address you bought with.
    </p>
  );
  let title: string;
  let explanation: ReactNode;
  switch (download.status) {
    case "not_found":
      title = "Download link not found";
      explanation =
        "This link doesn't match any purchase in this store. Check that you copied the whole link from your receipt.";
      break;
    case "revoked":
      title = "Download revoked";
      explanation =
        download.reason === "refund"
          ? "This download was revoked because the order was refunded."
          : `This download was revoked by ${storeName} on ${formatDate(download.revokedAt)}.`;
      break;
    case "expired":
      title = "Download link expired";
      explanation = `This link expired on ${formatDate(download.expiredAt)}.`;
      break;
    case "exhausted":
      title = "No downloads left";
      explanation = `You have used all ${download.downloadLimit} ${plural(download.downloadLimit, "download")} of this file.`;
      break;
  }
  return (
    <>
      <PageHeader
        title={title}
        description={
          download.status !== "not_found" ? `${download.grant.productName} · ${download.file.fileName}` : undefined
        }
      />
      <Alert tone="warning" role="status">
        {explanation}
      </Alert>
      {contact}
    </>
  );
}

function plural(count: number, word: string): string {
  return count === 1 ? word : `${word}s`;
}

// The server does not know the buyer's time zone, so say which one the time is in.
const dateFormat = new Intl.DateTimeFormat("en-US", { dateStyle: "long", timeStyle: "short", timeZone: "UTC" });
function formatDate(date: Date): string {
  return `${dateFormat.format(date)} UTC`;
}

// GET /admin/emails/<id> on a store host – one mail of the Email log with its content.
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { z } from "zod";
import { requireStoreAdmin } from "@/lib/auth/store-access";
import { getEmail } from "@/lib/email/outbox";
import { AdminShell } from "../../admin-shell";
import { StatusBadge } from "../../badges";

export const metadata: Metadata = { title: "Email" };

export default async function EmailPage({ params }: { params: Promise<{ store: string; id: string }> }) {
  const { store, id } = await params;
  const access = await requireStoreAdmin(store, `/admin/emails/${encodeURIComponent(id)}`);
  const mail = z.uuid().safeParse(id).success ? await getEmail(access.store.id, id) : null;
  if (!mail) notFound();
  return (
    <AdminShell access={access}>
      <p><Link href="/admin/emails">← Email log</Link></p>
      <h1>{mail.subject}</h1>
      <table>
        <tbody>
          <tr><th>To</th><td>{mail.toAddress}</td></tr>
          <tr><th>Kind</th><td>{mail.kind}</td></tr>
          <tr><th>Created</th><td>{mail.createdAt.toLocaleString("en-US")}</td></tr>
          <tr><th>Status</th><td><StatusBadge status={mail.status} /> {mail.attempts} attempt{mail.attempts === 1 ? "" : "s"}</td></tr>
          {mail.sentAt && <tr><th>Sent</th><td>{mail.sentAt.toLocaleString("en-US")}{mail.providerMessageId && <> · Resend id <code>{mail.providerMessageId}</code></>}</td></tr>}
          {mail.lastError && <tr><th>Last error</th><td>{mail.lastError}</td></tr>}
        </tbody>
      </table>
      <h2>As the recipient sees it</h2>
      {/* An empty sandbox: the mail's HTML gets no scripts, forms, or access to this page. */}
      <iframe title="Email content" sandbox="" srcDoc={mail.html} style={{ width: "100%", height: 480, border: "1px solid var(--line)", borderRadius: 8, background: "#fff" }} />
      <details>
        <summary>Text version</summary>
        <pre className="payload">{mail.text}</pre>
      </details>
    </AdminShell>
  );
}

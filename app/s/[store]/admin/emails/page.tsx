// GET /admin/emails on a store host – the Email log: every mail of the store, sent, waiting or held.
import type { Metadata } from "next";
import Link from "next/link";
import { requireStoreAdmin } from "@/lib/auth/store-access";
import { listEmails } from "@/lib/email/outbox";
import { AdminShell } from "../admin-shell";
import { StatusBadge } from "../badges";
import { SendNowButton } from "./send-now-button";

export const metadata: Metadata = { title: "Email log" };

const when = (date: Date) => date.toLocaleString("en-US");

export default async function EmailLogPage({ params }: { params: Promise<{ store: string }> }) {
  const access = await requireStoreAdmin((await params).store, "/admin/emails");
  const emails = await listEmails(access.store.id, { limit: 200 });
  const held = emails.some((mail) => mail.status === "held");
  return (
    <AdminShell access={access}>
      <h1>Email log</h1>
      <p className="muted">Receipts and other mail of this store, newest first. Mail that fails is retried until it is sent.</p>
      {held && (
        <p className="alert warn">
          Some mail is held because email is not set up. Add a Resend API key and a From address in{" "}
          <Link href="/admin/settings">Dashboard Settings</Link>; held mail goes out as soon as they are saved.
        </p>
      )}
      {emails.length === 0 ? (
        <p className="muted">No mail yet. Receipts appear here when orders are paid.</p>
      ) : (
        <table>
          <thead>
            <tr><th>Created</th><th>To</th><th>Subject</th><th>Status</th><th>Last error</th><th /></tr>
          </thead>
          <tbody>
            {emails.map((mail) => (
              <tr key={mail.id} data-status={mail.status}>
                <td>{when(mail.createdAt)}</td>
                <td>{mail.toAddress}</td>
                <td>
                  <Link href={`/admin/emails/${mail.id}`}>{mail.subject}</Link>
                  <div className="hint">{mail.kind}</div>
                </td>
                <td>
                  <StatusBadge status={mail.status} />
                  <div className="hint">{mail.attempts} attempt{mail.attempts === 1 ? "" : "s"}</div>
                  {mail.status === "pending" && mail.attempts > 0 && <div className="hint">next try {when(mail.nextAttemptAt)}</div>}
                  {mail.sentAt && <div className="hint">sent {when(mail.sentAt)}</div>}
                </td>
                <td>{mail.lastError ?? "—"}</td>
                <td>{mail.status !== "sent" && <SendNowButton emailId={mail.id} />}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </AdminShell>
  );
}

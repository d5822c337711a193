// GET /admin/emails on a store host – the Email log: every mail the store sent or holds.
import type { Metadata } from "next";
import { requireStoreAdmin } from "@/lib/auth/store-access";
import { listEmails } from "@/lib/email/outbox";
import { AdminShell } from "../admin-shell";
import { StatusBadge } from "../badges";
import { SendNowButton } from "./send-now-button";

export const metadata: Metadata = { title: "Email log" };

export default async function EmailLogPage({ params }: { params: Promise<{ store: string }> }) {
  const access = await requireStoreAdmin((await params).store, "/admin/emails");
  const emails = await listEmails(access.store.id);
  return (
    <AdminShell access={access}>
      <h1>Email log</h1>
      {emails.length === 0 ? (
        <p className="muted">No mail yet. Receipts appear here when orders are paid.</p>
      ) : (
        <table>
          <thead><tr><th>Created</th><th>To</th><th>Subject</th><th>Status</th><th /></tr></thead>
          <tbody>
            {emails.map((mail) => (
              <tr key={mail.id} data-kind={mail.kind}>
                <td>{mail.createdAt.toLocaleString("en-US")}</td>
                <td>{mail.toAddress}</td>
                <td>
                  {mail.subject}
                  <details><summary>Content</summary><pre className="payload">{mail.text}</pre></details>
                </td>
                <td>
                  <StatusBadge status={mail.status} />
                  {mail.attempts > 0 && <div className="hint">{mail.attempts} attempt(s)</div>}
                  {mail.sentAt && <div className="hint">sent {mail.sentAt.toLocaleString("en-US")}</div>}
                  {mail.lastError && <div className="hint">{mail.lastError}</div>}
                </td>
                <td>{mail.status !== "sent" && <SendNowButton emailId={mail.id} />}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </AdminShell>
  );
}

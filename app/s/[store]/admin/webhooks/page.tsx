// GET /admin/webhooks on a store host – every delivery to /shop/webhook/ and the stored events.
import type { Metadata } from "next";
import { requireStoreAdmin } from "@/lib/auth/store-access";
import { webhookUrl } from "@/lib/stripe/connection";
import { listDeliveries, listStoredEvents } from "@/lib/webhooks/deliveries";
import { AdminShell } from "../admin-shell";
import { StatusBadge } from "../badges";
import { ReplayButton } from "./replay-button";

export const metadata: Metadata = { title: "Webhooks" };

export default async function WebhooksPage({ params }: { params: Promise<{ store: string }> }) {
  const access = await requireStoreAdmin((await params).store, "/admin/webhooks");
  const [deliveries, events] = await Promise.all([listDeliveries(access.store.id), listStoredEvents(access.store.id)]);
  return (
    <AdminShell access={access}>
      <h1>Webhooks</h1>
      <p className="muted">Stripe must send events to <code>{webhookUrl(access.store)}</code>.</p>
      <h2>Deliveries</h2>
      {deliveries.length === 0 ? (
        <p className="muted">No delivery has reached this store yet.</p>
      ) : (
        <table>
          <thead><tr><th>Received</th><th>Event</th><th>Result</th><th>HTTP</th><th>Diagnosis</th></tr></thead>
          <tbody>
            {deliveries.map((d) => (
              <tr key={d.id} data-outcome={d.outcome}>
                <td>{d.receivedAt.toLocaleString("en-US")}<br /><span className="hint">{d.durationMs} ms</span></td>
                <td>{d.eventType ?? "?"}<br /><code>{d.stripeEventId ?? "no id"}</code>{d.livemode !== null && <span className="hint"> {d.livemode ? "live" : "test"}</span>}</td>
                <td><StatusBadge status={d.outcome} /></td>
                <td>{d.httpStatus}</td>
                <td>
                  {d.diagnosis ?? "—"}
                  {d.bodyExcerpt && (
                    <details><summary>Payload</summary><pre className="payload">{d.bodyExcerpt}</pre></details>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h2>Stored events</h2>
      {events.length === 0 ? (
        <p className="muted">No verified events yet.</p>
      ) : (
        <table>
          <thead><tr><th>Received</th><th>Event</th><th>Mode</th><th>Result</th><th /></tr></thead>
          <tbody>
            {events.map((e) => (
              <tr key={e.id}>
                <td>{e.receivedAt.toLocaleString("en-US")}</td>
                <td>{e.type}<br /><code>{e.stripeEventId}</code>
                  <details><summary>Payload</summary><pre className="payload">{JSON.stringify(e.payload, null, 2)}</pre></details>
                </td>
                <td>{e.mode}</td>
                <td><StatusBadge status={e.status} />{e.error && <div className="hint">{e.error}</div>}</td>
                <td><ReplayButton eventId={e.id} /></td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </AdminShell>
  );
}

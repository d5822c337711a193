// The store context a support request carries, as the owner sees it before sending and as
// staff read it on the ticket. A plain component (no server-only imports), so both can use it.
import type { ReactNode } from "react";
import { Badge, type BadgeTone } from "@/app/components/ui/badge";
import { Table, TableBody, TableCell, TableHead, TableHeaderCell, TableRow } from "@/app/components/ui/table";
import type { ContextSnapshot } from "@/lib/support/context-snapshot";

type CheckStatus = "pass" | "fail" | "unknown" | "neutral";

const CHECK: Record<CheckStatus, { label: string; tone: BadgeTone }> = {
  pass: { label: "OK", tone: "success" },
  fail: { label: "Needs fixing", tone: "danger" },
  unknown: { label: "Could not check", tone: "warning" },
  neutral: { label: "Not yet", tone: "neutral" },
};

const OUTCOME_TONE: Record<string, BadgeTone> = {
  processed: "success",
  duplicate: "neutral",
  ignored: "neutral",
  refused: "danger",
  failed: "danger",
};

/** A snapshot time, the same on the server and in every browser. */
const utc = (iso: string) => `${iso.slice(0, 16).replace("T", " ")} UTC`;

function Heading({ children }: { children: ReactNode }) {
  return <h3 className="mb-2 text-sm font-semibold text-gray-900">{children}</h3>;
}

function None({ children }: { children: ReactNode }) {
  return <p className="text-sm text-gray-600">{children}</p>;
}

export function ContextSnapshotView({ snapshot }: { snapshot: ContextSnapshot }) {
  const { store, plan, checklist, deliveries, refusals, failedEmails } = snapshot;
  return (
    <div className="grid gap-6 text-sm" data-testid="context-snapshot">
      <section>
        <Heading>Store</Heading>
        <dl className="grid grid-cols-[max-content_1fr] gap-x-4 gap-y-1">
          <dt className="text-gray-600">Store</dt>
          <dd>
            {store.name} <span className="text-gray-500">({store.subdomain})</span>
            <div className="text-xs break-all text-gray-500">{store.url}</div>
          </dd>
          <dt className="text-gray-600">Standing</dt>
          <dd>
            <Badge tone={store.standing === "active" ? "success" : "warning"}>{store.standing}</Badge>
          </dd>
          <dt className="text-gray-600">Active mode</dt>
          <dd>
            <Badge tone={snapshot.activeMode === "live" ? "success" : "warning"}>
              {snapshot.activeMode === "live" ? "Live" : "Test"}
            </Badge>
          </dd>
          <dt className="text-gray-600">Plan</dt>
          <dd>
            {plan.status} <span className="text-gray-500">· {plan.detail}</span>
          </dd>
          <dt className="text-gray-600">Taken</dt>
          <dd>{utc(snapshot.takenAt)}</dd>
        </dl>
      </section>

      <section>
        <Heading>Launch checklist</Heading>
        {"unavailable" in checklist ? (
          <None>{checklist.unavailable}</None>
        ) : (
          <ol className="grid gap-3">
            {checklist.sections.map((section) => (
              <li key={section.key}>
                <p className="flex flex-wrap items-center gap-2 font-medium text-gray-900">
                  {section.title} <Badge tone={CHECK[section.status].tone}>{CHECK[section.status].label}</Badge>
                </p>
                <ul className="mt-1 grid gap-1 pl-4">
                  {section.checks.map((check) => (
                    <li key={check.label} className="flex flex-wrap items-center justify-between gap-2">
                      <span>{check.label}</span>
                      <Badge tone={CHECK[check.status].tone}>{CHECK[check.status].label}</Badge>
                    </li>
                  ))}
                </ul>
              </li>
            ))}
          </ol>
        )}
      </section>

      <section>
        <Heading>Last webhook deliveries</Heading>
        {deliveries.length === 0 ? (
          <None>Stripe has not delivered any webhook to this store yet.</None>
        ) : (
          <Table>
            <TableHead>
              <TableRow>
                <TableHeaderCell>Received</TableHeaderCell>
                <TableHeaderCell>Event</TableHeaderCell>
                <TableHeaderCell>Outcome</TableHeaderCell>
                <TableHeaderCell>HTTP</TableHeaderCell>
                <TableHeaderCell>Diagnosis</TableHeaderCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {deliveries.map((d, i) => (
                <TableRow key={`${d.receivedAt}-${i}`} className="align-top">
                  <TableCell className="whitespace-nowrap text-gray-600">{utc(d.receivedAt)}</TableCell>
                  <TableCell>
                    {d.eventType ?? "—"}
                    {d.stripeEventId && <div className="text-xs text-gray-500">{d.stripeEventId}</div>}
                  </TableCell>
                  <TableCell>
                    <Badge tone={OUTCOME_TONE[d.outcome] ?? "neutral"}>{d.outcome}</Badge>
                  </TableCell>
                  <TableCell className="tabular-nums">{d.httpStatus}</TableCell>
                  <TableCell className="max-w-sm text-gray-600">{d.diagnosis ?? "—"}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
      </section>

      <section>
        <Heading>Recent refusals</Heading>
        {refusals.length === 0 ? (
          <None>No webhook deliveries were refused in the last 7 days.</None>
        ) : (
          <ul className="grid gap-2">
            {refusals.map((r) => (
              <li key={r.code}>
                <span className="font-medium">{r.code}</span>{" "}
                <span className="text-gray-500">
                  ×{r.count}, last {utc(r.lastSeenAt)}
                </span>
                <div className="text-gray-600">{r.diagnosis}</div>
              </li>
            ))}
          </ul>
        )}
      </section>

      <section>
        <Heading>Failed or held emails</Heading>
        {failedEmails.length === 0 ? (
          <None>No email failed or was held in the last 30 days.</None>
        ) : (
          <Table>
            <TableHead>
              <TableRow>
                <TableHeaderCell>Created</TableHeaderCell>
                <TableHeaderCell>To</TableHeaderCell>
                <TableHeaderCell>Subject</TableHeaderCell>
                <TableHeaderCell>Status</TableHeaderCell>
                <TableHeaderCell>Last error</TableHeaderCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {failedEmails.map((m, i) => (
                <TableRow key={`${m.createdAt}-${i}`} className="align-top">
                  <TableCell className="whitespace-nowrap text-gray-600">{utc(m.createdAt)}</TableCell>
                  <TableCell>{m.to}</TableCell>
                  <TableCell>
                    {m.subject}
                    <div className="text-xs text-gray-500">{m.kind}</div>
                  </TableCell>
                  <TableCell>
                    <Badge tone={m.status === "failed" ? "danger" : "warning"}>{m.status}</Badge>
                  </TableCell>
                  <TableCell className="max-w-xs text-gray-600">{m.lastError ?? "—"}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
      </section>
    </div>
  );
}

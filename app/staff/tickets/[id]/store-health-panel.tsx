import { Badge, type BadgeTone } from "@/app/components/ui/badge";
import { Card } from "@/app/components/ui/card";
import type { CheckStatus } from "@/lib/launch/checklist";
import { storeHealthNow } from "@/lib/staff/store-health";
import type { ContextSnapshot } from "@/lib/support/context-snapshot";

// Worded as the owner's launch checklist words them, so staff and owner name the same state.
const CHECK: Record<CheckStatus, { tone: BadgeTone; label: string }> = {
  pass: { tone: "success", label: "OK" },
  fail: { tone: "danger", label: "Needs fixing" },
  unknown: { tone: "warning", label: "Could not check" },
  neutral: { tone: "neutral", label: "Not yet" },
};

const STANDING: Record<ContextSnapshot["store"]["standing"], { tone: BadgeTone; label: string }> = {
  active: { tone: "success", label: "Active" },
  paused: { tone: "warning", label: "Paused by owner" },
  suspended: { tone: "danger", label: "Suspended" },
};

/**
 * The store's health right now (it may have changed since the ticket was sent): webhook
 * failures and refusals in the last 24 hours, mode, standing, plan and the launch checklist.
 * It asks Stripe, so the page streams it behind a Suspense boundary.
 */
export async function StoreHealthPanel({ storeId }: { storeId: string }) {
  const health = await storeHealthNow(storeId);
  if (!health) return <Card className="text-sm text-gray-600">The store no longer exists.</Card>;
  const { snapshot } = health;
  const standing = STANDING[snapshot.store.standing];
  return (
    <Card data-testid="store-health-now">
      <dl className="grid grid-cols-[auto_1fr] items-center gap-x-4 gap-y-2 text-sm [&_dt]:text-gray-500">
        <dt>Webhook failures (24 h)</dt>
        <dd className={health.failedLast24h > 0 ? "font-semibold text-danger-700" : "text-gray-900"}>
          {health.failedLast24h}
        </dd>
        <dt>Webhook refusals (24 h)</dt>
        <dd className={health.refusedLast24h > 0 ? "font-semibold text-warning-800" : "text-gray-900"}>
          {health.refusedLast24h}
        </dd>
        <dt>Mode</dt>
        <dd>
          <Badge tone={snapshot.activeMode === "live" ? "info" : "neutral"}>
            {snapshot.activeMode === "live" ? "Live" : "Test"}
          </Badge>
        </dd>
        <dt>Standing</dt>
        <dd>
          <Badge tone={standing.tone}>{standing.label}</Badge>
        </dd>
        <dt>Plan</dt>
        <dd className="text-gray-900">
          {snapshot.plan.status}
          <div className="text-xs text-gray-500">{snapshot.plan.detail}</div>
        </dd>
      </dl>
      <h3 className="mt-4 mb-2 text-sm font-semibold text-gray-900">Launch checklist</h3>
      {"unavailable" in snapshot.checklist ? (
        <p className="text-sm text-gray-600">{snapshot.checklist.unavailable}</p>
      ) : (
        <ul className="grid gap-1.5 text-sm">
          {snapshot.checklist.sections.map((section) => (
            <li key={section.key} className="flex items-center justify-between gap-3">
              <span className="text-gray-800">{section.title}</span>
              <Badge tone={CHECK[section.status].tone}>{CHECK[section.status].label}</Badge>
            </li>
          ))}
        </ul>
      )}
      <p className="mt-3 text-xs text-gray-500">Checked {snapshot.takenAt.slice(11, 16)} UTC.</p>
    </Card>
  );
}

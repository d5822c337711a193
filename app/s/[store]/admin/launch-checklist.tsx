// The launch checklist on the admin overview: seed 000's sections A–G, each check judged by
// the platform (lib/launch/checklist.ts) with its evidence and a link to fix it.
import { ArrowRight, CircleCheck, CircleHelp, CircleMinus, CircleX } from "lucide-react";
import Link from "next/link";
import { Alert } from "@/app/components/ui/alert";
import { Badge, type BadgeTone } from "@/app/components/ui/badge";
import { Card } from "@/app/components/ui/card";
import { SectionHeader } from "@/app/components/ui/page-header";
import type { Store } from "@/db/schema";
import { buildLaunchChecklist, type Check, type CheckStatus, type LaunchChecklist } from "@/lib/launch/checklist";

const STATUS: Record<CheckStatus, { label: string; tone: BadgeTone; icon: React.ReactNode }> = {
  pass: { label: "OK", tone: "success", icon: <CircleCheck className="size-4 text-success-600" aria-hidden /> },
  fail: { label: "Needs fixing", tone: "danger", icon: <CircleX className="size-4 text-danger-600" aria-hidden /> },
  unknown: {
    label: "Could not check",
    tone: "warning",
    icon: <CircleHelp className="size-4 text-warning-600" aria-hidden />,
  },
  neutral: { label: "Not yet", tone: "neutral", icon: <CircleMinus className="size-4 text-gray-400" aria-hidden /> },
};

/** The first thing to do, in checklist order; once all is green, switching Live on, then a first live sale. */
function nextStep(checklist: LaunchChecklist): { text: string; href: string; label: string } | null {
  if (checklist.launched) return null;
  for (const section of checklist.sections) {
    const first = section.checks.find((c) => c.status === "fail" || c.status === "unknown");
    if (first)
      return {
        text: `${first.label}: ${first.evidence}`,
        href: first.fix?.href ?? "/admin",
        label: first.fix?.label ?? "Fix it",
      };
  }
  if (checklist.activeMode === "test") {
    return {
      text: "Test mode works end to end. Add your Live keys, set up the Live webhook and switch Stripe Live Mode on.",
      href: "/admin/settings",
      label: "Open Dashboard Settings",
    };
  }
  return {
    text: "Live mode is on. Make a small real purchase to prove the live chain.",
    href: "/",
    label: "Open the storefront",
  };
}

export async function LaunchChecklistPanel({ store }: { store: Store }) {
  const checklist = await buildLaunchChecklist(store);
  const step = nextStep(checklist);
  return (
    <section aria-labelledby="launch-checklist" data-testid="launch-checklist" className="grid gap-4">
      {step && (
        <Alert tone="info" title="Next step" data-testid="next-step">
          <p>{step.text}</p>
          <Link
            href={step.href}
            className="mt-1 inline-flex items-center gap-1 font-medium text-brand-700 hover:underline"
          >
            {step.label}
            <ArrowRight className="size-4" aria-hidden />
          </Link>
        </Alert>
      )}
      <SectionHeader
        title={<span id="launch-checklist">Launch checklist</span>}
        description={
          <>
            Every item is checked by the platform, with Stripe and with your store&apos;s own records: nothing is ticked
            by hand. Checked {checklist.checkedAt.toISOString().slice(11, 16)} UTC; reload to check again.
          </>
        }
      />
      <ol className="grid gap-3">
        {checklist.sections.map((section) => (
          <li key={section.key}>
            <Card padded={false} data-testid={`checklist-${section.key}`} data-status={section.status}>
              <h3 className="flex items-center justify-between gap-2 border-b border-gray-100 px-5 py-3 text-sm font-semibold text-gray-900">
                <span>
                  {section.key}. {section.title}
                </span>
                <Badge tone={STATUS[section.status].tone}>{STATUS[section.status].label}</Badge>
              </h3>
              <ul className="divide-y divide-gray-100">
                {section.checks.map((check) => (
                  <CheckRow key={check.id} check={check} />
                ))}
              </ul>
            </Card>
          </li>
        ))}
      </ol>
    </section>
  );
}

function CheckRow({ check }: { check: Check }) {
  const status = STATUS[check.status];
  return (
    <li className="flex gap-3 px-5 py-3 text-sm" data-check={check.id} data-status={check.status}>
      <span className="mt-0.5">{status.icon}</span>
      <div className="grid min-w-0 gap-1">
        <p className="font-medium text-gray-900">
          {check.label} <span className="sr-only">({status.label})</span>
        </p>
        <p className="break-words text-gray-600">{check.evidence}</p>
        {(check.fix || check.links) && (
          <p className="flex flex-wrap gap-x-4 gap-y-1">
            {check.status !== "pass" && check.fix && <CheckLinkView {...check.fix} />}
            {check.links?.map((link) => (
              <CheckLinkView key={link.href + link.label} {...link} />
            ))}
          </p>
        )}
      </div>
    </li>
  );
}

function CheckLinkView({ href, label }: { href: string; label: string }) {
  const external = /^https?:\/\//.test(href);
  return external ? (
    <a href={href} className="font-medium text-brand-700 hover:underline" rel="noreferrer" target="_blank">
      {label}
    </a>
  ) : (
    <Link href={href} className="font-medium text-brand-700 hover:underline">
      {label}
    </Link>
  );
}

/** While the checklist asks Stripe, the rest of the overview is already there. */
export function LaunchChecklistFallback() {
  return (
    <section className="grid gap-2" aria-busy="true">
      <SectionHeader title="Launch checklist" description="Checking your store with Stripe…" />
    </section>
  );
}

// Runs once when a Next.js server starts: the Node.js server's background jobs (the email
// outbox worker, reconciliation).
export async function register() {
  // The one read of process.env outside lib/env: Next inlines NEXT_RUNTIME per bundle, which
  // is what keeps the Node-only imports below out of the Edge build. lib/env cannot do that.
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { env } = await import("@/lib/env");
  // Tests drive the outbox themselves; `next build` serves nothing and must not open the database.
  if (env.NODE_ENV === "test" || env.NEXT_PHASE === "phase-production-build") return;
  const { startBackgroundJobs } = await import("@/lib/jobs");
  startBackgroundJobs();
}

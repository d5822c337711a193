// Runs once when the Next.js server starts: background work of the Node.js server.
export async function register() {
  // Edge and build workers have nothing to send.
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { startBackgroundJobs } = await import("./lib/jobs");
  startBackgroundJobs();
}

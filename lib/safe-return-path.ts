/** Same-host paths only, so a crafted `?next=` can't send a user to another site. */
export function safeReturnPath(next: string | undefined, fallback: string): string {
  return next && next.startsWith("/") && !next.startsWith("//") && !next.startsWith("/\\") ? next : fallback;
}

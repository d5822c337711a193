import { NextResponse, type NextRequest } from "next/server";
import { env } from "@/lib/env";
import { createNonce } from "@/lib/security/csp";
import { hstsApplies, securityHeaders } from "@/lib/security/headers";
import { isServerActionCall, screenServerActionRequest } from "@/lib/security/server-action-request";
import { routeRequest } from "@/lib/tenancy/route-request";

const HSTS = hstsApplies(env);

// Routes by Host. It never authorizes: every page and handler checks access itself.
// It also sets the security headers, because the CSP's nonce must exist before Next
// renders, and turns away server-action bodies that Next would answer with a 500.
export async function middleware(request: NextRequest) {
  const headers = securityHeaders({
    nonce: createNonce(),
    pathname: request.nextUrl.pathname,
    development: env.NODE_ENV === "development",
    stripeSandboxUrl: env.STRIPE_SANDBOX_URL,
    https: env.APP_PROTOCOL === "https",
    hsts: HSTS,
  });
  const response = (await refuseBadServerAction(request)) ?? route(request, headers["Content-Security-Policy"]);
  for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
  return response;
}

async function refuseBadServerAction(request: NextRequest): Promise<NextResponse | null> {
  if (!isServerActionCall(request)) return null;
  const screen = await screenServerActionRequest(request);
  if (screen.ok) return null;
  return new NextResponse(screen.message, {
    status: screen.status,
    headers: { "Content-Type": "text/plain; charset=utf-8" },
  });
}

function route(request: NextRequest, csp: string): NextResponse {
  const { pathname, search } = request.nextUrl;
  // Next reads the nonce from the request's policy and puts it on every script it renders.
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("Content-Security-Policy", csp);
  const forward = { request: { headers: requestHeaders } };
  const decision = routeRequest(request.headers.get("host"), pathname, env.ROOT_DOMAIN);
  switch (decision.action) {
    case "continue":
      return NextResponse.next(forward);
    case "rewrite":
      return NextResponse.rewrite(new URL(`${decision.pathname}${search}`, request.url), forward);
    case "redirect":
      // Same host, new path. Next parses a middleware Location without a base (a relative one
      // made this a 500), then writes a same-host target back as a relative Location itself.
      return NextResponse.redirect(new URL(`${decision.pathname}${search}`, request.url), 308);
    case "not_found":
      // No route lives here, so Next renders app/not-found.tsx with a 404.
      return NextResponse.rewrite(new URL("/_not-found-host", request.url), forward);
  }
}

export const config = {
  runtime: "nodejs",
  // Uploads skip middleware: Next buffers (and past 10 MB truncates) the body of every
  // request middleware runs on. Stripe's webhook skips it too: it is the hottest path, and
  // middleware costs it about 40% of its throughput. Their handlers resolve the store from
  // the Host themselves. next.config sends them (and static files) the headers that need
  // no nonce.
  matcher: ["/((?!_next/static|_next/image|favicon.ico|api/uploads/|shop/webhook/?$).*)"],
};

import { NextResponse, type NextRequest } from "next/server";
import { env } from "@/lib/env";
import { routeRequest } from "@/lib/tenancy/route-request";

// Routes by Host only. It never authorizes: every page and handler checks access itself.
export function middleware(request: NextRequest) {
  const host = request.headers.get("host");
  const { pathname, search } = request.nextUrl;
  const decision = routeRequest(host, pathname, env.ROOT_DOMAIN);
  switch (decision.action) {
    case "continue":
      return NextResponse.next();
    case "rewrite":
      return NextResponse.rewrite(new URL(`${decision.pathname}${search}`, request.url));
    case "redirect":
      // Same host, new path: the browser resolves the relative Location against its own URL.
      return new NextResponse(null, { status: 308, headers: { Location: `${decision.pathname}${search}` } });
    case "not_found":
      // No route lives here, so Next renders app/not-found.tsx with a 404.
      return NextResponse.rewrite(new URL("/_not-found-host", request.url));
  }
}

export const config = {
  runtime: "nodejs",
  // Uploads skip middleware: Next buffers (and past 10 MB truncates) the body of every
  // request middleware runs on. Their handlers resolve the store from the Host themselves.
  matcher: ["/((?!_next/static|_next/image|favicon.ico|api/uploads/).*)"],
};

// GET /api/subdomains/availability?name=acme – live check for the signup form.
import { NextResponse, type NextRequest } from "next/server";
import { checkSubdomainAvailability } from "@/lib/auth/signup-flow";

export async function GET(request: NextRequest) {
  const name = request.nextUrl.searchParams.get("name") ?? "";
  return NextResponse.json(await checkSubdomainAvailability(name.slice(0, 100)), {
    headers: { "Cache-Control": "no-store" },
  });
}

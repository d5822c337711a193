// GET|POST /api/auth/* – next-auth (sign in, sign out, session) on whichever host it is called.
import NextAuth from "next-auth";
import { authOptions } from "@/lib/auth/options";

type Context = { params: Promise<{ nextauth: string[] }> };
type Handler = (request: Request, context: Context) => Promise<Response>;

const handler = NextAuth(authOptions) as Handler;

// Our only provider is credentials, which signs in by POST. next-auth answers a GET to a
// callback with a 500 ("not supported"); it is the caller's mistake, so say 405.
export async function GET(request: Request, context: Context): Promise<Response> {
  const [action] = (await context.params).nextauth;
  if (action === "callback") {
    return Response.json({ error: "Use POST to sign in." }, { status: 405, headers: { Allow: "POST" } });
  }
  return handler(request, context);
}

export { handler as POST };

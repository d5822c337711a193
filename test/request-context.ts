import type { User } from "@/db/schema";

/**
 * The request a page, route handler or server action sees when a test calls it directly:
 * its Host header, its cookies and its signed-in user. Test files that use it mock
 * `next/headers` with `nextHeadersModule` and `@/lib/auth/session` with `sessionModule`,
 * then set the fields before each call.
 */
export const fakeRequest: { host: string; cookies: Map<string, string>; user: User | null } = {
  host: "",
  cookies: new Map(),
  user: null,
};

/** Stands in for `next/headers` (which only works inside a Next request). */
export function nextHeadersModule() {
  return {
    headers: async () => new Headers({ host: fakeRequest.host }),
    cookies: async () => ({
      get: (name: string) => {
        const value = fakeRequest.cookies.get(name);
        return value === undefined ? undefined : { name, value };
      },
      has: (name: string) => fakeRequest.cookies.has(name),
      getAll: () => [...fakeRequest.cookies].map(([name, value]) => ({ name, value })),
      set: (name: string, value: string) => void fakeRequest.cookies.set(name, value),
      delete: (name: string) => void fakeRequest.cookies.delete(name),
    }),
  };
}

/** Stands in for `@/lib/auth/session`: the session is whoever `fakeRequest.user` is. */
export function sessionModule() {
  return { getSignedInUser: async () => fakeRequest.user };
}

/**
 * How a call ended, in the terms a browser would see: Next's notFound()/forbidden()/
 * redirect() are thrown errors with a digest; anything else returned normally.
 */
export async function outcomeOf(call: () => unknown): Promise<"rendered" | "404" | "403" | "401" | "redirect"> {
  try {
    await call();
    return "rendered";
  } catch (error) {
    const digest = (error as { digest?: unknown } | null)?.digest;
    if (typeof digest === "string") {
      if (digest === "NEXT_HTTP_ERROR_FALLBACK;404") return "404";
      if (digest === "NEXT_HTTP_ERROR_FALLBACK;403") return "403";
      if (digest === "NEXT_HTTP_ERROR_FALLBACK;401") return "401";
      if (digest.startsWith("NEXT_REDIRECT")) return "redirect";
    }
    throw error;
  }
}

import { z } from "zod";
import { SUBDOMAIN_MESSAGES, subdomainProblem } from "@/lib/tenancy/subdomain";

/** Shared by the signup form (live validation) and the server (the real check). */
export const subdomainSchema = z
  .string()
  .trim()
  .toLowerCase()
  .superRefine((name, ctx) => {
    const problem = subdomainProblem(name);
    if (problem) ctx.addIssue({ code: "custom", message: SUBDOMAIN_MESSAGES[problem] });
  });

/** The longest address SMTP can carry (RFC 5321: a 256-octet path minus its angle brackets). */
export const EMAIL_MAX_LENGTH = 254;
export const PASSWORD_MIN_LENGTH = 10;
export const PASSWORD_MAX_LENGTH = 200;
export const STORE_NAME_MAX_LENGTH = 80;

/**
 * The form's rules that cost nothing to check in the browser. The server adds a strength
 * estimate of the password (`signupServerSchema`), whose dictionaries stay out of the bundle.
 */
export const signupSchema = z.object({
  email: z
    .string()
    .trim()
    .toLowerCase()
    .max(EMAIL_MAX_LENGTH, `Use an address of at most ${EMAIL_MAX_LENGTH} characters.`)
    .pipe(z.email("Enter a valid email address.")),
  password: z
    .string()
    .min(PASSWORD_MIN_LENGTH, `Use at least ${PASSWORD_MIN_LENGTH} characters.`)
    .max(PASSWORD_MAX_LENGTH, `Use at most ${PASSWORD_MAX_LENGTH} characters.`),
  storeName: z
    .string()
    .trim()
    .min(2, "Give your store a name of at least 2 characters.")
    .max(STORE_NAME_MAX_LENGTH, `Use at most ${STORE_NAME_MAX_LENGTH} characters.`)
    // Postgres refuses a NUL in text, and no other control character belongs in a name.
    .regex(/^[^\u0000-\u001f\u007f]*$/, "Use letters, digits, spaces and punctuation only."),
  subdomain: subdomainSchema,
});

export type SignupInput = z.infer<typeof signupSchema>;

export const credentialsSchema = z.object({
  email: z.string().trim().toLowerCase().pipe(z.email()),
  password: z.string().min(1).max(200),
});

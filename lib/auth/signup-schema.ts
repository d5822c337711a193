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

export const signupSchema = z.object({
  email: z.string().trim().toLowerCase().pipe(z.email("Enter a valid email address.")),
  password: z.string().min(10, "Use at least 10 characters.").max(200, "Use at most 200 characters."),
  storeName: z
    .string()
    .trim()
    .min(2, "Give your store a name of at least 2 characters.")
    .max(80, "Use at most 80 characters."),
  subdomain: subdomainSchema,
});

export type SignupInput = z.infer<typeof signupSchema>;

export const credentialsSchema = z.object({
  email: z.string().trim().toLowerCase().pipe(z.email()),
  password: z.string().min(1).max(200),
});

// npm run staff:create -- <email> — a platform staff account with a one-time password
// (run it again for the same address to set a new one; its sessions end).
import { closeDb } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { platformUrl } from "@/lib/tenancy/stores";
import { createStaffAccount } from "@/lib/staff/staff-accounts";

const email = process.argv[2];
if (!email) {
  console.error("Usage: npm run staff:create -- <email>");
  process.exit(2);
}
try {
  const account = await createStaffAccount(email);
  console.log(
    `${account.created ? "Staff account created" : "New password set (its sessions are ended)"}: ${account.email} / ${account.password}`,
  );
  console.log(`Sign in at ${platformUrl("/login?next=/staff")}. The password is shown only now.`);
} catch (error) {
  if (!(error instanceof AppError)) throw error;
  console.error(error.message);
  process.exitCode = 1;
} finally {
  await closeDb();
}

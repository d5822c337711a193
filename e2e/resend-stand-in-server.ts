// The Resend stand-in as a process for the browser tests: stores' "Send test email" and
// receipts go here (RESEND_BASE_URL) instead of api.resend.com, which this machine cannot reach.
import { startResendStandIn } from "../test/resend-stand-in";

const port = Number(process.env.RESEND_STAND_IN_PORT ?? 12113);
const standIn = await startResendStandIn(port);
console.log(`Resend stand-in listening on ${standIn.url}`);

import { Heading, Text } from "@react-email/components";
import { EmailLayout } from "./email-layout";

/** "Send test email" in Dashboard Settings: proof that the store's own Resend settings deliver. */
export function TestEmail({ storeName, from }: { storeName: string; from: string }) {
  return (
    <EmailLayout title={`Test email from ${storeName}`} preview="Your store's email settings work.">
      <Heading as="h1" style={{ fontSize: "20px" }}>
        Your email settings work
      </Heading>
      <Text>
        This test was sent from the Dashboard Settings of {storeName}, through your own Resend account, from {from}.
      </Text>
      <Text>Receipts with download links reach your buyers the same way.</Text>
    </EmailLayout>
  );
}

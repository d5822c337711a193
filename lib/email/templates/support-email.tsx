import { Heading, Hr, Link, Text } from "@react-email/components";
import { colors, EmailLayout } from "./email-layout";

/**
 * A support message, either way: staff's reply to the owner, or the owner's message to
 * staff. The message is quoted as plain text (React escapes it), never as markup.
 */
export function SupportEmail({
  heading,
  intro,
  message,
  link,
}: {
  heading: string;
  intro: string;
  message: string;
  link: { url: string; label: string };
}) {
  return (
    <EmailLayout title={heading} preview={message.slice(0, 120)}>
      <Heading as="h1" style={{ fontSize: "20px" }}>
        {heading}
      </Heading>
      <Text>{intro}</Text>
      <Hr style={{ borderColor: colors.rule }} />
      <Text style={{ whiteSpace: "pre-wrap" }}>{message}</Text>
      <Hr style={{ borderColor: colors.rule }} />
      <Text>
        <Link href={link.url}>{link.label}</Link>
      </Text>
      <Text style={{ color: colors.muted, fontSize: "13px" }}>Reply from the link above, not to this mail.</Text>
    </EmailLayout>
  );
}

import { Heading, Link, Text } from "@react-email/components";
import { EmailLayout } from "./email-layout";

/** A billing notice from the platform to a store's owner: what happened, what to do, where. */
export function BillingEmail({
  heading,
  paragraphs,
  link,
}: {
  heading: string;
  paragraphs: string[];
  link: { url: string; label: string };
}) {
  return (
    <EmailLayout title={heading} preview={paragraphs[0] ?? heading}>
      <Heading as="h1" style={{ fontSize: "20px" }}>
        {heading}
      </Heading>
      {paragraphs.map((paragraph) => (
        <Text key={paragraph}>{paragraph}</Text>
      ))}
      <Text>
        <Link href={link.url}>{link.label}</Link>
      </Text>
    </EmailLayout>
  );
}

import ReactMarkdown from "react-markdown";
import rehypeSanitize from "rehype-sanitize";
import remarkGfm from "remark-gfm";

/**
 * An owner's Markdown, rendered for shoppers. Raw HTML in the source is never rendered
 * (react-markdown drops it without rehype-raw), unsafe link protocols such as
 * `javascript:` are stripped by its URL transform, and rehype-sanitize's GitHub schema
 * removes anything else that could run, as a second wall.
 */
export function Markdown({ source }: { source: string }) {
  return (
    <div className="prose-store">
      <ReactMarkdown remarkPlugins={[remarkGfm]} rehypePlugins={[rehypeSanitize]}>
        {source}
      </ReactMarkdown>
    </div>
  );
}

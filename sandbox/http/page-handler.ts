import type { IncomingMessage, ServerResponse } from "node:http";
import type { SandboxContext } from "../sandbox-context";

export interface PageRequest {
  context: SandboxContext;
  request: IncomingMessage;
  response: ServerResponse;
  method: string;
  url: URL;
  body: string;
  baseUrl: string;
}

/** Browser-facing parts of the sandbox; each answers the URLs it owns and returns true. */
export type PageHandler = (page: PageRequest) => Promise<boolean> | boolean;

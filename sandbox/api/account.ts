import { account } from "../objects/account";
import type { ApiRoute } from "./route";

/** `GET /v1/account`: the account of the key in use (the platform's own, no Connect). */
export const accountRoutes: ApiRoute[] = [
  { method: "GET", pattern: "/v1/account", params: [], handle: (call) => account(call.account) },
];

/**
 * Who a request is, as the access log names them (src/store/member-data/access-log.ts): a member for a
 * member token, the operator key for a key or a relay (a relay is the operator acting for the member,
 * and the member should see that it was the operator), the platform for the admin token.
 */
import type { FastifyRequest } from "fastify";

/**
 * The accessor of `request` for the access log, or null for an anonymous request.
 *
 * @example accessorOf(request) // "operator:0123456789abcdef"
 */
export function accessorOf(request: FastifyRequest): string | null {
  const c = request.credential;
  switch (c.kind) {
    case "member-token":
      return `member:${c.member}`;
    case "api-key":
    case "relay":
      return `operator:${c.key.id}`;
    case "platform-admin":
      return "platform";
    case "anonymous":
      return null;
  }
}

/**
 * Which addresses a webhook may be delivered to. A subscription names a URL and the server POSTs to it:
 * without a rule, an API key could make the server reach what only it can reach (its own loopback, the
 * operator's private network, a cloud metadata service at 169.254.169.254): server-side request forgery
 * (the Standard Webhooks spec's "SSRF" section; OWASP SSRF Prevention Cheat Sheet). By default only
 * globally reachable unicast addresses are accepted; an operator whose receivers live on a private
 * network opts in (FABRIQUE_WEBHOOK_ALLOW_PRIVATE).
 *
 * The ranges are the IANA special-purpose address registries (RFC 6890 and its updates) that are not
 * globally reachable, plus multicast; an IPv6 address that embeds an IPv4 one (IPv4-mapped, NAT64
 * 64:ff9b::/96) is judged by the IPv4 address it embeds. The check runs twice: on the URL when a
 * subscription is made (an IP literal, or a localhost name, RFC 6761 §6.3), and on every address the
 * host resolves to when a delivery connects (post-webhook.ts), since a name's answers can change.
 */
import { BlockList, isIPv4, isIPv6 } from "node:net";

/** Not globally reachable IPv4 ranges: [network, prefix length, what it is]. */
const IPV4_RANGES: readonly (readonly [string, number, string])[] = [
  ["0.0.0.0", 8, "this network"],
  ["10.0.0.0", 8, "private"],
  ["100.64.0.0", 10, "shared (carrier-grade NAT)"],
  ["127.0.0.0", 8, "loopback"],
  ["169.254.0.0", 16, "link-local"],
  ["172.16.0.0", 12, "private"],
  ["192.0.0.0", 24, "IETF protocol assignments"],
  ["192.0.2.0", 24, "documentation"],
  ["192.88.99.0", 24, "6to4 relay anycast"],
  ["192.168.0.0", 16, "private"],
  ["198.18.0.0", 15, "benchmarking"],
  ["198.51.100.0", 24, "documentation"],
  ["203.0.113.0", 24, "documentation"],
  ["224.0.0.0", 4, "multicast"],
  ["240.0.0.0", 4, "reserved"],
];

/** Not globally reachable IPv6 ranges (embedded IPv4 is handled before these). */
const IPV6_RANGES: readonly (readonly [string, number, string])[] = [
  ["::", 128, "unspecified"],
  ["::1", 128, "loopback"],
  ["::", 96, "IPv4-compatible (deprecated)"],
  ["64:ff9b:1::", 48, "local-use IPv4/IPv6 translation"],
  ["100::", 64, "discard-only"],
  ["2001::", 23, "IETF protocol assignments"],
  ["2001:db8::", 32, "documentation"],
  ["2002::", 16, "6to4"],
  ["3fff::", 20, "documentation"],
  ["5f00::", 16, "segment routing SIDs"],
  ["fc00::", 7, "unique local"],
  ["fe80::", 10, "link-local"],
  ["fec0::", 10, "site-local (deprecated)"],
  ["ff00::", 8, "multicast"],
];

/** One BlockList per range, so that a refusal can name the range and what it is. */
const BLOCKED = [
  ...IPV4_RANGES.map((r) => rangeOf(r, "ipv4")),
  ...IPV6_RANGES.map((r) => rangeOf(r, "ipv6")),
];

function rangeOf(
  [network, prefix, what]: readonly [string, number, string],
  family: "ipv4" | "ipv6",
) {
  const list = new BlockList();
  list.addSubnet(network, prefix, family);
  return { family, list, name: `${network}/${prefix}`, what };
}

/**
 * Why `address` (an IP address as text) is not a globally reachable unicast address, or undefined when
 * it is one. Text that is no IP address is answered "not an IP address".
 *
 * @example addressProblem("169.254.169.254") // "169.254.169.254 is link-local (169.254.0.0/16)"
 */
export function addressProblem(address: string): string | undefined {
  const plain = address.startsWith("[") && address.endsWith("]") ? address.slice(1, -1) : address;
  if (isIPv4(plain)) return problemIn(plain, "ipv4", plain);
  if (!isIPv6(plain)) return `${address} is not an IP address`;
  const embedded = embeddedIpv4(plain);
  if (embedded !== undefined) {
    const problem = problemIn(embedded, "ipv4", plain);
    return problem === undefined ? undefined : `${problem}, embedded in ${plain}`;
  }
  return problemIn(plain, "ipv6", plain);
}

/**
 * Why the host of a webhook URL is refused before anything is resolved (an IP literal outside the
 * public ranges, or a localhost name), or undefined. A host name that passes is checked again, with the
 * addresses it resolves to, at every delivery.
 *
 * @example urlHostProblem(new URL("http://[::1]:8080/hook")) // "::1 is loopback (::1/128)"
 */
export function urlHostProblem(url: URL): string | undefined {
  const host = url.hostname.toLowerCase();
  const literal = host.startsWith("[") ? host.slice(1, -1) : host;
  if (isIPv4(literal) || isIPv6(literal)) return addressProblem(literal);
  const name = host.endsWith(".") ? host.slice(0, -1) : host;
  if (name === "localhost" || name.endsWith(".localhost")) {
    return `${url.hostname} is a loopback name (RFC 6761 §6.3)`;
  }
  return undefined;
}

function problemIn(address: string, family: "ipv4" | "ipv6", shown: string): string | undefined {
  const range = BLOCKED.find((r) => r.family === family && r.list.check(address, family));
  return range === undefined ? undefined : `${shown} is ${range.what} (${range.name})`;
}

/**
 * The IPv4 address an IPv4-mapped (::ffff:0:0/96) or NAT64 (64:ff9b::/96, RFC 6052) address carries,
 * else undefined. `address` is valid IPv6 text (isIPv6).
 */
function embeddedIpv4(address: string): string | undefined {
  const groups = expandIpv6(address.toLowerCase());
  const prefix = groups
    .slice(0, 6)
    .map((g) => g.toString(16))
    .join(":");
  if (prefix !== "0:0:0:0:0:ffff" && prefix !== "64:ff9b:0:0:0:0") return undefined;
  const [high = 0, low = 0] = groups.slice(6);
  return [high >> 8, high & 0xff, low >> 8, low & 0xff].join(".");
}

/** The eight 16-bit groups of valid IPv6 text (with `::` and a trailing dotted IPv4 part expanded). */
function expandIpv6(address: string): number[] {
  let text = address.split("%")[0] ?? "";
  const dotted = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (dotted !== null) {
    const [a, b, c, d] = dotted.slice(1).map(Number) as [number, number, number, number];
    text = `${text.slice(0, dotted.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = "", tail] = text.split("::");
  const parse = (part: string) => (part === "" ? [] : part.split(":").map((g) => parseInt(g, 16)));
  const left = parse(head);
  const right = tail === undefined ? [] : parse(tail);
  return [...left, ...Array<number>(8 - left.length - right.length).fill(0), ...right];
}

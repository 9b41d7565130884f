/**
 * The webhook target rules (src/http/webhooks/target-address.ts): the non-public ranges of the IANA
 * special-purpose registries are refused, with the range named, in every spelling the WHATWG URL parser
 * and the resolver produce (IPv4-mapped and NAT64 IPv6 judged by the IPv4 address they embed, decimal
 * and hex IPv4 hosts normalized by URL); public addresses and ordinary host names pass.
 */
import { describe, expect, it } from "vitest";
import { addressProblem, urlHostProblem } from "../../src/http/webhooks/target-address.js";

const REFUSED: readonly (readonly [string, string])[] = [
  ["0.0.0.0", "this network"],
  ["10.1.2.3", "private"],
  ["100.64.0.1", "shared"],
  ["127.0.0.1", "loopback"],
  ["127.255.255.254", "loopback"],
  ["169.254.169.254", "link-local"],
  ["172.16.0.1", "private"],
  ["172.31.255.255", "private"],
  ["192.0.2.10", "documentation"],
  ["192.168.1.1", "private"],
  ["198.18.0.1", "benchmarking"],
  ["224.0.0.1", "multicast"],
  ["255.255.255.255", "reserved"],
  ["::", "unspecified"],
  ["::1", "loopback"],
  ["fe80::1", "link-local"],
  ["fd12:3456::1", "unique local"],
  ["ff02::1", "multicast"],
  ["2001:db8::1", "documentation"],
  ["::ffff:127.0.0.1", "loopback"],
  ["::ffff:7f00:1", "loopback"],
  ["::ffff:a9fe:a9fe", "link-local"],
  ["64:ff9b::10.0.0.1", "private"],
  ["2002:7f00:1::", "6to4"],
];

const PUBLIC: readonly string[] = [
  "8.8.8.8",
  "1.1.1.1",
  "172.32.0.1",
  "100.128.0.1",
  "192.169.0.1",
  "2606:4700:4700::1111",
  "2a00:1450:4007:80e::200e",
  "::ffff:8.8.8.8",
  "64:ff9b::808:808",
];

describe("webhook target addresses", () => {
  it("refuses every non-public range, naming it", () => {
    for (const [address, what] of REFUSED) {
      const problem = addressProblem(address);
      expect(problem, address).toBeDefined();
      expect(problem, address).toContain(what);
    }
  });

  it("accepts public unicast addresses, IPv4 embedded in IPv6 included", () => {
    for (const address of PUBLIC) expect(addressProblem(address), address).toBeUndefined();
  });

  it("says so of text that is no IP address", () => {
    expect(addressProblem("hooks.example.com")).toMatch(/not an IP address/);
  });

  it("refuses URL hosts that are non-public literals or localhost names, in any spelling", () => {
    for (const url of [
      "http://127.0.0.1:8080/hook",
      "http://2130706433/hook", // 127.0.0.1 in decimal, normalized by the URL parser
      "http://0x7f.1/hook",
      "http://[::1]/hook",
      "http://[::ffff:127.0.0.1]/hook",
      "https://169.254.169.254/latest/meta-data",
      "http://localhost:3000/hook",
      "http://LOCALHOST./hook",
      "http://api.localhost/hook",
      "http://[fe80::1]/hook",
    ]) {
      expect(urlHostProblem(new URL(url)), url).toBeDefined();
    }
    for (const url of [
      "https://hooks.example.com/in",
      "https://8.8.8.8/hook",
      "http://[2606:4700:4700::1111]/hook",
      "https://localhost.example.com/hook",
    ]) {
      expect(urlHostProblem(new URL(url)), url).toBeUndefined();
    }
  });
});

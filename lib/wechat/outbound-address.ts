import { isIPv4, isIPv6 } from "node:net";

// Which network addresses an outbound API call may connect to. An account's API origin is typed by
// an admin, so without this it could point the server at itself, its database or the cloud's
// metadata service. Checked on the address actually connected to (api-transport.ts), after DNS.

/** Why an address is not a public one; the words appear in our error messages. */
export type AddressKind =
  | "unspecified"
  | "loopback"
  | "private"
  | "link-local"
  | "unique-local"
  | "multicast"
  | "reserved"
  | "broadcast";

type Range = { bytes: Uint8Array; prefix: number };
type Rule = Range & { kind: AddressKind };

/** 4 bytes for IPv4, 16 for IPv6 (brackets, a zone id and an embedded IPv4 tail allowed); null when not an address. */
export function addressBytes(text: string): Uint8Array | null {
  const address = text.replace(/^\[(.*)\]$/, "$1").replace(/%.*$/, "");
  if (isIPv4(address)) return Uint8Array.from(address.split(".").map(Number));
  if (!isIPv6(address)) return null;
  // An IPv4 tail (::ffff:127.0.0.1) is two more groups.
  const groups = address.replace(/(\d+)\.(\d+)\.(\d+)\.(\d+)$/, (_all, a, b, c, d) =>
    [(Number(a) << 8) | Number(b), (Number(c) << 8) | Number(d)].map((g) => g.toString(16)).join(":"),
  );
  const [head, rest] = groups.split("::");
  const parse = (part: string | undefined) =>
    part
      ? part
          .split(":")
          .filter(Boolean)
          .map((g) => Number.parseInt(g, 16))
      : [];
  const front = parse(head);
  const back = parse(rest);
  const middle = rest === undefined ? [] : new Array(8 - front.length - back.length).fill(0);
  const all = [...front, ...middle, ...back];
  if (all.length !== 8) return null;
  return Uint8Array.from(all.flatMap((g) => [g >> 8, g & 0xff]));
}

function range(cidr: string): Range | null {
  const [address, bits, extra] = cidr.trim().split("/");
  const bytes = addressBytes(address);
  if (!bytes || extra !== undefined) return null;
  const max = bytes.length * 8;
  const prefix = bits === undefined ? max : /^\d{1,3}$/.test(bits) ? Number(bits) : Number.NaN;
  return Number.isInteger(prefix) && prefix >= 0 && prefix <= max ? { bytes, prefix } : null;
}

function inRange(bytes: Uint8Array, r: Range): boolean {
  if (bytes.length !== r.bytes.length) return false;
  for (let bit = 0; bit < r.prefix; bit += 8) {
    const mask = r.prefix - bit >= 8 ? 0xff : (0xff << (8 - (r.prefix - bit))) & 0xff;
    if ((bytes[bit / 8] & mask) !== (r.bytes[bit / 8] & mask)) return false;
  }
  return true;
}

const rule = (cidr: string, kind: AddressKind): Rule => ({ ...range(cidr)!, kind });

// IANA's special-purpose registries (RFC 6890 and successors): everything that is not the public internet.
const RULES: Rule[] = [
  rule("0.0.0.0/8", "unspecified"),
  rule("10.0.0.0/8", "private"),
  rule("100.64.0.0/10", "private"),
  rule("127.0.0.0/8", "loopback"),
  rule("169.254.0.0/16", "link-local"),
  rule("172.16.0.0/12", "private"),
  rule("192.0.0.0/24", "reserved"),
  rule("192.0.2.0/24", "reserved"),
  rule("192.88.99.0/24", "reserved"),
  rule("192.168.0.0/16", "private"),
  rule("198.18.0.0/15", "reserved"),
  rule("198.51.100.0/24", "reserved"),
  rule("203.0.113.0/24", "reserved"),
  rule("224.0.0.0/4", "multicast"),
  rule("255.255.255.255/32", "broadcast"),
  rule("240.0.0.0/4", "reserved"),
  rule("::/128", "unspecified"),
  rule("::1/128", "loopback"),
  rule("::/96", "reserved"),
  rule("100::/64", "reserved"),
  rule("2001:db8::/32", "reserved"),
  rule("fc00::/7", "unique-local"),
  rule("fe80::/10", "link-local"),
  rule("fec0::/10", "private"),
  rule("ff00::/8", "multicast"),
];

/** IPv6 forms that carry an IPv4 address the packets end up at: mapped (::ffff:a.b.c.d), NAT64, 6to4. */
function embeddedIPv4(bytes: Uint8Array): Uint8Array | null {
  if (bytes.length !== 16) return null;
  if (inRange(bytes, range("::ffff:0:0/96")!) || inRange(bytes, range("64:ff9b::/96")!)) return bytes.slice(12);
  if (inRange(bytes, range("2002::/16")!)) return bytes.slice(2, 6);
  return null;
}

/** What kind of non-public address this is, or null for a public one (and for text that is no address). */
export function addressKind(address: string): AddressKind | null {
  const bytes = addressBytes(address);
  if (!bytes) return null;
  const inner = embeddedIPv4(bytes);
  if (inner) return addressKind(Array.from(inner).join("."));
  return RULES.find((r) => inRange(bytes, r))?.kind ?? null;
}

/** Addresses an operator lets outbound calls reach although they are not public: IPs and CIDR ranges. */
export class AllowedNetworks {
  private constructor(private readonly ranges: Range[]) {}

  static readonly none = new AllowedNetworks([]);

  /** "127.0.0.1, 10.0.0.0/8, fd00::/8"; throws a TypeError naming the first entry that is neither. */
  static parse(list: string): AllowedNetworks {
    const entries = list
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean);
    return new AllowedNetworks(
      entries.map((entry) => {
        const r = range(entry);
        if (!r) throw new TypeError(`${JSON.stringify(entry)} is not an IP address or CIDR range`);
        return r;
      }),
    );
  }

  includes(address: string): boolean {
    const bytes = addressBytes(address);
    if (!bytes) return false;
    const inner = embeddedIPv4(bytes);
    return this.ranges.some((r) => inRange(bytes, r) || (inner !== null && inRange(inner, r)));
  }
}

/** Why a call may not connect to `address` (a sentence), or null when it may. */
export function refusedAddress(address: string, allowed: AllowedNetworks): string | null {
  const kind = addressKind(address);
  if (kind === null && addressBytes(address)) return null;
  if (allowed.includes(address)) return null;
  if (kind === null) return `${address} is not an IP address`;
  return `${address} is ${/^[aeiou]/.test(kind) ? "an" : "a"} ${kind} address`;
}

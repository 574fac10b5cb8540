import { XMLParser, XMLValidator } from "fast-xml-parser";
import { PUSH_ACCEPTANCE } from "./limits";

export type WeChatXmlErrorCode = "too_large" | "forbidden_dtd" | "malformed";

export class WeChatXmlError extends Error {
  readonly code: WeChatXmlErrorCode;
  constructor(code: WeChatXmlErrorCode, message: string) {
    super(message);
    this.name = "WeChatXmlError";
    this.code = code;
  }
}

export type ParseOptions = { maxBytes?: number | undefined };

const MAX_NESTING = 4;
const DTD = /<!\s*(?:doctype|entity)/i;

// processEntities:false — the parser expands nothing, not even entities a DTD would declare (and we
// refuse DTDs anyway). Text nodes are decoded by decodeText below, which knows only the five
// predefined XML entities and numeric character references; CDATA is taken verbatim.
const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
  parseTagValue: false,
  processEntities: false,
  htmlEntities: false,
  trimValues: true,
  cdataPropName: "#cdata",
});

type OrderedNode = Record<string, unknown>;

const PREDEFINED: Record<string, string> = { lt: "<", gt: ">", amp: "&", quot: '"', apos: "'" };

function isXmlChar(cp: number): boolean {
  return (
    cp === 0x9 ||
    cp === 0xa ||
    cp === 0xd ||
    (cp >= 0x20 && cp <= 0xd7ff) ||
    (cp >= 0xe000 && cp <= 0xfffd) ||
    (cp >= 0x10000 && cp <= 0x10ffff)
  );
}

function malformed(message: string): WeChatXmlError {
  return new WeChatXmlError("malformed", message);
}

function decodeText(text: string): string {
  if (!text.includes("&")) return text;
  return text.replace(/&([^&;]*);|&/g, (_match, ref: string | undefined) => {
    if (ref === undefined) throw malformed('bare "&" in text');
    const named = Object.hasOwn(PREDEFINED, ref) ? PREDEFINED[ref] : undefined;
    if (named !== undefined) return named;
    const numeric = /^#(?:([0-9]{1,7})|x([0-9a-fA-F]{1,6}))$/.exec(ref);
    if (!numeric) throw malformed(`undeclared entity &${ref};`);
    const cp = numeric[1] !== undefined ? Number(numeric[1]) : parseInt(numeric[2] ?? "", 16);
    if (!isXmlChar(cp)) throw malformed(`character reference &${ref}; is not an XML character`);
    return String.fromCodePoint(cp);
  });
}

function tagOf(node: OrderedNode): string {
  return Object.keys(node)[0] ?? "";
}

/** The text of an element whose children are only text and CDATA; null when it holds elements. */
function flatText(children: OrderedNode[]): string | null {
  let text = "";
  for (const child of children) {
    const tag = tagOf(child);
    if (tag === "#text") text += decodeText(String(child[tag]));
    else if (tag === "#cdata") text += (child[tag] as OrderedNode[]).map((c) => String(c["#text"] ?? "")).join("");
    else return null;
  }
  return text;
}

// Nested elements (Image/MediaId, Articles/item/Title …) are exposed under dotted paths, first
// occurrence only: WeChat repeats <item> in lists and we never need more than the first.
function collect(children: OrderedNode[], prefix: string, depth: number, out: Record<string, string>): void {
  for (const child of children) {
    const tag = tagOf(child);
    if (tag === "#text" || tag === "#cdata") continue;
    const path = prefix ? `${prefix}.${tag}` : tag;
    const grandchildren = child[tag] as OrderedNode[];
    const text = flatText(grandchildren);
    if (text !== null) {
      if (Object.hasOwn(out, path)) {
        if (depth === 0) throw malformed(`<${tag}> appears twice`);
        continue;
      }
      out[path] = text;
    } else if (depth < MAX_NESTING) {
      collect(grandchildren, path, depth + 1, out);
    }
  }
}

/** Whether `xml` has more than `max` "<" (every tag has one), counted without a regular expression's copies. */
function tagsOver(xml: string, max: number): boolean {
  let count = 0;
  for (let at = xml.indexOf("<"); at !== -1; at = xml.indexOf("<", at + 1)) if (++count > max) return true;
  return false;
}

const MAX_REASON_CHARS = 160;

/** The parser's reason, kept short: for some inputs it lists every open tag (a 63 KB body gave 168 KB of answer). */
function brief(reason: string): string {
  const line = reason.replace(/\s+/g, " ");
  return line.length > MAX_REASON_CHARS ? `${line.slice(0, MAX_REASON_CHARS)}…` : line;
}

/** The children of WeChat's <xml> root as strings, exactly as sent (no number conversion). */
export function parseWeChatXml(body: string, opts: ParseOptions = {}): Record<string, string> {
  const maxBytes = opts.maxBytes ?? PUSH_ACCEPTANCE.maxBytes;
  if (typeof body !== "string") throw malformed("body is not text");
  if (Buffer.byteLength(body, "utf8") > maxBytes) {
    throw new WeChatXmlError("too_large", `XML body exceeds ${maxBytes} bytes`);
  }
  if (DTD.test(body)) throw new WeChatXmlError("forbidden_dtd", "DOCTYPE and ENTITY declarations are refused");
  const xml = body.charCodeAt(0) === 0xfeff ? body.slice(1) : body;
  if (NOT_AN_XML_CHAR.test(xml)) throw malformed("XML may not hold NUL or other control characters");
  if (tagsOver(xml, PUSH_ACCEPTANCE.maxTags)) {
    throw malformed(`XML holds more than ${PUSH_ACCEPTANCE.maxTags} tags, more than any push WeChat sends`);
  }

  const verdict = XMLValidator.validate(xml);
  if (verdict !== true) throw malformed(`XML is not well-formed: ${brief(verdict.err.msg)} (line ${verdict.err.line})`);

  let tree: OrderedNode[];
  try {
    tree = parser.parse(xml) as OrderedNode[];
  } catch (err) {
    throw malformed(`XML could not be parsed: ${brief((err as Error).message)}`);
  }
  const roots = tree.filter((n) => tagOf(n) !== "#text" && tagOf(n) !== "#cdata");
  const root = roots[0];
  if (roots.length !== 1 || root === undefined || tagOf(root) !== "xml") {
    throw malformed("the root element must be a single <xml>");
  }
  const fields: Record<string, string> = {};
  collect(root.xml as OrderedNode[], "", 0, fields);
  return fields;
}

const NOT_XML_CHARS = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;
/** The same, for a test (no global state); also a lone surrogate, which \u{10000}-\u{10FFFF} does not match. */
const NOT_AN_XML_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;

/** Wraps text in CDATA. Characters XML cannot carry at all are dropped; "]]>" is split across sections. */
export function cdata(text: string): string {
  return `<![CDATA[${text.replace(NOT_XML_CHARS, "").replaceAll("]]>", "]]]]><![CDATA[>")}]]>`;
}

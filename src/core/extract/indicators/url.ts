/**
 * URLs (RFC 3986): scheme URLs for the schemes threat reports cite (http, https, ftp, sftp, ws, smb, file, tcp,
 * udp, ssh, rdp, ldap, socks, tor, irc), and scheme-less `host/path` URLs read by the host scanner. The end of a URL
 * in text is decided by trimming: sentence punctuation, Markdown emphasis and unbalanced closing brackets
 * (`(see https://x.example/a).`) are not part of it.
 */
import { classifyHost } from './domain.js';
import { parseIPv4 } from './ipv4.js';
import { parseIPv6 } from './ipv6.js';

const URL_ANCHOR = /:\/\//g;
const URL_BODY = /[^\s<>"`{}|\\^\u00a0\u201c\u201d\u2018\u2019\u2026]+/y;
const SCHEME_CHAR = /[A-Za-z0-9+.-]/;
const SCHEMES = new Set(
  'http https ftp ftps sftp ws wss smb file tcp udp ssh rdp ldap ldaps socks socks4 socks5 tor irc'.split(
    ' ',
  ),
);

/**
 * Scheme URLs as [start, rawEnd) before trimming: found from `://` (a literal, so the scan is fast), the scheme read
 * backwards (it must be whole: `xhttps://` is not a URL), the rest up to a character URLs never hold in text.
 */
export function* urlCandidates(text: string): Generator<[number, number], void, number | undefined> {
  URL_ANCHOR.lastIndex = 0;
  for (let m = URL_ANCHOR.exec(text); m !== null; m = URL_ANCHOR.exec(text)) {
    const i = m.index;
    let s = i;
    while (s > 0 && i - s <= 10 && SCHEME_CHAR.test(text[s - 1] ?? '')) s--;
    if (!SCHEMES.has(text.slice(s, i).toLowerCase())) continue;
    URL_BODY.lastIndex = i + 3;
    const body = URL_BODY.exec(text);
    if (body === null) continue;
    const resume = yield [s, i + 3 + body[0].length];
    URL_ANCHOR.lastIndex = Math.max(URL_ANCHOR.lastIndex, resume ?? i + 3);
  }
}

/** Characters a URL path may continue with after a scheme-less host (`182.54.217.2/mdepoy.txt`). */
export const PATH_CHARS = /[^\s<>"`{}|\\^\u00a0\u201c\u201d\u2018\u2019\u2026]/;

/** End of the URL that starts at `start` and whose raw match ends at `rawEnd`, after trimming. */
export function trimUrl(text: string, start: number, rawEnd: number): number {
  // Cut at the first unbalanced closing bracket (Markdown link targets, parenthesised citations).
  let depthParen = 0;
  let depthSquare = 0;
  let end = rawEnd;
  let query = false;
  for (let i = start; i < rawEnd; i++) {
    const c = text.charCodeAt(i);
    // A comma before the query string separates list items or CSV cells (`https://x/a.png,URL,…`).
    if (c === 0x3f) query = true;
    else if (c === 0x2c && !query) {
      end = i;
      break;
    }
    if (c === 0x28) depthParen++;
    else if (c === 0x29 && --depthParen < 0) {
      end = i;
      break;
    } else if (c === 0x5b) depthSquare++;
    else if (c === 0x5d && --depthSquare < 0) {
      end = i;
      break;
    }
  }
  while (end > start && ".,;:!?'*_~)]".includes(text[end - 1] ?? '')) {
    const c = text[end - 1];
    if (c === ')' && text.slice(start, end - 1).includes('(')) break;
    if (c === ']' && text.slice(start, end - 1).includes('[')) break;
    end--;
  }
  return end;
}

export interface UrlParts {
  readonly host: string;
  readonly port?: number;
}

/** Host (and port) of a scheme URL, validated; `undefined` when the host is not an address or a valid domain. */
export function urlHost(url: string): UrlParts | undefined {
  const m =
    /^[A-Za-z][A-Za-z0-9+.-]*:\/\/(?:[^@/?#\s]*@)?(\[[0-9A-Fa-f:.]+\]|[^:/?#\s]+)(?::(\d{1,5}))?(?=[/?#]|$)/.exec(
      url,
    );
  if (m === null) return undefined;
  const hostRaw = m[1] ?? '';
  const port = m[2] === undefined ? undefined : Number(m[2]);
  if (port !== undefined && port > 65535) return undefined;
  const host = hostRaw.startsWith('[') ? hostRaw.slice(1, -1) : hostRaw;
  const valid = hostRaw.startsWith('[')
    ? parseIPv6(host) !== undefined
    : parseIPv4(host) !== undefined || classifyHost(host, true).kind !== 'none';
  if (!valid) return undefined;
  return port === undefined ? { host } : { host, port };
}

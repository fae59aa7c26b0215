/**
 * Finds what in a generated report could reach the network. `resources` are URLs the page would
 * load by itself (script/link/img/iframe sources, CSS url(), fetch/import of an absolute URL):
 * these must be empty. `references` are other absolute URLs in the page and its bundled script
 * (XML namespaces, "Powered by" links): reported so a reviewer can see them, loaded only on a click.
 * The bundled script of a single-file report is a base64 data: URL, so it is decoded and scanned too.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

export interface OfflineScan {
  resources: string[];
  references: { host: string; count: number }[];
}

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);
const URL_RE = /\bhttps?:\/\/[^\s"'`<>)\\]+/g;
const RESOURCE_RES = [
  /<(?:script|img|iframe|source|audio|video|embed)\b[^>]*\bsrc\s*=\s*["']?(https?:\/\/[^"'\s>]+)/gi,
  /<link\b[^>]*\bhref\s*=\s*["']?(https?:\/\/[^"'\s>]+)/gi,
  /url\(\s*["']?(https?:\/\/[^"')\s]+)/gi,
  /@import\s+["'](https?:\/\/[^"']+)/gi,
  /\b(?:fetch|import)\(\s*["'`](https?:\/\/[^"'`]+)/g,
  /\bnew\s+(?:WebSocket|EventSource)\(\s*["'`]((?:https?|wss?):\/\/[^"'`]+)/g,
];

export function scanText(text: string): OfflineScan {
  const sources = [text, ...decodeDataUrls(text)];
  const resources = new Set<string>();
  const references = new Map<string, number>();
  for (const source of sources) {
    for (const re of RESOURCE_RES) {
      for (const m of source.matchAll(re)) if (!isLocal(m[1]!)) resources.add(m[1]!);
    }
    for (const m of source.matchAll(URL_RE)) {
      const host = hostOf(m[0]);
      if (host && !LOCAL_HOSTS.has(host)) references.set(host, (references.get(host) ?? 0) + 1);
    }
  }
  return {
    resources: [...resources].sort(),
    references: [...references].map(([host, count]) => ({ host, count })).sort((a, b) => a.host.localeCompare(b.host)),
  };
}

/** Scans every .html, .js and .css file under the report folder. */
export async function scanReportDir(dir: string): Promise<OfflineScan> {
  const files = (await readdir(dir, { recursive: true })).filter((f) => /\.(html?|m?js|css)$/i.test(f));
  const merged: OfflineScan = { resources: [], references: [] };
  const refs = new Map<string, number>();
  for (const file of files) {
    const scan = scanText(await readFile(join(dir, file), 'utf8'));
    merged.resources.push(...scan.resources.map((r) => `${file}: ${r}`));
    for (const r of scan.references) refs.set(r.host, (refs.get(r.host) ?? 0) + r.count);
  }
  merged.references = [...refs].map(([host, count]) => ({ host, count })).sort((a, b) => a.host.localeCompare(b.host));
  return merged;
}

function decodeDataUrls(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(/data:(?:text\/javascript|application\/javascript|text\/css|text\/html);base64,([A-Za-z0-9+/=]+)/g)) {
    out.push(Buffer.from(m[1]!, 'base64').toString('utf8'));
  }
  return out;
}

function hostOf(url: string): string | null {
  // Template literals in bundled code (`https://${host}`) are not URLs to anywhere.
  if (/[${}]/.test(url)) return null;
  try {
    return new URL(url).hostname;
  } catch {
    return null;
  }
}

function isLocal(url: string): boolean {
  const host = hostOf(url);
  return host !== null && LOCAL_HOSTS.has(host);
}

/**
 * `hil report --open`: the report is one self-contained HTML file, so opening it needs no server.
 * Where a desktop is available the system opener shows it; otherwise (CI, SSH) the caller prints
 * the file:// URL to copy into a browser.
 */
import { spawn } from 'node:child_process';
import { pathToFileURL } from 'node:url';

export interface OpenResult {
  url: string;
  /** The command used, or null when no desktop was found and only the URL is printed. */
  opener: string | null;
}

export function openerFor(platform: NodeJS.Platform, env: NodeJS.ProcessEnv): string[] | null {
  if (platform === 'darwin') return ['open'];
  if (platform === 'win32') return ['cmd', '/c', 'start', '""'];
  if (env.DISPLAY || env.WAYLAND_DISPLAY) return ['xdg-open'];
  return null;
}

export function openReport(indexHtml: string, platform = process.platform, env = process.env): OpenResult {
  const url = pathToFileURL(indexHtml).href;
  const opener = openerFor(platform, env);
  if (!opener) return { url, opener: null };
  const child = spawn(opener[0]!, [...opener.slice(1), url], { detached: true, stdio: 'ignore' });
  // A missing opener must not crash the command: the URL is printed anyway.
  child.on('error', () => undefined);
  child.unref();
  return { url, opener: opener[0]! };
}

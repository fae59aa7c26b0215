/**
 * A banner at the top of the Allure report's page: the run's decision (planned / decided) and,
 * where any check ran on an emulated board or target, a warning that its figures are not real
 * hardware's. Inline markup and style only (the report must load nothing from the network). Pure.
 */
export interface BannerFacts {
  /** `planned 19, decided 19: 13 passed, 6 skipped`. */
  decision?: string;
  /** Checks from emulated boards or targets, of how many. */
  emulated: number;
  total: number;
}

function esc(text: string): string {
  return text.replace(/[<>&"]/g, (c) => `&#${c.charCodeAt(0)};`);
}

export function bannerHtml(facts: BannerFacts): string | null {
  const parts: string[] = [];
  if (facts.emulated > 0) {
    parts.push(`<strong>EMULATED</strong>: ${facts.emulated} of ${facts.total} checks ran on emulated boards or targets (hil emulate, a fake trtexec); their figures are not measurements of real hardware.`);
  }
  if (facts.decision) parts.push(`hil: ${esc(facts.decision)}`);
  if (parts.length === 0) return null;
  const colour = facts.emulated > 0 ? 'background:#fff3cd;color:#664d03;border-bottom:2px solid #ffca2c' : 'background:#e7f1ff;color:#084298;border-bottom:1px solid #9ec5fe';
  return `<div id="hil-banner" role="alert" style="position:sticky;top:0;z-index:2147483647;${colour};padding:8px 16px;font:14px/1.4 sans-serif">${parts.join('<br>')}</div>`;
}

/** The page with the banner as the first thing in its body. */
export function injectBanner(html: string, banner: string | null): string {
  if (!banner) return html;
  const at = /<body[^>]*>/i.exec(html);
  return at ? html.slice(0, at.index + at[0].length) + banner + html.slice(at.index + at[0].length) : banner + html;
}

/** How many Allure results carry hil's `emulated` label, of how many (from the results' JSON). */
export function countEmulated(results: ReadonlyArray<{ labels?: ReadonlyArray<{ name: string; value: string }> }>): { emulated: number; total: number } {
  return { emulated: results.filter((r) => r.labels?.some((l) => l.name === 'emulated' && l.value === 'true')).length, total: results.length };
}

/**
 * Allure Report 3's page template always includes Google Analytics (gtag): a script tag that
 * loads from googletagmanager.com and an inline block calling gtag(). hil reports are opened
 * offline and on machines that must not phone home, so both are removed after generation. If a
 * later Allure changes the template, the offline scan still catches what is left.
 */
export function stripAnalytics(html: string): { html: string; removed: number } {
  let removed = 0;
  const out = html
    .replace(/<script\b[^>]*\bsrc=["']https:\/\/www\.googletagmanager\.com\/[^"']*["'][^>]*>\s*<\/script>/gi, () => {
      removed += 1;
      return '';
    })
    .replace(/<script\b[^>]*>(?:(?!<\/script>)[\s\S])*?\bgtag\((?:(?!<\/script>)[\s\S])*?<\/script>/gi, () => {
      removed += 1;
      return '';
    });
  return { html: out, removed };
}

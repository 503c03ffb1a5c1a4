// Every page an alert can open exists in the mini-program: a subscription message that
// opens a missing page is worse than none.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ALERT_PAGES } from '../../cloudfunctions/src/domain/alerts';

function appPages(): Set<string> {
  const config = readFileSync(join(__dirname, '../../miniprogram/src/app.config.ts'), 'utf8');
  const pages = new Set<string>();
  for (const m of config.matchAll(/'(pages\/[^']+)'/g)) pages.add(`/${m[1]}`);
  // Subpackage pages are listed relative to their root.
  for (const block of config.matchAll(/root:\s*'([^']+)'[^}]*?pages:\s*\[([^\]]*)\]/gs)) {
    for (const p of block[2]!.matchAll(/'([^']+)'/g)) pages.add(`/${block[1]!.replace(/\/$/, '')}/${p[1]}`);
  }
  return pages;
}

describe('alert links', () => {
  it('open pages the app has', () => {
    const pages = appPages();
    const links = Object.values(ALERT_PAGES).map((p) => (typeof p === 'function' ? p('X1') : p));
    for (const link of links) expect(pages).toContain(link.split('?')[0]);
  });
});

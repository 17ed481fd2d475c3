// Store screenshots (1280×800, the Chrome Web Store's size; AMO takes them too) from the popup
// screenshots the e2e suite writes to docs/: each popup on a plain background with a caption.
// Run after the e2e suite has refreshed docs/*.png: `node docs/store/screenshots.mjs`.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const ROOT = resolve(fileURLToPath(import.meta.url), '../../..');
const SHOTS = [
  {
    out: 'docs/store/screenshot-1-create-en.png',
    image: 'docs/extension-popup-create-en.png',
    lang: 'en',
    title: 'Mint a personal access token in your browser',
    text: 'GitHub’s formats and scopes, cryptographically random, checksummed. No account, no server: nothing is sent.',
  },
  {
    out: 'docs/store/screenshot-2-result-ja.png',
    image: 'docs/extension-popup-result-ja.png',
    lang: 'ja',
    title: 'トークンは表示するまでマスク',
    text: 'ワンクリックでコピー、指定時間後にクリップボードを消去。保存するのは記録（フィンガープリント）だけです。',
  },
];

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'], headless: true });
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  for (const shot of SHOTS) {
    const png = readFileSync(join(ROOT, shot.image)).toString('base64');
    await page.setContent(`<!doctype html><html lang="${shot.lang}"><body style="margin:0;width:1280px;height:800px;display:flex;align-items:center;gap:64px;padding:0 80px;box-sizing:border-box;background:#f6f8fa;font-family:system-ui,'IPAGothic',sans-serif;color:#1f2328">
      <div style="flex:1"><h1 style="font-size:44px;line-height:1.2;margin:0 0 24px">${shot.title}</h1><p style="font-size:24px;line-height:1.5;margin:0;color:#59636e">${shot.text}</p></div>
      <img src="data:image/png;base64,${png}" style="max-height:740px;border-radius:12px;box-shadow:0 8px 32px rgba(0,0,0,.18)">
    </body></html>`);
    await page.screenshot({ path: join(ROOT, shot.out) });
    console.log(shot.out);
  }
} finally {
  await browser.close();
}

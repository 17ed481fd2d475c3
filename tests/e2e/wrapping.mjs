// Code that wraps only at safe points (issue 26.20): which words of the result view's code a
// line break splits, in the demo page and the extension popup alike.

/**
 * Words of the result's code that are broken across lines: for each code block and each word
 * of `words` in it, whether its glyphs sit on more than one line.
 */
export function brokenWords(page, words = WORDS) {
  return page.evaluate((list) => {
    const broken = [];
    for (const code of document.querySelectorAll('#result pre code, #result .token')) {
      if (code.offsetParent === null) continue; // hidden (a closed disclosure)
      const nodes = [];
      const walker = document.createTreeWalker(code, NodeFilter.SHOW_TEXT);
      let text = '';
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        nodes.push([n, text.length]);
        text += n.data;
      }
      const at = (i) => {
        const [node, start] = nodes.findLast(([, s]) => s <= i);
        return [node, i - start];
      };
      for (const word of list) {
        for (let i = text.indexOf(word); i >= 0; i = text.indexOf(word, i + 1)) {
          const range = document.createRange();
          range.setStart(...at(i));
          range.setEnd(...at(i + word.length - 1));
          range.setEnd(range.endContainer, range.endOffset + 1);
          const tops = new Set([...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top)));
          if (tops.size > 1) broken.push(`${word} in ${text.slice(0, 40)}…`);
        }
      }
    }
    return broken;
  }, words);
}

/** Words no line break may split: variable names, prefixes, hosts, file names, commands. */
export const WORDS = ['/dev/null', 'PATMINT_TOKEN', 'ACME_TOKEN', 'GITHUB_TOKEN', 'github_pat_', 'acme_', 'ghp_', 'git.acme.test', 'https://',
  'patmint-records.json', '127.0.0.1:8787', 'credential-osxkeychain', 'git-upload-pack', 'octo-org', 'username=token'];

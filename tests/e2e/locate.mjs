// The in-page half of the Firefox adapter (tests/e2e/browsers.mjs): resolves a Playwright-style
// locator chain to elements. It is sent as source text into the page (never loaded by a page),
// so it is one self-contained function. Semantics follow Playwright's where the tests rely on
// them: a string matches case-insensitively as a substring after whitespace is collapsed, or
// exactly (case-sensitive, whole text) with `exact`; a RegExp is tested against the collapsed
// text; role queries skip hidden elements; getByText returns the innermost matching elements.
export function locate(steps) {
  const norm = (s) => (s ?? '').replace(/\s+/g, ' ').trim();
  const matches = (m, text) => {
    const t = norm(text);
    if (m.regex) return new RegExp(m.regex.source, m.regex.flags).test(t);
    return m.exact ? t === norm(m.string) : t.toLowerCase().includes(norm(m.string).toLowerCase());
  };
  const hidden = (el) => {
    for (let e = el; e; e = e.parentElement) if (e.getAttribute('aria-hidden') === 'true') return true;
    return !el.checkVisibility({ visibilityProperty: true }) && el.tagName !== 'OPTION';
  };
  const byIds = (ids) => ids.split(/\s+/).map((id) => document.getElementById(id)?.textContent ?? '').join(' ');
  const IMPLICIT = {
    button: (e) => e.tagName === 'BUTTON' || (e.tagName === 'INPUT' && /^(button|submit|reset|image)$/.test(e.type)),
    checkbox: (e) => e.tagName === 'INPUT' && e.type === 'checkbox',
    radio: (e) => e.tagName === 'INPUT' && e.type === 'radio',
    textbox: (e) => e.tagName === 'TEXTAREA' || (e.tagName === 'INPUT' && /^(text|email|tel|url|search|password)$/.test(e.type)),
    combobox: (e) => e.tagName === 'SELECT' && !e.multiple && e.size <= 1,
    link: (e) => e.tagName === 'A' && e.hasAttribute('href'),
    cell: (e) => e.tagName === 'TD',
    columnheader: (e) => e.tagName === 'TH',
    row: (e) => e.tagName === 'TR',
    table: (e) => e.tagName === 'TABLE',
    status: (e) => e.tagName === 'OUTPUT',
    heading: (e) => /^H[1-6]$/.test(e.tagName),
    listitem: (e) => e.tagName === 'LI',
    list: (e) => e.tagName === 'UL' || e.tagName === 'OL',
    option: (e) => e.tagName === 'OPTION',
    dialog: (e) => e.tagName === 'DIALOG',
    group: (e) => e.tagName === 'FIELDSET' || e.tagName === 'DETAILS' || e.tagName === 'OPTGROUP',
    img: (e) => e.tagName === 'IMG' && e.getAttribute('alt') !== '',
  };
  const role = (e) => e.getAttribute('role')?.trim().split(/\s+/)[0] ?? Object.keys(IMPLICIT).find((r) => IMPLICIT[r](e));
  const labelText = (e) => [...(e.labels ?? [])].map((l) => l.textContent).join(' ');
  const accessibleName = (e) => {
    if (e.hasAttribute('aria-labelledby')) return byIds(e.getAttribute('aria-labelledby'));
    if (e.hasAttribute('aria-label')) return e.getAttribute('aria-label');
    if (/^(INPUT|SELECT|TEXTAREA)$/.test(e.tagName)) {
      if (e.labels?.length) return labelText(e);
      if (e.tagName === 'INPUT' && /^(button|submit|reset)$/.test(e.type)) return e.value;
      return e.getAttribute('title') ?? e.getAttribute('placeholder') ?? '';
    }
    if (e.tagName === 'IMG') return e.getAttribute('alt') ?? '';
    // A fieldset is named by its legend, as the accessibility tree names it.
    if (e.tagName === 'FIELDSET') return e.querySelector(':scope > legend')?.textContent ?? e.getAttribute('title') ?? '';
    return e.textContent || e.getAttribute('title') || '';
  };
  // Like Playwright's, a chained text/label/role query may match the scope element itself.
  const all = (roots) => [...new Set(roots.flatMap((r) => [...(r === document ? [] : [r]), ...r.querySelectorAll('*')]))];
  const SKIP = /^(SCRIPT|STYLE|NOSCRIPT|TEMPLATE|HEAD|TITLE|META|LINK)$/;
  let found = [document];
  for (const step of steps) {
    const roots = found;
    if ('css' in step) {
      found = [...new Set(roots.flatMap((r) => [...r.querySelectorAll(step.css)]))];
    } else if ('text' in step) {
      const hits = all(roots).filter((e) => !SKIP.test(e.tagName) && matches(step.text, e.textContent));
      const set = new Set(hits);
      found = hits.filter((e) => ![...e.children].some((c) => set.has(c)));
    } else if ('label' in step) {
      found = all(roots).filter((e) => {
        if (e.hasAttribute('aria-labelledby')) return matches(step.label, byIds(e.getAttribute('aria-labelledby')));
        if (e.hasAttribute('aria-label')) return matches(step.label, e.getAttribute('aria-label'));
        return [...(e.labels ?? [])].some((l) => matches(step.label, l.textContent));
      });
    } else if ('role' in step) {
      found = all(roots).filter((e) => role(e) === step.role && !hidden(e)
        && (!step.name || matches(step.name, accessibleName(e))));
    } else if ('placeholder' in step) {
      found = all(roots).filter((e) => e.hasAttribute('placeholder') && matches(step.placeholder, e.getAttribute('placeholder')));
    } else if ('testid' in step) {
      found = all(roots).filter((e) => e.getAttribute('data-testid') === step.testid);
    } else if ('hasText' in step) {
      found = roots.filter((e) => matches(step.hasText, e.textContent));
    } else if ('nth' in step) {
      const e = step.nth < 0 ? roots.at(step.nth) : roots[step.nth];
      found = e ? [e] : [];
    } else {
      throw new Error(`unknown locator step ${JSON.stringify(step)}`);
    }
  }
  return found.filter((e) => e !== document);
}

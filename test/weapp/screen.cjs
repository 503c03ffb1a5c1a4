// What a person sees on the rendered page and does with it: read text, tap, type. Taps and
// input are exparser events on the rendered nodes, so they reach Taro's `eh` and then React.
const { exparser } = require('./phone.cjs');

/** Text of the page as rendered (the composed tree: the page and every Taro `comp` inside). */
const textOf = (page) => (page ? page.comp.dom.textContent.replace(/\s+/g, ' ').trim() : '');

/** Taro's node data for a rendered element (its props: placeholder, value, …), found by its sid. */
function nodeData(page, element) {
  const sid = element.getAttribute('data-sid');
  const walk = (node) => {
    if (!node || typeof node !== 'object') return null;
    if (node.sid === sid) return node;
    for (const child of node.cn ?? []) {
      const found = walk(child);
      if (found) return found;
    }
    return null;
  };
  return sid ? walk(page.instance.data.root) : null;
}

const matches = (text, want) => (want instanceof RegExp ? want.test(text) : text === want);

/** The innermost elements whose own text is `want` (a string matches whole, trimmed). */
function findAll(page, want, selector = '*') {
  const hits = [...page.comp.dom.querySelectorAll(selector)].filter((el) => matches(el.textContent.replace(/\s+/g, ' ').trim(), want));
  return hits.filter((el) => !hits.some((other) => other !== el && el.contains(other)));
}

function fire(element, type, detail = {}) {
  const target = element.__wxElement;
  if (!target) throw new Error(`not a rendered node: <${element.tagName.toLowerCase()}>`);
  const event = exparser.Event.create(type, detail, {
    bubbles: true,
    composed: true,
    capturePhase: true,
    extraFields: { touches: [], changedTouches: [] },
  });
  exparser.Event.dispatchEvent(target, event);
}

/** A finger on the element: touchstart, touchend, then the tap that bubbles up to what handles it. */
function tap(element) {
  const touch = [{ identifier: 0, pageX: 10, pageY: 10, clientX: 10, clientY: 10 }];
  fire(element, 'touchstart', {});
  fire(element, 'touchend', {});
  fire(element, 'tap', { x: touch[0].pageX, y: touch[0].pageY });
}

/** Typing into a native input: focus, one input event with the whole value (as the keyboard's last), blur. */
function type(element, value) {
  const text = String(value);
  fire(element, 'focus', { value: '', height: 0 });
  fire(element, 'input', { value: text, cursor: text.length, keyCode: 0 });
  fire(element, 'blur', { value: text, cursor: text.length });
}

/** A finger landing in a native input that already holds `value`: the focus event alone. */
function focus(element, value = '') {
  fire(element, 'focus', { value: String(value), height: 0 });
}

/** The page's native inputs, each with Taro's props for it (placeholder, value, type). */
function inputs(page) {
  return [...page.comp.dom.querySelectorAll('wx-input')].map((element) => ({ element, props: nodeData(page, element) ?? {} }));
}

/** Poll until `probe()` answers something truthy; fail naming what was awaited and what the page shows. */
async function waitFor(phone, what, probe, timeoutMs = 10_000) {
  const started = Date.now();
  let lastError = null;
  for (;;) {
    try {
      const value = probe();
      if (value) return value;
    } catch (err) {
      lastError = err;
    }
    if (Date.now() - started > timeoutMs) {
      const page = phone.page();
      const shown = textOf(page).slice(0, 600);
      throw new Error(`timed out waiting for ${what} on ${page?.route ?? 'no page'}${lastError ? ` (${lastError.message})` : ''}; the page shows: ${shown}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** Wait until the top page is `route` and shows `want` (string or RegExp). */
const waitForText = (phone, want, route) =>
  waitFor(phone, `"${want}"${route ? ` on ${route}` : ''}`, () => {
    const page = phone.page();
    if (!page || (route && page.route !== route)) return null;
    const text = textOf(page);
    return (want instanceof RegExp ? want.test(text) : text.includes(want)) ? text : null;
  });

/** Wait for an element showing `want`, then tap it. */
async function tapText(phone, want, selector) {
  const element = await waitFor(phone, `something to tap showing "${want}"`, () => findAll(phone.page(), want, selector)[0]);
  tap(element);
  return element;
}

module.exports = { textOf, nodeData, findAll, tap, type, focus, inputs, waitFor, waitForText, tapText };

// Globals Taro's runtime reads (the build defines them); the page tests run as H5.
const g = globalThis as Record<string, unknown>;
for (const flag of [
  'ENABLE_INNER_HTML',
  'ENABLE_ADJACENT_HTML',
  'ENABLE_SIZE_APIS',
  'ENABLE_TEMPLATE_CONTENT',
  'ENABLE_CLONE_NODE',
  'ENABLE_CONTAINS',
  'ENABLE_MUTATION_OBSERVER',
]) {
  g[flag] = true;
}
g.SUPPORT_DINGTALK_NAVIGATE = 'disabled';
g.DEPRECATED_ADAPTER_COMPONENT = false;
process.env.TARO_ENV = 'h5';

// The handlers run in-process; jsdom's window lacks the TextDecoder Node gives them (CSV import decodes with it).
if (typeof g.TextDecoder === 'undefined') g.TextDecoder = (require('node:util') as typeof import('node:util')).TextDecoder;
process.env.TARO_PLATFORM = 'web';

// Taro's H5 components pass mini-program props (hoverStyle, placeholderClass…) down to DOM
// elements; react-dom warns about each in development. That is Taro's business, not ours:
// drop exactly those warnings and keep every other error visible.
// NutUI's Dialog animates with react-transition-group, which still calls findDOMNode.
// NutUI's icons, rendered with TARO_ENV=weapp (the consent tests), style themselves with a
// mini-program's `-webkitMask` key, which react-dom names as a DOM style warning.
const TARO_PROP_NOISE = [/findDOMNode is deprecated/, /React does not recognize the `(%s|\w+)` prop on a DOM element/, /Unknown event handler property `(%s|\w+)`/, /Received `(%s|\w+)` for a non-boolean attribute/, /Invalid ARIA attribute `(%s|\w+)`/, /Unsupported style property (%s|-webkit)/];
const originalError = console.error.bind(console);
console.error = (...args: unknown[]) => {
  const text = typeof args[0] === 'string' ? args[0] : '';
  if (TARO_PROP_NOISE.some((re) => re.test(text))) return;
  originalError(...args);
};

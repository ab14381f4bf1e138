// Formatting and colour helpers shared by the pages.

/** A duration in µs as Jaeger shows it: 850µs, 12.3ms, 1.52s, 2m 3s. */
export function duration(micros) {
  if (micros < 1000) return `${Math.round(micros)}μs`;
  if (micros < 1_000_000) return `${trim(micros / 1000)}ms`;
  if (micros < 60_000_000) return `${trim(micros / 1_000_000)}s`;
  const minutes = Math.floor(micros / 60_000_000);
  return `${minutes}m ${Math.round((micros - minutes * 60_000_000) / 1_000_000)}s`;
}

function trim(value) {
  return value >= 100 ? value.toFixed(0) : value >= 10 ? value.toFixed(1) : value.toFixed(2);
}

/** A start time in µs since epoch, local time. */
export function timestamp(micros) {
  const date = new Date(micros / 1000);
  return date.toLocaleString(undefined, { hour12: false }) + '.' + String(date.getMilliseconds()).padStart(3, '0');
}

export function relativeAgo(micros) {
  const seconds = Math.max(0, (Date.now() * 1000 - micros) / 1_000_000);
  if (seconds < 60) return `${Math.round(seconds)}s ago`;
  if (seconds < 3600) return `${Math.round(seconds / 60)}m ago`;
  if (seconds < 86400) return `${Math.round(seconds / 3600)}h ago`;
  return `${Math.round(seconds / 86400)}d ago`;
}

const colours = new Map();

/** A stable, well-spread colour per service. */
export function serviceColour(service) {
  let colour = colours.get(service);
  if (!colour) {
    let hash = 0;
    for (const char of service) hash = (hash * 31 + char.codePointAt(0)) | 0;
    colour = `hsl(${Math.abs(hash) % 360}, 62%, 46%)`;
    colours.set(service, colour);
  }
  return colour;
}

export function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'class') node.className = value;
    else if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
    else if (key === 'style' && typeof value === 'object') Object.assign(node.style, value);
    else node.setAttribute(key, value === true ? '' : value);
  }
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

export function tagValue(tag) {
  if (tag.type === 'binary') return `(${tag.value.length} bytes, base64)`;
  return typeof tag.value === 'string' ? tag.value : JSON.stringify(tag.value);
}

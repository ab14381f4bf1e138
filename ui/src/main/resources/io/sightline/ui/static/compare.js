// Compare two traces as one merged tree: each node is a path of service:operation from the root,
// counted in both traces; a node only in B is added, only in A missing, in both with another
// count or a clearly different duration changed.
import * as api from './api.js';
import { buildTrace } from './model.js';
import { duration, el } from './format.js';
import { navigate } from './app.js';

export async function renderCompare(page, pathParts, params) {
  const a = params.get('a') || '';
  const b = params.get('b') || '';
  const inputA = el('input', { id: 'compare-a', placeholder: 'Trace A', value: a, spellcheck: 'false' });
  const inputB = el('input', { id: 'compare-b', placeholder: 'Trace B', value: b, spellcheck: 'false' });
  const form = el('form', { class: 'compare-form' }, inputA, inputB, el('button', { type: 'submit', class: 'primary', id: 'compare-submit' }, 'Compare'));
  form.addEventListener('submit', event => {
    event.preventDefault();
    navigate(`compare?a=${encodeURIComponent(inputA.value.trim())}&b=${encodeURIComponent(inputB.value.trim())}`);
  });
  page.append(el('header', { class: 'page-header' }, el('h1', {}, 'Compare traces')), form);
  if (!a || !b) {
    page.append(el('p', { class: 'hint' }, 'Enter two trace IDs.'));
    return;
  }
  const [traceA, traceB] = await Promise.all([api.trace(a), api.trace(b)]);
  const rows = merge(buildTrace(traceA), buildTrace(traceB));
  page.append(el('p', { class: 'legend' },
      el('span', { class: 'added' }, 'only in B'), ' ', el('span', { class: 'missing' }, 'only in A'), ' ',
      el('span', { class: 'changed' }, 'changed')),
  el('table', { class: 'data compare', id: 'compare-table' },
      el('thead', {}, el('tr', {}, ['Service: operation', 'A count', 'B count', 'A mean', 'B mean'].map(h => el('th', {}, h)))),
      el('tbody', {}, rows.map(row => el('tr', { class: row.status, 'data-status': row.status },
          el('td', { style: { paddingLeft: `${row.depth * 14 + 4}px` } }, row.label),
          el('td', { class: 'num' }, String(row.a.count)), el('td', { class: 'num' }, String(row.b.count)),
          el('td', { class: 'num' }, row.a.count ? duration(row.a.total / row.a.count) : '–'),
          el('td', { class: 'num' }, row.b.count ? duration(row.b.total / row.b.count) : '–'))))));
}

function paths(model) {
  const byPath = new Map();
  const pathOf = new Map();
  for (const node of model.nodes) {
    const label = `${node.service}: ${node.span.operationName}`;
    const path = (node.parent ? pathOf.get(node.parent) + '\u0000' : '') + label;
    pathOf.set(node, path);
    const entry = byPath.get(path) || { count: 0, total: 0, depth: node.depth, label };
    entry.count++;
    entry.total += node.span.duration;
    byPath.set(path, entry);
  }
  return byPath;
}

export function merge(modelA, modelB) {
  const a = paths(modelA);
  const b = paths(modelB);
  const keys = [...new Set([...a.keys(), ...b.keys()])].sort();
  const empty = { count: 0, total: 0 };
  return keys.map(key => {
    const left = a.get(key) || empty;
    const right = b.get(key) || empty;
    const meta = a.get(key) || b.get(key);
    let status = 'same';
    if (!left.count) status = 'added';
    else if (!right.count) status = 'missing';
    else if (left.count !== right.count || Math.abs(left.total / left.count - right.total / right.count)
        > 0.2 * Math.max(left.total / left.count, right.total / right.count)) status = 'changed';
    return { key, label: meta.label, depth: meta.depth, a: left, b: right, status };
  });
}

// System architecture: the service call graph of a time window, laid out left to right by call
// depth, with call counts on the edges, and the same links as a table.
import * as api from './api.js';
import { serviceColour, el } from './format.js';

const WINDOWS = [['3600000', 'Last hour'], ['21600000', '6 hours'], ['86400000', 'Last day'], ['172800000', '2 days'], ['604800000', '7 days']];

export async function renderDependencies(page, params) {
  const lookback = params.get('lookback') || '86400000';
  const select = el('select', { id: 'dependency-window' }, WINDOWS.map(([v, l]) => el('option', { value: v, selected: v === lookback }, l)));
  const body = el('div', { class: 'dependencies' });
  page.append(el('header', { class: 'page-header' }, el('h1', {}, 'System architecture'), el('label', {}, 'Window ', select)), body);
  const draw = async () => {
    const links = await api.dependencies(Date.now(), Number(select.value));
    if (!links.length) {
      body.replaceChildren(el('p', { class: 'hint', id: 'no-dependencies' }, 'No service calls in this window.'));
      return;
    }
    body.replaceChildren(graph(links), table(links));
  };
  select.addEventListener('change', draw);
  await draw();
}

function layers(links) {
  const services = new Set(links.flatMap(l => [l.parent, l.child]));
  const depth = new Map([...services].map(s => [s, 0]));
  // Longest path from a caller-only service; bounded passes so that call cycles terminate.
  for (let pass = 0; pass < services.size; pass++) {
    let changed = false;
    for (const l of links) {
      if (l.parent !== l.child && depth.get(l.child) < depth.get(l.parent) + 1 && depth.get(l.parent) + 1 < services.size) {
        depth.set(l.child, depth.get(l.parent) + 1);
        changed = true;
      }
    }
    if (!changed) break;
  }
  return depth;
}

function graph(links) {
  const ns = 'http://www.w3.org/2000/svg';
  const depth = layers(links);
  const columns = new Map();
  for (const [service, d] of [...depth.entries()].sort()) {
    if (!columns.has(d)) columns.set(d, []);
    columns.get(d).push(service);
  }
  const colWidth = 220;
  const rowHeight = 70;
  const height = Math.max(...[...columns.values()].map(c => c.length)) * rowHeight + 40;
  const width = columns.size * colWidth + 40;
  const position = new Map();
  for (const [d, services] of columns) {
    services.forEach((s, i) => position.set(s, { x: 20 + d * colWidth, y: 30 + i * rowHeight + (height - 40 - services.length * rowHeight) / 2 }));
  }
  const svg = document.createElementNS(ns, 'svg');
  svg.setAttribute('viewBox', `0 0 ${width} ${height}`);
  svg.setAttribute('class', 'dependency-graph');
  svg.setAttribute('id', 'dependency-graph');
  const defs = document.createElementNS(ns, 'defs');
  defs.innerHTML = '<marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M 0 0 L 10 5 L 0 10 z" fill="#667"/></marker>';
  svg.append(defs);
  for (const l of links) {
    const a = position.get(l.parent);
    const b = position.get(l.child);
    const path = document.createElementNS(ns, 'path');
    const x1 = a.x + 160;
    const y1 = a.y + 18;
    const x2 = b.x;
    const y2 = b.y + 18;
    path.setAttribute('d', l.parent === l.child ? `M ${x1} ${y1} c 40 -40, 40 40, 0 10` : `M ${x1} ${y1} C ${x1 + 40} ${y1}, ${x2 - 40} ${y2}, ${x2} ${y2}`);
    path.setAttribute('class', 'edge');
    path.setAttribute('marker-end', 'url(#arrow)');
    const label = document.createElementNS(ns, 'text');
    label.setAttribute('x', (x1 + x2) / 2);
    label.setAttribute('y', (y1 + y2) / 2 - 4);
    label.setAttribute('class', 'edge-label');
    label.textContent = String(l.callCount);
    svg.append(path, label);
  }
  for (const [service, p] of position) {
    const group = document.createElementNS(ns, 'g');
    group.setAttribute('class', 'node');
    group.setAttribute('data-service', service);
    const rect = document.createElementNS(ns, 'rect');
    Object.entries({ x: p.x, y: p.y, width: 160, height: 36, rx: 6 }).forEach(([k, v]) => rect.setAttribute(k, v));
    rect.setAttribute('style', `stroke: ${serviceColour(service)}`);
    const text = document.createElementNS(ns, 'text');
    text.setAttribute('x', p.x + 80);
    text.setAttribute('y', p.y + 23);
    text.textContent = service;
    group.append(rect, text);
    svg.append(group);
  }
  return svg;
}

function table(links) {
  return el('table', { class: 'data', id: 'dependency-table' },
      el('thead', {}, el('tr', {}, el('th', {}, 'Caller'), el('th', {}, 'Callee'), el('th', {}, 'Calls'))),
      el('tbody', {}, [...links].sort((a, b) => b.callCount - a.callCount).map(l =>
          el('tr', {}, el('td', {}, l.parent), el('td', {}, l.child), el('td', { class: 'num' }, String(l.callCount))))));
}

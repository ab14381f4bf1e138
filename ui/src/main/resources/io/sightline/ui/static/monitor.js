// The Monitor tab: RED charts per service (request rate, error rate, p50/p95/p99 latency) over a
// selectable window and span kind, and the operations table, from /api/metrics/*.
import * as api from './api.js';
import { ApiError } from './api.js';
import { el } from './format.js';

const WINDOWS = [['300000', '5 minutes'], ['900000', '15 minutes'], ['1800000', '30 minutes'], ['3600000', 'Last hour'],
  ['7200000', '2 hours'], ['21600000', '6 hours'], ['43200000', '12 hours'], ['86400000', 'Last day'], ['172800000', '2 days']];
const KINDS = ['server', 'client', 'producer', 'consumer', 'internal'];

export async function renderMonitor(page, params) {
  const services = await api.services();
  const service = el('select', { id: 'monitor-service' }, services.map(s => el('option', { value: s, selected: s === params.get('service') }, s)));
  const kind = el('select', { id: 'monitor-kind' }, KINDS.map(k => el('option', { value: k, selected: k === (params.get('spanKind') || 'server') }, k)));
  const window = el('select', { id: 'monitor-window' }, WINDOWS.map(([v, l]) => el('option', { value: v, selected: v === (params.get('lookback') || '3600000') }, l)));
  const body = el('div', { class: 'monitor' });
  page.append(el('header', { class: 'page-header' }, el('h1', {}, 'Monitor'),
      el('label', {}, 'Service ', service), el('label', {}, 'Span kind ', kind), el('label', {}, 'Window ', window)), body);
  if (!services.length) {
    body.append(el('p', { class: 'hint' }, 'No service has sent spans yet.'));
    return;
  }
  const draw = async () => {
    body.replaceChildren(el('p', { class: 'hint' }, 'Loading metrics…'));
    try {
      body.replaceChildren(...await panels(service.value, kind.value, Number(window.value)));
    } catch (e) {
      if (e instanceof ApiError && e.status === 501) {
        body.replaceChildren(el('p', { class: 'hint', id: 'metrics-disabled' }, 'Service Performance Monitoring is turned off on this server.'));
      } else {
        throw e;
      }
    }
  };
  for (const control of [service, kind, window]) control.addEventListener('change', draw);
  await draw();
}

async function panels(service, spanKind, lookbackMs) {
  const endTs = Date.now();
  const step = Math.max(15_000, Math.floor(lookbackMs / 60 / 15_000) * 15_000);
  const query = (extra = {}) => {
    const p = new URLSearchParams({ service, endTs: String(endTs), lookback: String(lookbackMs), step: String(step), ratePer: '600000', spanKind });
    for (const [k, v] of Object.entries(extra)) p.set(k, v);
    return p;
  };
  const [p50, p95, p99, calls, errors, opLatency, opCalls, opErrors] = await Promise.all([
    api.metrics('latencies', query({ quantile: '0.5' })), api.metrics('latencies', query({ quantile: '0.95' })),
    api.metrics('latencies', query({ quantile: '0.99' })), api.metrics('calls', query()), api.metrics('errors', query()),
    api.metrics('latencies', query({ quantile: '0.95', groupByOperation: 'true' })),
    api.metrics('calls', query({ groupByOperation: 'true' })), api.metrics('errors', query({ groupByOperation: 'true' })),
  ]);
  return [
    el('div', { class: 'charts' },
        chart('Latency (ms)', [['p50', series(p50)], ['p95', series(p95)], ['p99', series(p99)]], 'chart-latency'),
        chart('Error rate (%)', [['errors', series(errors).map(([t, v]) => [t, v === null ? null : v * 100])]], 'chart-errors'),
        chart('Request rate (req/s)', [['calls', series(calls)]], 'chart-calls')),
    operationsTable(service, spanKind, lookbackMs, opLatency, opCalls, opErrors),
  ];
}

function value(point) {
  const v = point.gaugeValue.doubleValue;
  return typeof v === 'number' ? v : null;
}

function series(family) {
  const metric = family.metrics[0];
  return metric ? metric.metricPoints.map(p => [Date.parse(p.timestamp), value(p)]) : [];
}

function chart(title, lines, id) {
  const ns = 'http://www.w3.org/2000/svg';
  const width = 360;
  const height = 160;
  const points = lines.flatMap(([, s]) => s);
  const values = points.map(([, v]) => v).filter(v => v !== null);
  const max = Math.max(1e-9, ...values);
  const times = points.map(([t]) => t);
  const t0 = Math.min(...times);
  const t1 = Math.max(...times, t0 + 1);
  const svg = document.createElementNS(ns, 'svg');
  svg.setAttribute('viewBox', `0 0 ${width} ${height}`);
  const palette = ['#2b6cb0', '#dd6b20', '#c53030'];
  lines.forEach(([name, s], i) => {
    let d = '';
    let pen = false;
    for (const [t, v] of s) {
      if (v === null) { pen = false; continue; }
      const x = 30 + (t - t0) / (t1 - t0) * (width - 40);
      const y = height - 20 - v / max * (height - 40);
      d += `${pen ? 'L' : 'M'} ${x.toFixed(1)} ${y.toFixed(1)} `;
      pen = true;
    }
    const path = document.createElementNS(ns, 'path');
    path.setAttribute('d', d || 'M 0 0');
    path.setAttribute('class', 'line');
    path.setAttribute('stroke', palette[i % palette.length]);
    path.setAttribute('data-series', name);
    svg.append(path);
    // A dot per point, so that a lone point between gaps is still visible.
    for (const [t, v] of s) {
      if (v === null) continue;
      const dot = document.createElementNS(ns, 'circle');
      dot.setAttribute('cx', (30 + (t - t0) / (t1 - t0) * (width - 40)).toFixed(1));
      dot.setAttribute('cy', (height - 20 - v / max * (height - 40)).toFixed(1));
      dot.setAttribute('r', 1.8);
      dot.setAttribute('fill', palette[i % palette.length]);
      dot.setAttribute('class', 'point');
      dot.setAttribute('data-series', name);
      svg.append(dot);
    }
  });
  const label = document.createElementNS(ns, 'text');
  label.setAttribute('x', 2);
  label.setAttribute('y', 12);
  label.setAttribute('class', 'axis');
  label.textContent = !values.length ? 'no data' : Math.max(...values) === 0 ? '0' : max.toPrecision(3);
  svg.append(label);
  return el('figure', { class: 'chart', id }, el('figcaption', {}, title, ' ',
      lines.length > 1 ? lines.map(([name], i) => el('span', { class: 'key', style: { color: palette[i] } }, name)) : null), svg);
}

function byOperation(family) {
  const out = new Map();
  for (const metric of family.metrics) {
    const operation = (metric.labels.find(l => l.name === 'operation') || {}).value;
    const values = metric.metricPoints.map(value).filter(v => v !== null);
    out.set(operation, values.length ? values.reduce((a, b) => a + b, 0) / values.length : null);
  }
  return out;
}

function operationsTable(service, spanKind, lookbackMs, latency, calls, errors) {
  const p95 = byOperation(latency);
  const rate = byOperation(calls);
  const errorRate = byOperation(errors);
  const operations = [...new Set([...p95.keys(), ...rate.keys()])].filter(Boolean);
  const impactOf = op => (p95.get(op) || 0) * (rate.get(op) || 0);
  const maxImpact = Math.max(1e-9, ...operations.map(impactOf));
  let rows = operations.map(op => ({ op, p95: p95.get(op), rate: rate.get(op), errors: errorRate.get(op), impact: impactOf(op) / maxImpact }));
  const tbody = el('tbody');
  const fmt = (v, digits = 2) => (v === null || v === undefined ? '–' : v.toFixed(digits));
  const draw = () => tbody.replaceChildren(...rows.map(r => {
    const search = new URLSearchParams({ service, operation: r.op, lookback: '1h', limit: '20' });
    const slow = new URLSearchParams(search);
    if (r.p95) slow.set('minDuration', `${Math.max(1, Math.round(r.p95))}ms`);
    const failing = new URLSearchParams(search);
    failing.set('tags', JSON.stringify({ error: 'true' }));
    return el('tr', { 'data-operation': r.op },
        el('td', {}, r.op), el('td', { class: 'num' }, fmt(r.p95)), el('td', { class: 'num' }, fmt(r.rate, 3)),
        el('td', { class: 'num' }, r.errors === null || r.errors === undefined ? '–' : (r.errors * 100).toFixed(1) + '%'),
        el('td', {}, el('meter', { value: r.impact, min: 0, max: 1 })),
        el('td', {}, el('a', { href: 'search?' + slow, 'data-nav': true }, 'slow traces'), ' · ',
            el('a', { href: 'search?' + failing, 'data-nav': true }, 'failing traces')));
  }));
  const header = (label, key) => el('th', { class: 'sortable', onclick: () => {
    rows = [...rows].sort((a, b) => (key === 'op' ? String(a.op).localeCompare(String(b.op)) : (b[key] || 0) - (a[key] || 0)));
    draw();
  } }, label);
  rows.sort((a, b) => b.impact - a.impact);
  draw();
  return el('section', {}, el('h2', {}, `Operations (${spanKind})`),
      el('table', { class: 'data', id: 'operations-table' },
          el('thead', {}, el('tr', {}, header('Name', 'op'), header('P95 latency (ms)', 'p95'), header('Request rate (req/s)', 'rate'),
              header('Error rate', 'errors'), header('Impact', 'impact'), el('th', {}, 'Traces'))), tbody));
}

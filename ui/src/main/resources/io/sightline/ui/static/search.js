// The search page: the form (service, operation with span kind, tags in logfmt, lookback or a
// custom range, durations, limit), a scatter plot of the results and the sortable result list.
import * as api from './api.js';
import { buildTrace } from './model.js';
import { duration, timestamp, relativeAgo, serviceColour, el } from './format.js';
import { navigate } from './app.js';

const LOOKBACKS = [['5m', '5 minutes'], ['15m', '15 minutes'], ['30m', '30 minutes'], ['1h', 'Last hour'],
  ['2h', '2 hours'], ['6h', '6 hours'], ['12h', '12 hours'], ['1d', 'Last day'], ['2d', '2 days'],
  ['7d', '7 days'], ['custom', 'Custom range']];
const UNIT_MS = { m: 60_000, h: 3_600_000, d: 86_400_000 };
const SORTS = {
  recent: (a, b) => b.start - a.start,
  longest: (a, b) => b.duration - a.duration,
  shortest: (a, b) => a.duration - b.duration,
  spans: (a, b) => b.nodes.length - a.nodes.length,
  errors: (a, b) => b.errors - a.errors,
};

/** Tags typed as logfmt (`error=true http.status_code=500 "a b"="c d"`) to the API's JSON object. */
export function logfmtToTags(text) {
  const tags = {};
  const pattern = /\s*("(?:[^"\\]|\\.)*"|[^\s=]+)(?:=("(?:[^"\\]|\\.)*"|\S*))?/g;
  let match;
  while ((match = pattern.exec(text)) !== null && match[0].trim()) {
    const unquote = s => (s && s.startsWith('"') ? JSON.parse(s) : s || '');
    tags[unquote(match[1])] = unquote(match[2]);
  }
  return tags;
}

export async function renderSearch(page, params) {
  const form = el('form', { class: 'search-form', id: 'search-form' });
  const serviceSelect = el('select', { name: 'service', id: 'service', required: true }, el('option', { value: '' }, 'Choose a service'));
  const operationSelect = el('select', { name: 'operation', id: 'operation' }, el('option', { value: '' }, 'all'));
  const tags = el('input', { name: 'tags', id: 'tags', placeholder: 'http.status_code=500 error=true', value: params.get('tags') ? tagsToLogfmt(params.get('tags')) : '' });
  const lookback = el('select', { name: 'lookback', id: 'lookback' },
      LOOKBACKS.map(([value, label]) => el('option', { value, selected: (params.get('lookback') || '1h') === value }, label)));
  const start = el('input', { type: 'datetime-local', name: 'start', id: 'start', step: 1 });
  const end = el('input', { type: 'datetime-local', name: 'end', id: 'end', step: 1 });
  const custom = el('div', { class: 'custom-range', hidden: lookback.value !== 'custom' }, el('label', {}, 'From', start), el('label', {}, 'To', end));
  const minDuration = el('input', { name: 'minDuration', id: 'minDuration', placeholder: 'e.g. 1.2s, 100ms', value: params.get('minDuration') || '' });
  const maxDuration = el('input', { name: 'maxDuration', id: 'maxDuration', placeholder: 'e.g. 1.1s', value: params.get('maxDuration') || '' });
  const limit = el('input', { type: 'number', name: 'limit', id: 'limit', min: 1, max: 1500, value: params.get('limit') || '20' });
  const submit = el('button', { type: 'submit', id: 'find-traces', class: 'primary' }, 'Find Traces');
  if (params.get('start') && params.get('end')) {
    start.value = toLocalInput(Number(params.get('start')) / 1000);
    end.value = toLocalInput(Number(params.get('end')) / 1000);
  }
  lookback.addEventListener('change', () => { custom.hidden = lookback.value !== 'custom'; });
  form.append(
      el('label', {}, 'Service', serviceSelect),
      el('label', {}, 'Operation', operationSelect),
      el('label', {}, 'Tags', tags),
      el('label', {}, 'Lookback', lookback), custom,
      el('div', { class: 'row' }, el('label', {}, 'Min duration', minDuration), el('label', {}, 'Max duration', maxDuration)),
      el('label', {}, 'Limit results', limit),
      submit);
  const results = el('section', { class: 'results', id: 'results' }, el('p', { class: 'hint' }, 'Choose a service and find its traces.'));
  page.append(el('div', { class: 'search-page' }, el('aside', {}, form), results));

  const serviceNames = await api.services();
  for (const name of serviceNames) serviceSelect.append(el('option', { value: name, selected: name === params.get('service') }, name));
  const loadOperations = async () => {
    operationSelect.replaceChildren(el('option', { value: '' }, 'all'));
    if (!serviceSelect.value) return;
    const operations = await api.operations(serviceSelect.value);
    const names = [...new Set(operations.map(o => o.name))].sort();
    for (const o of operations.sort((a, b) => a.name.localeCompare(b.name) || a.spanKind.localeCompare(b.spanKind))) {
      const label = names.length === operations.length || !o.spanKind ? o.name : `${o.name} (${o.spanKind})`;
      if (!operationSelect.querySelector(`option[value="${CSS.escape(o.name)}"]`)) {
        operationSelect.append(el('option', { value: o.name, selected: o.name === params.get('operation') }, label));
      }
    }
  };
  serviceSelect.addEventListener('change', loadOperations);
  await loadOperations();

  form.addEventListener('submit', event => {
    event.preventDefault();
    const query = new URLSearchParams();
    query.set('service', serviceSelect.value);
    if (operationSelect.value) query.set('operation', operationSelect.value);
    const tagObject = logfmtToTags(tags.value);
    if (Object.keys(tagObject).length) query.set('tags', JSON.stringify(tagObject));
    query.set('lookback', lookback.value);
    if (lookback.value === 'custom') {
      if (start.value) query.set('start', String(new Date(start.value).getTime() * 1000));
      if (end.value) query.set('end', String(new Date(end.value).getTime() * 1000));
    }
    if (minDuration.value) query.set('minDuration', minDuration.value.trim());
    if (maxDuration.value) query.set('maxDuration', maxDuration.value.trim());
    query.set('limit', limit.value || '20');
    navigate('search?' + query.toString());
  });

  if (params.get('service')) await search(results, params);
}

function tagsToLogfmt(json) {
  try {
    return Object.entries(JSON.parse(json)).map(([k, v]) => `${quote(k)}=${quote(v)}`).join(' ');
  } catch (e) {
    return '';
  }
}

function quote(s) {
  return /[\s="]/.test(s) ? JSON.stringify(s) : s;
}

function toLocalInput(ms) {
  const date = new Date(ms);
  return new Date(ms - date.getTimezoneOffset() * 60_000).toISOString().slice(0, 19);
}

async function search(results, params) {
  const query = new URLSearchParams();
  for (const key of ['service', 'operation', 'tags', 'minDuration', 'maxDuration', 'limit']) {
    if (params.get(key)) query.set(key, params.get(key));
  }
  const lookback = params.get('lookback') || '1h';
  if (lookback === 'custom' && params.get('start')) {
    query.set('start', params.get('start'));
    if (params.get('end')) query.set('end', params.get('end'));
  } else {
    const match = /^(\d+)([mhd])$/.exec(lookback);
    const nowMs = Date.now();
    const spanMs = match ? Number(match[1]) * UNIT_MS[match[2]] : 3_600_000;
    query.set('start', String((nowMs - spanMs) * 1000));
    query.set('end', String(nowMs * 1000));
  }
  results.replaceChildren(el('p', { class: 'hint' }, 'Searching…'));
  const body = await api.findTraces(query);
  const traces = (body.data || []).map(buildTrace);
  const warnings = (body.errors || []).map(e => el('div', { class: 'warning' }, e.msg));
  if (!traces.length) {
    results.replaceChildren(...warnings, el('p', { class: 'hint', id: 'no-results' }, 'No trace results. Try another query.'));
    return;
  }
  const list = el('ol', { class: 'trace-list', id: 'trace-list' });
  const sort = el('select', { id: 'sort' },
      [['recent', 'Most recent'], ['longest', 'Longest first'], ['shortest', 'Shortest first'], ['spans', 'Most spans'], ['errors', 'Most errors']]
          .map(([value, label]) => el('option', { value }, label)));
  const drawList = () => {
    const sorted = [...traces].sort(SORTS[sort.value]);
    list.replaceChildren(...sorted.map(traceRow));
  };
  sort.addEventListener('change', drawList);
  drawList();
  results.replaceChildren(...warnings, scatterPlot(traces),
      el('div', { class: 'results-header' }, el('h2', {}, `${traces.length} Trace${traces.length === 1 ? '' : 's'}`), el('label', {}, 'Sort', sort)),
      list);
}

function traceRow(model) {
  const maxServices = [...model.services.entries()].sort((a, b) => b[1] - a[1]);
  return el('li', { class: 'trace-row' + (model.errors ? ' has-errors' : ''), 'data-trace-id': model.traceID },
      el('a', { href: 'trace/' + model.traceID, 'data-nav': true, class: 'trace-title' },
          el('span', { class: 'name' }, model.name), el('span', { class: 'id' }, model.traceID.slice(0, 7))),
      el('span', { class: 'duration' }, duration(model.duration)),
      el('div', { class: 'meta' },
          el('span', {}, `${model.nodes.length} Span${model.nodes.length === 1 ? '' : 's'}`),
          model.errors ? el('span', { class: 'errors' }, `${model.errors} Error${model.errors === 1 ? '' : 's'}`) : null,
          el('span', { class: 'services' }, maxServices.map(([service, count]) =>
              el('span', { class: 'service-tag', style: { borderColor: serviceColour(service) } }, `${service} (${count})`)))),
      el('div', { class: 'when' }, el('span', {}, timestamp(model.start)), el('span', { class: 'ago' }, relativeAgo(model.start))));
}

/** Start time against duration; errors in red; a dot links to its trace. */
function scatterPlot(traces) {
  const width = 800;
  const height = 180;
  const pad = 40;
  const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
  svg.setAttribute('viewBox', `0 0 ${width} ${height}`);
  svg.setAttribute('class', 'scatter');
  svg.setAttribute('id', 'scatter');
  const minStart = Math.min(...traces.map(t => t.start));
  const maxStart = Math.max(...traces.map(t => t.start));
  const maxDuration = Math.max(...traces.map(t => t.duration), 1);
  const x = t => pad + (maxStart === minStart ? (width - 2 * pad) / 2 : (t.start - minStart) / (maxStart - minStart) * (width - 2 * pad));
  const y = t => height - pad / 2 - t.duration / maxDuration * (height - pad);
  const ns = 'http://www.w3.org/2000/svg';
  const axis = document.createElementNS(ns, 'text');
  axis.setAttribute('x', 4);
  axis.setAttribute('y', 14);
  axis.setAttribute('class', 'axis');
  axis.textContent = duration(maxDuration);
  svg.append(axis);
  for (const t of traces) {
    const dot = document.createElementNS(ns, 'circle');
    dot.setAttribute('cx', x(t));
    dot.setAttribute('cy', y(t));
    dot.setAttribute('r', Math.min(12, 3 + Math.sqrt(t.nodes.length)));
    dot.setAttribute('class', t.errors ? 'dot error' : 'dot');
    const title = document.createElementNS(ns, 'title');
    title.textContent = `${t.name}\n${duration(t.duration)}, ${t.nodes.length} spans${t.errors ? `, ${t.errors} errors` : ''}`;
    dot.append(title);
    dot.addEventListener('click', () => navigate('trace/' + t.traceID));
    svg.append(dot);
  }
  return svg;
}

// The trace page: header, minimap, span search, the collapsible timeline, the span detail pane,
// statistics, critical path, JSON download and deep links to a span (?uiFind=<spanID>).
import * as api from './api.js';
import { buildTrace, statistics, criticalPath } from './model.js';
import { duration, timestamp, serviceColour, el, tagValue } from './format.js';
import { Timeline } from './timeline.js';

export async function renderTrace(page, traceId, params) {
  page.append(el('p', { class: 'hint' }, 'Loading trace…'));
  const raw = await api.trace(traceId);
  const model = buildTrace(raw);
  page.replaceChildren();

  const detail = el('aside', { class: 'span-detail', id: 'span-detail', hidden: true });
  const timeline = new Timeline(model, node => showDetail(detail, model, node));
  const find = el('input', { id: 'span-find', placeholder: 'Find spans (service, operation, tag value, span ID)…', value: params.get('uiFind') || '' });
  const findCount = el('span', { class: 'find-count', id: 'find-count' });
  const applyFind = () => {
    const count = timeline.highlight(find.value.trim());
    findCount.textContent = find.value.trim() ? `${count} match${count === 1 ? '' : 'es'}` : '';
  };
  find.addEventListener('input', applyFind);
  const critical = el('input', { type: 'checkbox', id: 'critical-path' });
  critical.addEventListener('change', () => timeline.showCriticalPath(critical.checked ? criticalPath(model) : null));
  const download = el('a', {
    id: 'download-json', download: `trace-${model.traceID}.json`,
    href: URL.createObjectURL(new Blob([JSON.stringify({ data: [raw] }, null, 2)], { type: 'application/json' })),
  }, 'Download JSON');
  const statsView = el('section', { class: 'statistics', id: 'statistics', hidden: true }, statisticsTable(model));
  const statsToggle = el('button', { type: 'button', id: 'show-statistics' }, 'Trace statistics');
  statsToggle.addEventListener('click', () => {
    statsView.hidden = !statsView.hidden;
    statsToggle.classList.toggle('active', !statsView.hidden);
  });

  page.append(
      el('header', { class: 'trace-header' },
          el('h1', { id: 'trace-name' }, model.name, ' ', el('span', { class: 'id' }, model.traceID)),
          el('dl', { class: 'trace-facts' },
              el('dt', {}, 'Start'), el('dd', {}, timestamp(model.start)),
              el('dt', {}, 'Duration'), el('dd', { id: 'trace-duration' }, duration(model.duration)),
              el('dt', {}, 'Services'), el('dd', {}, String(model.services.size)),
              el('dt', {}, 'Depth'), el('dd', {}, String(model.depth)),
              el('dt', {}, 'Total spans'), el('dd', { id: 'trace-span-count' }, String(model.nodes.length)),
              model.errors ? el('dt', {}, 'Errors') : null, model.errors ? el('dd', { class: 'errors' }, String(model.errors)) : null),
          el('div', { class: 'trace-tools' }, find, findCount,
              el('label', {}, critical, ' Critical path'), statsToggle, download)),
      statsView,
      timeline.minimap(),
      el('div', { class: 'trace-body' }, timeline.element(), detail));
  timeline.mount();
  if (find.value) {
    applyFind();
    const target = model.nodes.find(n => n.span.spanID === find.value.trim());
    if (target) {
      timeline.reveal(target);
      showDetail(detail, model, target);
    }
  }
}

function statisticsTable(model) {
  return el('table', { class: 'data' },
      el('thead', {}, el('tr', {}, ['Service', 'Operation', 'Count', 'Total', 'Self', 'Self %', 'Errors'].map(h => el('th', {}, h)))),
      el('tbody', {}, statistics(model).map(row => el('tr', {},
          el('td', {}, el('span', { class: 'swatch', style: { background: serviceColour(row.service) } }), row.service),
          el('td', {}, row.operation), el('td', { class: 'num' }, String(row.count)),
          el('td', { class: 'num' }, duration(row.total)), el('td', { class: 'num' }, duration(row.self)),
          el('td', { class: 'num' }, (100 * row.self / Math.max(1, model.duration)).toFixed(1) + '%'),
          el('td', { class: 'num' }, String(row.errors))))));
}

function keyValues(title, items, id) {
  if (!items || !items.length) return null;
  return el('details', { open: true, class: 'kv', id },
      el('summary', {}, `${title} (${items.length})`),
      el('table', {}, items.map(t => el('tr', {}, el('th', {}, t.key), el('td', { class: t.type ? 'type-' + t.type : '' }, tagValue(t))))));
}

function copyButton(text, label) {
  const button = el('button', { type: 'button', class: 'copy', title: 'Copy ' + label }, 'Copy');
  button.addEventListener('click', () => navigator.clipboard && navigator.clipboard.writeText(text));
  return button;
}

function showDetail(detail, model, node) {
  const span = node.span;
  const link = new URL(`trace/${model.traceID}?uiFind=${span.spanID}`, document.baseURI).href;
  detail.hidden = false;
  detail.replaceChildren(
      el('button', { type: 'button', class: 'close', title: 'Close', onclick: () => { detail.hidden = true; } }, '×'),
      el('h2', {}, el('span', { class: 'swatch', style: { background: serviceColour(node.service) } }), node.service, ': ', span.operationName),
      el('dl', { class: 'span-facts' },
          el('dt', {}, 'Start'), el('dd', {}, `${duration(span.startTime - model.start)} (${timestamp(span.startTime)})`),
          el('dt', {}, 'Duration'), el('dd', { id: 'detail-duration' }, duration(span.duration)),
          el('dt', {}, 'Self time'), el('dd', {}, duration(node.selfTime)),
          el('dt', {}, 'Span ID'), el('dd', { id: 'detail-span-id' }, span.spanID, copyButton(span.spanID, 'span ID')),
          el('dt', {}, 'Trace ID'), el('dd', {}, model.traceID, copyButton(model.traceID, 'trace ID')),
          el('dt', {}, 'Link'), el('dd', {}, el('a', { href: link }, 'Deep link'), copyButton(link, 'link'))),
      keyValues('Tags', span.tags, 'detail-tags'),
      keyValues('Process', node.process.tags, 'detail-process'),
      span.logs && span.logs.length ? el('details', { open: true, class: 'kv', id: 'detail-logs' },
          el('summary', {}, `Events (${span.logs.length})`),
          span.logs.map(log => el('div', { class: 'log' },
              el('div', { class: 'log-time' }, duration(log.timestamp - model.start)),
              el('table', {}, log.fields.map(f => el('tr', {}, el('th', {}, f.key), el('td', {}, tagValue(f)))))))) : null,
      span.references && span.references.length ? el('details', { open: true, class: 'kv', id: 'detail-references' },
          el('summary', {}, `References (${span.references.length})`),
          el('ul', {}, span.references.map(r => el('li', {}, `${r.refType} `,
              el('a', { href: `trace/${r.traceID}?uiFind=${r.spanID}`, 'data-nav': true }, `${r.traceID.slice(0, 7)}…/${r.spanID}`))))) : null,
      span.warnings && span.warnings.length ? el('details', { open: true, class: 'kv warnings', id: 'detail-warnings' },
          el('summary', {}, `Warnings (${span.warnings.length})`), el('ul', {}, span.warnings.map(w => el('li', {}, w)))) : null);
}

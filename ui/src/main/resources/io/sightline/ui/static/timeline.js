// The trace timeline. Only the rows in view are in the DOM, so a trace of 100,000 spans scrolls
// as smoothly as one of ten. The minimap selects the time window shown.
import { duration, serviceColour, el } from './format.js';

const ROW_HEIGHT = 24;
const OVERSCAN_ROWS = 20;

export class Timeline {
  constructor(model, onSelect) {
    this.model = model;
    this.onSelect = onSelect;
    this.collapsed = new Set();
    this.matches = null;
    this.critical = null;
    this.selected = null;
    this.viewStart = model.start;
    this.viewEnd = model.end === model.start ? model.start + 1 : model.end;
    this.visible = model.nodes;
    this.viewport = el('div', { class: 'viewport', id: 'timeline-viewport' });
    this.spacer = el('div', { class: 'spacer' });
    this.viewport.append(this.spacer);
    this.ticks = el('div', { class: 'ticks' });
    this.root = el('section', { class: 'timeline', id: 'timeline' },
        el('div', { class: 'timeline-header' }, el('div', { class: 'name-col' }, 'Service & Operation'), this.ticks),
        this.viewport);
    this.viewport.addEventListener('scroll', () => this.scheduleDraw());
  }

  element() {
    return this.root;
  }

  mount() {
    this.recomputeVisible();
    this.drawMinimap();
  }

  scheduleDraw() {
    if (this.pending) return;
    this.pending = requestAnimationFrame(() => {
      this.pending = null;
      this.draw();
    });
  }

  recomputeVisible() {
    const hidden = new Set();
    const visible = [];
    for (const node of this.model.nodes) {
      if (node.parent && (hidden.has(node.parent) || this.collapsed.has(node.parent))) {
        hidden.add(node);
        continue;
      }
      visible.push(node);
    }
    this.visible = visible;
    this.spacer.style.height = `${visible.length * ROW_HEIGHT}px`;
    this.draw();
  }

  draw() {
    const top = this.viewport.scrollTop;
    const height = this.viewport.clientHeight || 600;
    const first = Math.max(0, Math.floor(top / ROW_HEIGHT) - OVERSCAN_ROWS);
    const last = Math.min(this.visible.length, Math.ceil((top + height) / ROW_HEIGHT) + OVERSCAN_ROWS);
    const rows = [];
    for (let i = first; i < last; i++) rows.push(this.row(this.visible[i], i));
    this.spacer.replaceChildren(...rows);
    this.drawTicks();
  }

  drawTicks() {
    const ticks = [];
    for (let i = 0; i <= 4; i++) {
      const t = this.viewStart + (this.viewEnd - this.viewStart) * i / 4;
      ticks.push(el('span', { class: 'tick', style: { left: `${i * 25}%` } }, duration(t - this.model.start)));
    }
    this.ticks.replaceChildren(...ticks);
  }

  row(node, index) {
    const span = node.span;
    const range = this.viewEnd - this.viewStart;
    const left = (span.startTime - this.viewStart) / range * 100;
    const width = Math.max(span.duration / range * 100, 0.15);
    const classes = ['span-row'];
    if (node.error) classes.push('error');
    if (this.matches && this.matches.has(span.spanID)) classes.push('match');
    if (this.matches && !this.matches.has(span.spanID)) classes.push('dimmed');
    if (this.critical && this.critical.has(span.spanID)) classes.push('critical');
    if (this.selected === node) classes.push('selected');
    const toggle = node.children.length
        ? el('button', { type: 'button', class: 'toggle', 'aria-expanded': String(!this.collapsed.has(node)),
          title: this.collapsed.has(node) ? 'Expand' : 'Collapse',
          onclick: event => { event.stopPropagation(); this.toggle(node); } }, this.collapsed.has(node) ? '▸' : '▾')
        : el('span', { class: 'toggle-spacer' });
    const colour = serviceColour(node.service);
    const row = el('div', {
      class: classes.join(' '), style: { top: `${index * ROW_HEIGHT}px` }, 'data-span-id': span.spanID,
      onclick: () => this.select(node),
    },
    el('div', { class: 'name-col', style: { paddingLeft: `${node.depth * 14 + 4}px` } }, toggle,
        el('span', { class: 'swatch', style: { background: colour } }),
        el('span', { class: 'service' }, node.service), ' ',
        el('span', { class: 'operation' }, span.operationName),
        node.children.length && this.collapsed.has(node) ? el('span', { class: 'collapsed-count' }, ` (+${countDescendants(node)})`) : null),
    el('div', { class: 'bar-col' },
        el('div', { class: 'bar', style: { left: `${left}%`, width: `${width}%`, background: colour } }),
        el('span', { class: 'bar-label', style: { left: `${Math.min(left + width, 92)}%` } }, duration(span.duration))));
    return row;
  }

  toggle(node) {
    if (this.collapsed.has(node)) this.collapsed.delete(node);
    else this.collapsed.add(node);
    this.recomputeVisible();
  }

  select(node) {
    this.selected = node;
    this.draw();
    this.onSelect(node);
  }

  /** Marks the spans matching the query (service, operation, span ID, tag key or value); returns the count. */
  highlight(query) {
    if (!query) {
      this.matches = null;
      this.draw();
      return 0;
    }
    const needle = query.toLowerCase();
    const matches = new Set();
    for (const node of this.model.nodes) {
      const span = node.span;
      const hay = [node.service, span.operationName, span.spanID,
        ...span.tags.flatMap(t => [t.key, String(t.value)]),
        ...node.process.tags.flatMap(t => [t.key, String(t.value)])];
      if (hay.some(text => text.toLowerCase().includes(needle))) matches.add(span.spanID);
    }
    this.matches = matches;
    this.draw();
    return matches.size;
  }

  showCriticalPath(spanIds) {
    this.critical = spanIds;
    this.draw();
  }

  /** Expands the node's ancestors and scrolls it into view. */
  reveal(node) {
    for (let parent = node.parent; parent; parent = parent.parent) this.collapsed.delete(parent);
    this.recomputeVisible();
    const index = this.visible.indexOf(node);
    if (index >= 0) this.viewport.scrollTop = Math.max(0, index * ROW_HEIGHT - 3 * ROW_HEIGHT);
    this.selected = node;
    this.draw();
  }

  setWindow(start, end) {
    this.viewStart = Math.max(this.model.start, Math.min(start, end));
    this.viewEnd = Math.min(this.model.end, Math.max(start, end));
    if (this.viewEnd - this.viewStart < 1) this.viewEnd = this.viewStart + 1;
    this.draw();
    this.drawMinimap();
  }

  minimap() {
    this.canvas = el('canvas', { class: 'minimap', id: 'minimap', height: 60, title: 'Drag to zoom; double-click to reset' });
    let dragFrom = null;
    const timeAt = event => {
      const rect = this.canvas.getBoundingClientRect();
      const fraction = Math.min(1, Math.max(0, (event.clientX - rect.left) / rect.width));
      return this.model.start + fraction * (this.model.end - this.model.start);
    };
    this.canvas.addEventListener('mousedown', event => { dragFrom = timeAt(event); });
    window.addEventListener('mouseup', event => {
      if (dragFrom === null) return;
      const to = timeAt(event);
      if (Math.abs(to - dragFrom) > (this.model.end - this.model.start) / 500) this.setWindow(dragFrom, to);
      dragFrom = null;
    });
    this.canvas.addEventListener('dblclick', () => this.setWindow(this.model.start, this.model.end));
    return this.canvas;
  }

  drawMinimap() {
    if (!this.canvas) return;
    const canvas = this.canvas;
    canvas.width = canvas.clientWidth || 800;
    const context = canvas.getContext('2d');
    const nodes = this.model.nodes;
    const range = Math.max(1, this.model.end - this.model.start);
    const rowHeight = canvas.height / Math.max(1, nodes.length);
    context.clearRect(0, 0, canvas.width, canvas.height);
    // At most one bar per pixel row: a 100k-span trace draws in a few milliseconds.
    const step = Math.max(1, Math.floor(nodes.length / canvas.height));
    for (let i = 0; i < nodes.length; i += step) {
      const span = nodes[i].span;
      context.fillStyle = nodes[i].error ? '#d63b3b' : serviceColour(nodes[i].service);
      context.fillRect((span.startTime - this.model.start) / range * canvas.width, i * rowHeight,
          Math.max(1, span.duration / range * canvas.width), Math.max(1, rowHeight * step));
    }
    context.fillStyle = 'rgba(40, 90, 200, 0.15)';
    context.strokeStyle = 'rgba(40, 90, 200, 0.8)';
    const x = (this.viewStart - this.model.start) / range * canvas.width;
    const w = (this.viewEnd - this.viewStart) / range * canvas.width;
    context.fillRect(x, 0, w, canvas.height);
    context.strokeRect(x, 0, w, canvas.height);
  }
}

function countDescendants(node) {
  let count = 0;
  const stack = [...node.children];
  while (stack.length) {
    const next = stack.pop();
    count++;
    stack.push(...next.children);
  }
  return count;
}

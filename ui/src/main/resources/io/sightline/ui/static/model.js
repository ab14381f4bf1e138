// A Jaeger-JSON trace turned into what the pages draw: the span tree in display order,
// timings, services, errors.

export function isError(span) {
  return span.tags.some(t => (t.key === 'error' && (t.value === true || t.value === 'true'))
      || (t.key === 'otel.status_code' && t.value === 'ERROR'));
}

function parentId(span, ids) {
  const refs = span.references || [];
  const child = refs.find(r => r.refType === 'CHILD_OF' && ids.has(r.spanID));
  if (child) return child.spanID;
  const follows = refs.find(r => r.refType === 'FOLLOWS_FROM' && ids.has(r.spanID));
  return follows ? follows.spanID : null;
}

/**
 * The trace with: nodes in display order (depth-first, children by start time), each
 * {span, depth, parent, children, service, selfTime, error}; start/end/duration in µs.
 */
export function buildTrace(trace) {
  const spans = trace.spans;
  const ids = new Set(spans.map(s => s.spanID));
  const nodes = new Map();
  for (const span of spans) {
    const process = trace.processes[span.processID] || { serviceName: 'unknown', tags: [] };
    nodes.set(span.spanID, {
      span, process, service: process.serviceName, children: [], parent: null, depth: 0,
      error: isError(span), selfTime: span.duration,
    });
  }
  const roots = [];
  for (const node of nodes.values()) {
    const parent = parentId(node.span, ids);
    if (parent && parent !== node.span.spanID) {
      node.parent = nodes.get(parent);
      node.parent.children.push(node);
    } else {
      roots.push(node);
    }
  }
  const byStart = (a, b) => a.span.startTime - b.span.startTime;
  roots.sort(byStart);
  const ordered = [];
  const stack = [...roots].reverse();
  const seen = new Set();
  while (stack.length) {
    const node = stack.pop();
    if (seen.has(node)) continue;
    seen.add(node);
    node.depth = node.parent ? node.parent.depth + 1 : 0;
    ordered.push(node);
    node.children.sort(byStart);
    for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i]);
  }
  let start = Infinity;
  let end = -Infinity;
  for (const node of ordered) {
    start = Math.min(start, node.span.startTime);
    end = Math.max(end, node.span.startTime + node.span.duration);
    node.selfTime = selfTime(node);
  }
  const services = new Map();
  for (const node of ordered) services.set(node.service, (services.get(node.service) || 0) + 1);
  const root = roots[0];
  return {
    traceID: trace.traceID, raw: trace, nodes: ordered, roots, start, end, duration: end - start,
    services, depth: Math.max(0, ...ordered.map(n => n.depth)) + 1,
    errors: ordered.filter(n => n.error).length,
    name: root ? `${root.service}: ${root.span.operationName}` : trace.traceID,
  };
}

/** Time of a span not covered by any of its children, µs. */
function selfTime(node) {
  const start = node.span.startTime;
  const end = start + node.span.duration;
  const intervals = node.children
      .map(c => [Math.max(start, c.span.startTime), Math.min(end, c.span.startTime + c.span.duration)])
      .filter(([a, b]) => b > a)
      .sort((a, b) => a[0] - b[0]);
  let covered = 0;
  let cursor = start;
  for (const [a, b] of intervals) {
    if (b <= cursor) continue;
    covered += b - Math.max(a, cursor);
    cursor = b;
  }
  return node.span.duration - covered;
}

/** Per service and operation: count, total and self time, µs. */
export function statistics(model) {
  const rows = new Map();
  for (const node of model.nodes) {
    const key = node.service + '\u0000' + node.span.operationName;
    let row = rows.get(key);
    if (!row) {
      row = { service: node.service, operation: node.span.operationName, count: 0, total: 0, self: 0, errors: 0 };
      rows.set(key, row);
    }
    row.count++;
    row.total += node.span.duration;
    row.self += node.selfTime;
    if (node.error) row.errors++;
  }
  return [...rows.values()].sort((a, b) => b.self - a.self);
}

/**
 * The critical path: from the root, repeatedly the child that finished last before the
 * parent's end, walking back in time. Returns the set of span IDs on it.
 */
export function criticalPath(model) {
  const onPath = new Set();
  for (const root of model.roots) walk(root, root.span.startTime + root.span.duration);
  return onPath;

  function walk(node, until) {
    onPath.add(node.span.spanID);
    let cursor = Math.min(until, node.span.startTime + node.span.duration);
    const children = [...node.children].sort((a, b) =>
        (b.span.startTime + b.span.duration) - (a.span.startTime + a.span.duration));
    for (const child of children) {
      const childEnd = child.span.startTime + child.span.duration;
      if (childEnd <= cursor && childEnd > node.span.startTime) {
        walk(child, cursor);
        cursor = child.span.startTime;
      }
    }
  }
}

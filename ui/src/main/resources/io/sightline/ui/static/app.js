// The single-page app: paths as the Jaeger UI's (/search, /trace/{id}, /compare, /dependencies,
// /monitor), relative to <base href>, so bookmarks carry over.
import { renderSearch } from './search.js';
import { renderTrace } from './trace.js';
import { renderDependencies } from './dependencies.js';
import { renderCompare } from './compare.js';
import { renderMonitor } from './monitor.js';
import { el } from './format.js';

const basePath = new URL(document.baseURI).pathname;

/** The route of the current location, without the base path. */
function route() {
  const path = location.pathname.startsWith(basePath) ? location.pathname.slice(basePath.length) : location.pathname;
  return path.replace(/^\/+/, '');
}

export function navigate(relative, { replace = false } = {}) {
  const url = new URL(relative, document.baseURI);
  if (replace) history.replaceState(null, '', url);
  else history.pushState(null, '', url);
  render();
}

async function render() {
  const page = document.getElementById('page');
  const path = route();
  const params = new URLSearchParams(location.search);
  const [first, second] = path.split('/');
  document.querySelectorAll('[data-page]').forEach(a => a.classList.toggle('active', a.dataset.page === (first || 'search')));
  page.replaceChildren();
  try {
    if (first === 'trace' && second) {
      await renderTrace(page, decodeURIComponent(second), params);
    } else if (first === 'dependencies') {
      await renderDependencies(page, params);
    } else if (first === 'compare') {
      await renderCompare(page, path.split('/').slice(1), params);
    } else if (first === 'monitor') {
      await renderMonitor(page, params);
    } else {
      await renderSearch(page, params);
    }
  } catch (e) {
    page.replaceChildren(el('div', { class: 'error', role: 'alert' }, e.message || String(e)));
  }
}

document.addEventListener('click', event => {
  const link = event.target.closest('a[data-nav]');
  if (!link || event.ctrlKey || event.metaKey || event.shiftKey || link.target) return;
  event.preventDefault();
  navigate(link.getAttribute('href'));
});

document.getElementById('lookup').addEventListener('submit', event => {
  event.preventDefault();
  const id = document.getElementById('lookup-id').value.trim();
  if (id) navigate('trace/' + encodeURIComponent(id));
});

window.addEventListener('popstate', render);
render();

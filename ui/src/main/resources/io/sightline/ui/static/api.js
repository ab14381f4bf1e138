// Calls to the Jaeger-compatible query API, relative to <base href> so that a base path works.

export class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

async function getJson(path, params) {
  const query = params ? '?' + params.toString() : '';
  const response = await fetch('api/' + path + query, { headers: { Accept: 'application/json' } });
  let body = null;
  try {
    body = await response.json();
  } catch (e) {
    throw new ApiError(response.status, `${response.status} ${response.statusText}`);
  }
  if (!response.ok) {
    const message = body && body.errors && body.errors.length ? body.errors.map(e => e.msg).join('; ') : response.statusText;
    throw new ApiError(response.status, message);
  }
  return body;
}

export async function services() {
  return (await getJson('services')).data || [];
}

export async function operations(service) {
  const params = new URLSearchParams({ service });
  return (await getJson('operations', params)).data || [];
}

/** Search; params is a URLSearchParams in the /api/traces format. */
export async function findTraces(params) {
  return getJson('traces', params);
}

export async function trace(traceId) {
  const body = await getJson('traces/' + encodeURIComponent(traceId));
  return body.data[0];
}

export async function dependencies(endTsMs, lookbackMs) {
  const params = new URLSearchParams({ endTs: String(endTsMs), lookback: String(lookbackMs) });
  return (await getJson('dependencies', params)).data || [];
}

export async function metrics(kind, params) {
  return getJson('metrics/' + kind, params);
}

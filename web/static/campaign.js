// Campaign forms: each form[data-api] is sent to the JSON API it names, with the session's CSRF
// token; evidence files go first to POST /api/v1/evidence and are referred to by their SHA-256.
// The API's error names the field; the field is marked and the message shown beside the form.
const csrf = document.querySelector('[data-csrf]')?.dataset.csrf ?? '';

async function call(method, path, body, type = 'application/json') {
  const res = await fetch(path, {
    method,
    credentials: 'same-origin',
    headers: { 'content-type': type, ...(csrf ? { 'x-csrf-token': csrf } : {}) },
    body: body === undefined ? undefined : type === 'application/json' ? JSON.stringify(body) : body,
  });
  const text = await res.text();
  let json = null;
  try { json = text ? JSON.parse(text) : null; } catch { /* not JSON */ }
  if (!res.ok) {
    const error = new Error(json?.error?.message ?? `${res.status} ${res.statusText}`);
    error.status = res.status;
    throw error;
  }
  return json;
}

function set(obj, path, value) {
  const [head, ...rest] = path.split('.');
  if (rest.length === 0) { obj[head] = value; return; }
  obj[head] ??= {};
  set(obj[head], rest.join('.'), value);
}

async function collect(form, say) {
  const body = {};
  for (const el of form.elements) {
    if (!el.name || el.disabled) continue;
    if (el.type === 'file') {
      const hashes = [];
      for (const file of el.files) {
        say(`Uploading ${file.name}…`);
        const up = await call('POST', '/api/v1/evidence', file, 'application/pdf');
        hashes.push(up.sha256);
      }
      body[el.name] = hashes;
    } else if (el.type === 'checkbox' && el.hasAttribute('data-bool')) {
      if (el.checked) body[el.name] = true;
    } else if (el.type === 'checkbox') {
      if (!Array.isArray(body[el.name])) body[el.name] = [];
      if (el.checked) body[el.name].push(el.value);
    } else if (el.hasAttribute('data-list')) {
      body[el.name] = el.value.split(/\n/).map((s) => s.trim()).filter(Boolean);
    } else if (el.value === '') {
      continue;  // empty means "not given"
    } else if (el.type === 'number') {
      set(body, el.name, Number(el.value));
    } else {
      set(body, el.name, el.value);
    }
  }
  if (body.funding_action && !body.funding_action.kind) delete body.funding_action;
  return body;
}

function describe(result) {
  if (result?.token) return `Your token (shown once): ${result.token} — expires ${result.expires_at}`;
  if (result?.draft) return `Kept as draft ${result.draft}; release it below when it is ready.`;
  const parts = [];
  if (result?.id) parts.push(`Recorded ${result.id}`);
  if (result?.log_index !== undefined) parts.push(`in log entry ${result.log_index}`);
  if (result?.obligation) parts.push(`the obligation is now ${result.obligation.state.replace('_', ' ')}`);
  return `${parts.join(', ')}.`;
}

for (const form of document.querySelectorAll('form[data-api]')) {
  const out = form.querySelector('.form-result');
  const say = (text, bad = false) => {
    out.textContent = text;
    out.classList.toggle('bad', bad);
  };
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    for (const el of form.querySelectorAll('[aria-invalid]')) el.removeAttribute('aria-invalid');
    const button = form.querySelector('button[type="submit"]');
    button.disabled = true;
    try {
      const body = await collect(form, say);
      const result = await call('POST', form.dataset.api, Object.keys(body).length ? body : undefined);
      if (form.dataset.next) { location.assign(form.dataset.next); return; }
      say(describe(result));
      if (result?.receipt) {
        const a = document.createElement('a');
        a.href = `/api/v1/log/receipts/${result.log_index}`;
        a.textContent = ' Receipt';
        out.append(a);
      }
      if (form.hasAttribute('data-reload')) setTimeout(() => location.reload(), 1500);
    } catch (e) {
      say(e.message, true);
      const field = e.message.split(':')[0].trim();
      const el = form.querySelector(`[name="${CSS.escape(field)}"]`);
      if (el) { el.setAttribute('aria-invalid', 'true'); el.focus(); }
    } finally {
      button.disabled = false;
    }
  });
}

document.querySelector('[data-signout]')?.addEventListener('click', async () => {
  await call('DELETE', '/api/v1/session');
  location.assign('/signin');
});

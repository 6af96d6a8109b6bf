// Arbor's admin panel: one ES module over the same JSON API as the CLI and the tests (/api), no
// library and no build. Every string the API returns (plugin names, reasons, settings) goes into the
// page through textContent, createElement and attributes, never innerHTML: a plugin cannot inject markup.

const TOKEN_KEY = 'arbor.admin.token';
const ACTIVE = new Set(['STARTED', 'RESTARTED']);
const CHIPS = { STARTED: 'ok', RESTARTED: 'ok', HELD: 'warn', FAILED: 'bad', STOPPED: '', REGISTERED: 'info' };
const NODE_CHIPS = { RUNNING: 'ok', STARTING: 'warn', PAUSED: 'warn', DRAINING: 'warn', STOPPING: '', FAILED: 'bad' };
const KIND_CHIPS = {
  REGISTERED: 'info', REDECLARED: 'info', STARTED: 'ok', RESTARTED: 'ok', RELEASED: 'ok', STOPPED: '', HELD: 'warn',
  FAILED: 'bad', UNREGISTERED: '', PAUSED: 'warn', RESUMED: 'ok', CONFIGURED: 'info',
};
const HISTORY_PAGE = 50;

const state = {
  info: null,
  health: null,
  events: [],
  plugins: new Map(),
  installations: [],
  members: [],
  lastChanges: new Map(),
  figures: undefined,
  /** Why there are no figures: metrics off, or the request's failure. */
  figuresNote: '',
  history: { offset: 0, total: 0, changes: [] },
};

const $ = (selector) => document.querySelector(selector);

// ---- building elements ---------------------------------------------------------------------

function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  setAttributes(el, attrs);
  for (const child of children.flat(Infinity)) {
    if (child != null && child !== false) {
      el.append(child instanceof Node ? child : String(child));
    }
  }
  return el;
}

function svg(tag, attrs = {}, ...children) {
  const el = document.createElementNS('http://www.w3.org/2000/svg', tag);
  setAttributes(el, attrs);
  el.append(...children);
  return el;
}

function setAttributes(el, attrs) {
  for (const [key, value] of Object.entries(attrs)) {
    if (value == null || value === false) {
      continue;
    }
    if (key === 'dataset') {
      Object.assign(el.dataset, value);
    } else if (key.startsWith('on')) {
      el.addEventListener(key.slice(2), value);
    } else {
      el.setAttribute(key, value === true ? '' : String(value));
    }
  }
}

function chip(text, tone, attrs = {}) {
  return h('span', { ...attrs, class: `chip ${tone ?? ''}`.trim() }, text);
}

function statusChip(status) {
  return chip(status.toLowerCase(), CHIPS[status], { dataset: { status } });
}

/** Replaces an element's content with nodes and texts, nested in arrays as h() takes them. */
function fill(el, content) {
  el.replaceChildren(...[content].flat(Infinity).filter((child) => child != null && child !== false));
}

function empty(columns, text) {
  return h('tr', {}, h('td', { class: 'empty', colspan: columns }, text));
}

// ---- the API -------------------------------------------------------------------------------

class ApiError extends Error {
  constructor(status, body) {
    super(body?.message ?? `The node answered ${status}.`);
    this.status = status;
    this.code = body?.code ?? `http_${status}`;
    this.field = body?.field ?? null;
  }
}

// The token is kept in sessionStorage (gone with the tab) and sent as a header on every request. A
// header, never a cookie: a page on another site can make the browser send cookies but not this
// header, so it cannot forge a change (CSRF).
function authorization() {
  const token = sessionStorage.getItem(TOKEN_KEY);
  return token ? { Authorization: `Bearer ${token}` } : {};
}

async function api(method, url, body, contentType = 'application/json') {
  const init = { method, cache: 'no-store', headers: authorization() };
  if (body !== undefined) {
    init.body = body;
    init.headers['Content-Type'] = contentType;
  }
  let response;
  try {
    response = await fetch(url, init);
  } catch (e) {
    throw new ApiError(0, { code: 'unreachable', message: `The node did not answer (${e.message}).` });
  }
  const text = await response.text();
  let data = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    // Not JSON (a proxy's error page, say): the status alone tells what happened.
  }
  if (!response.ok) {
    if (response.status === 401) {
      askForToken();
    }
    throw new ApiError(response.status, data);
  }
  return data;
}

const path = (...segments) => '/api/' + segments.map(encodeURIComponent).join('/');

// ---- toasts, confirmation, token -----------------------------------------------------------

function toast(message, error) {
  const box = h('div', { class: error ? 'toast error' : 'toast', role: error ? 'alert' : 'status' });
  const body = h('div', { class: 'body' });
  if (error) {
    body.append(h('div', { class: 'code' }, error.code), h('div', {}, error.message));
    if (error.field) {
      body.append(h('div', { class: 'field' }, `field: ${error.field}`));
    }
  } else {
    body.append(message);
  }
  const close = h('button', { type: 'button', class: 'close', 'aria-label': 'Dismiss', onclick: () => box.remove() }, '×');
  box.append(body, close);
  $('#toasts').append(box);
  setTimeout(() => box.remove(), error ? 12000 : 3500);
}

function showError(error) {
  toast(null, error);
}

function askForToken() {
  $('#token-form').classList.add('wanted');
  $('#token').focus();
}

/**
 * A modal asking to confirm; resolves to the chosen value ('ok' without choices), or null when
 * cancelled.
 */
function confirmAction({ title, message, confirm = 'Confirm', choices = null }) {
  const dialog = $('#confirm');
  $('#confirm-title').textContent = title;
  $('#confirm-message').textContent = message;
  $('#confirm-ok').textContent = confirm;
  const list = $('#confirm-choices');
  list.replaceChildren();
  for (const [index, choice] of (choices ?? []).entries()) {
    list.append(h('label', {},
      h('input', { type: 'radio', name: 'choice', value: choice.value, checked: index === 0 }),
      h('span', {}, h('strong', {}, choice.label), ' ', h('span', { class: 'muted' }, choice.help))));
  }
  dialog.returnValue = '';
  dialog.showModal();
  $('#confirm-cancel').focus();
  return new Promise((resolve) => {
    dialog.addEventListener('close', () => {
      if (dialog.returnValue !== 'ok') {
        resolve(null);
      } else {
        resolve(choices ? list.querySelector('input:checked').value : 'ok');
      }
    }, { once: true });
  });
}

/**
 * Runs a change, says what it did (done: a text, or a function of the answer), and refreshes;
 * a refusal shows its {code, message, field}.
 */
async function act(done, request) {
  try {
    const answer = await request();
    toast(typeof done === 'function' ? done(answer) : done);
    scheduleRefresh();
    return answer;
  } catch (error) {
    showError(error);
    return null;
  }
}

// ---- loading -------------------------------------------------------------------------------

let refreshing = null;
let again = false;
let refreshTimer = null;
let lastRefreshError = null;
let lastLoaded = null;

function scheduleRefresh() {
  clearTimeout(refreshTimer);
  refreshTimer = setTimeout(refresh, 120);
}

async function refresh() {
  if (refreshing) {
    again = true;
    return refreshing;
  }
  refreshing = load().finally(() => {
    refreshing = null;
    if (again) {
      again = false;
      refresh();
    }
  });
  return refreshing;
}

async function load() {
  try {
    const [info, health, events, plugins, installations, members] = await Promise.all([
      api('GET', '/api/info'), api('GET', '/api/health'), api('GET', '/api/events'), api('GET', '/api/plugins'),
      api('GET', '/api/installations'), api('GET', '/api/members'),
    ]);
    const changes = await lastChanges(events);
    lastRefreshError = null;
    $('#token-form').classList.remove('wanted');
    // Drawn again only when something changed: an operator's hover, focus and selection stay put.
    const loaded = JSON.stringify([info, health, events, plugins, installations, members, [...changes]]);
    if (loaded === lastLoaded) {
      return;
    }
    lastLoaded = loaded;
    Object.assign(state, { info, health, events, installations, members, lastChanges: changes });
    state.plugins = new Map(plugins.map((plugin) => [plugin.name, plugin]));
    render();
  } catch (error) {
    // A node that is down fails every refresh the same way: say it once, not on every change.
    if (error.status !== 401 && error.code !== lastRefreshError) {
      showError(error);
    }
    lastRefreshError = error.code;
  }
}

/** The journal's last change of each plugin outside its chain: why and since when it is out. */
async function lastChanges(events) {
  const out = events.flatMap((event) => event.plugins.filter((plugin) => !event.chain.includes(plugin.name)));
  const found = await Promise.all(out.map((plugin) =>
    api('GET', `/api/history?plugin=${encodeURIComponent(plugin.name)}&limit=1`)
      .then((page) => [plugin.name, page.changes[0] ?? null], () => [plugin.name, null])));
  return new Map(found);
}

function render() {
  renderHeader();
  renderEvents();
  renderPlugins();
  renderInstallations();
  renderRuntime();
  $('#plugin-names').replaceChildren(...[...state.plugins.keys()].map((name) => h('option', { value: name })));
}

// ---- header --------------------------------------------------------------------------------

function renderHeader() {
  const { info, health } = state;
  $('#node-address').textContent = info.node;
  $('#node-address').title = `served from ${location.host}`;
  const status = $('#node-status');
  status.textContent = info.status.toLowerCase();
  status.className = `chip ${NODE_CHIPS[info.status] ?? ''}`;
  status.dataset.status = info.status;
  status.title = info.reason ?? '';
  $('#node-version').textContent = `v${info.appliedVersion}`;
  const unhealthy = [...health.events.flatMap((event) => event.plugins), ...health.undeclared].filter((plugin) => !plugin.healthy);
  const badge = $('#health');
  badge.textContent = health.healthy ? 'healthy' : `${unhealthy.length || 'not'} unhealthy`;
  badge.className = `chip ${health.healthy ? 'ok' : 'bad'}`;
  badge.dataset.healthy = String(health.healthy);
  badge.title = unhealthy.map((plugin) => `${plugin.plugin}: ${plugin.probe?.detail ?? plugin.status ?? 'not registered'}`).join('\n');
  count('events', state.events.length);
  count('plugins', state.plugins.size);
  count('installations', state.installations.length);
}

function count(tab, n) {
  const button = document.querySelector(`[data-tab="${tab}"]`);
  let badge = button.querySelector('.count');
  if (!badge) {
    badge = h('span', { class: 'count' });
    button.append(badge);
  }
  badge.textContent = String(n);
}

function setFeed(live) {
  const feed = $('#feed');
  feed.dataset.state = live ? 'live' : 'disconnected';
  $('#feed-label').textContent = live ? 'live' : 'disconnected';
}

// ---- events --------------------------------------------------------------------------------

function renderEvents() {
  const root = $('#events');
  if (!state.events.length) {
    root.replaceChildren(h('div', { class: 'card muted' }, 'No plugin is registered for any event yet.'));
    return;
  }
  root.replaceChildren(...state.events.map(eventCard));
}

function eventCard(event) {
  const plugins = new Map(event.plugins.map((plugin) => [plugin.name, plugin]));
  const card = h('article', { class: 'card', dataset: { eventCard: event.name } });
  const head = h('div', { class: 'event-head' },
    h('h2', {}, event.name),
    event.paused ? chip('paused', 'warn', { dataset: { paused: 'true' } }) : null,
    h('span', { class: 'figures', dataset: { eventFigures: event.name } }, eventFigures(event.name)),
    h('div', { class: 'buttons' },
      eventButton(event, 'restart', 'Restart'), eventButton(event, 'stop', 'Stop'), eventButton(event, 'start', 'Start'),
      eventButton(event, 'enable', 'Enable'),
      event.paused ? eventButton(event, 'resume', 'Resume') : eventButton(event, 'pause', 'Pause')));
  card.append(head);
  if (event.paused) {
    card.append(h('div', { class: 'paused-banner' }, 'Calls to this event are paused on every node.'));
  }

  const chain = h('div', { class: 'chain', dataset: { event: event.name } }, h('span', { class: 'end' }, 'call'));
  if (!event.chain.length) {
    chain.append(arrow(), h('span', { class: 'empty' }, 'no plugin runs: every call passes through unchanged'));
  }
  for (const name of event.chain) {
    const plugin = plugins.get(name);
    chain.append(arrow(), h('div', { class: 'box', dataset: { plugin: name, status: plugin?.status ?? 'STARTED' } },
      h('div', { class: 'name' }, name),
      h('div', { class: 'meta' }, h('span', { class: 'prio' }, `priority ${plugin?.priority ?? '?'}`),
        plugin ? statusChip(plugin.status) : null),
      h('div', { class: 'stats', dataset: { boxFigures: name } }, boxFigures(name))));
  }
  chain.append(arrow(), h('span', { class: 'end' }, 'result'));
  card.append(chain);

  const out = event.plugins.filter((plugin) => !event.chain.includes(plugin.name));
  if (out.length) {
    card.append(h('div', { class: 'offchain' },
      h('h4', {}, 'Not in the chain'),
      h('ul', {}, out.map((plugin) => h('li', { dataset: { plugin: plugin.name, status: plugin.status } },
        h('span', { class: 'name' }, plugin.name), statusChip(plugin.status),
        h('span', { class: 'reason', dataset: { reason: plugin.name } }, whyOut(plugin, event)))))));
  }
  return card;
}

function arrow() {
  return svg('svg', { class: 'arrow', viewBox: '0 0 38 14', 'aria-hidden': 'true' },
    svg('line', { x1: 4, y1: 7, x2: 29, y2: 7 }),
    svg('path', { class: 'head', d: 'M29 2.5 L35 7 L29 11.5 Z' }));
}

/**
 * Why a plugin is not in its chain: what holds it for a held one, else the journal's last reason and
 * what brings it back; and since when.
 */
function whyOut(plugin, event) {
  const change = state.lastChanges.get(plugin.name);
  const parts = [];
  if (ACTIVE.has(plugin.status) && event.notLoaded.includes(plugin.name)) {
    parts.push('its code is not loaded on this node');
  } else if (plugin.status === 'HELD') {
    const holders = heldBy(plugin);
    parts.push(holders.length ? ['held by ', h('strong', {}, holders.join(', '))] : 'waiting for a dependency');
  } else if (plugin.status === 'STOPPED') {
    parts.push(change?.reason ?? 'stopped by an operator', ' · enable brings it back');
  } else if (plugin.status === 'FAILED') {
    parts.push(change?.reason ?? 'its supervisor gave up', ' · restart brings it back');
  } else if (plugin.status === 'REGISTERED') {
    parts.push('registered, not started yet');
  }
  if (change?.at) {
    parts.push(h('span', { class: 'since', title: change.at }, ` · since ${when(new Date(change.at))}`));
  }
  return parts;
}

/** The dependencies holding a plugin back: each one not active, with its status. */
function heldBy(plugin) {
  return plugin.dependsOn.flatMap((name) => {
    const dependency = state.plugins.get(name);
    if (!dependency) {
      return [`${name} (not registered)`];
    }
    return ACTIVE.has(dependency.status) ? [] : [`${name} (${dependency.status.toLowerCase()})`];
  });
}

function eventButton(event, op, label) {
  const tone = op === 'stop' ? 'danger' : op === 'pause' || op === 'restart' ? 'warn' : null;
  return h('button', { type: 'button', class: `small ${tone ?? ''}`.trim(), dataset: { op, target: event.name },
    onclick: () => eventOperation(event.name, op) }, label);
}

/** Asks to confirm a pause and how: resolves to a query ('' for the configured mode, '?mode=…'), or null. */
async function pauseQuery(title, message, confirm, configured) {
  const mode = await confirmAction({
    title,
    message,
    confirm,
    choices: [
      { value: '', label: 'As configured', help: `${configured} (refuse by default)` },
      { value: 'refuse', label: 'Refuse', help: 'each call fails at once with code paused' },
      { value: 'hold', label: 'Hold', help: 'calls wait for the resume, up to the hold limit and timeout' },
    ],
  });
  return mode === null ? null : mode && `?mode=${mode}`;
}

async function eventOperation(event, op) {
  if (op === 'pause') {
    const query = await pauseQuery(`Pause calls to ${event}?`,
      'Calls already running finish; the pause holds on every node until it is resumed.', 'Pause', 'the event\'s mode from arbor.pause');
    if (query !== null) {
      act(`${event} paused`, () => api('POST', path('events', event, 'pause') + query));
    }
    return;
  }
  if (op === 'resume') {
    act(`${event} resumed`, () => api('POST', path('events', event, 'resume')));
    return;
  }
  const warning = {
    stop: 'Every plugin of this event stops on every node; calls pass through without them until they are enabled.',
    restart: 'Every plugin of this event restarts on every node: each gets a fresh instance between two calls.',
  }[op];
  const title = `${capitalize(op)} every plugin of ${event}?`;
  if (warning && !(await confirmAction({ title, message: warning, confirm: capitalize(op) }))) {
    return;
  }
  act(`${event}: ${op} done`, () => api('POST', path('events', event, op)));
}

// ---- plugins -------------------------------------------------------------------------------

function renderPlugins() {
  const body = $('#plugins tbody');
  if (!state.plugins.size) {
    body.replaceChildren(empty(8, 'No plugins registered.'));
    return;
  }
  const rows = [...state.plugins.values()].sort((a, b) => a.event.localeCompare(b.event) || a.priority - b.priority
    || a.name.localeCompare(b.name));
  body.replaceChildren(...rows.map(pluginRow));
  renderMetricsState();
}

function pluginRow(plugin) {
  const active = ACTIVE.has(plugin.status);
  const holders = plugin.status === 'HELD' ? heldBy(plugin) : [];
  return h('tr', { dataset: { plugin: plugin.name, status: plugin.status } },
    h('td', {},
      h('span', { class: 'name' }, plugin.name),
      h('span', { class: 'sub' }, plugin.origin === 'installed' ? `installed · ${plugin.artifact}` : 'application')),
    h('td', { class: 'mono' }, plugin.event),
    h('td', { class: 'num' }, plugin.priority),
    h('td', {}, statusChip(plugin.status),
      holders.length ? h('span', { class: 'why', dataset: { heldBy: plugin.name } }, `held by ${holders.join(', ')}`) : null),
    h('td', {}, names(plugin.dependsOn)),
    h('td', {}, names(plugin.dependents)),
    h('td', { class: 'activity', dataset: { activity: plugin.name } }, pluginFigures(plugin.name)),
    h('td', { class: 'actions' },
      pluginButton(plugin, 'start', 'Start', !active && plugin.status !== 'STOPPED'),
      pluginButton(plugin, 'stop', 'Stop', plugin.status !== 'STOPPED'),
      pluginButton(plugin, 'restart', 'Restart', plugin.status !== 'STOPPED'),
      pluginButton(plugin, 'enable', 'Enable', !active),
      h('button', { type: 'button', class: 'small', dataset: { op: 'settings', target: plugin.name },
        onclick: () => editSettings(plugin.name) }, 'Settings'),
      pluginButton(plugin, 'unregister', 'Unregister', true)));
}

function names(list) {
  if (!list.length) {
    return h('span', { class: 'muted' }, '—');
  }
  return list.map((name, index) => {
    const status = state.plugins.get(name)?.status;
    const cls = status && !ACTIVE.has(status) ? 'mono why' : 'mono';
    return [index ? ', ' : null, h('span', { class: cls, title: status ?? 'not registered' }, name)];
  });
}

function pluginButton(plugin, op, label, enabled) {
  const tone = op === 'stop' || op === 'unregister' ? 'danger' : op === 'restart' ? 'warn' : null;
  return h('button', { type: 'button', class: `small ${tone ?? ''}`.trim(), disabled: !enabled,
    dataset: { op, target: plugin.name }, onclick: () => pluginOperation(plugin.name, op) }, label);
}

async function pluginOperation(name, op) {
  const plugin = state.plugins.get(name);
  const dependents = plugin?.dependents ?? [];
  const held = dependents.length ? ` Its dependents (${dependents.join(', ')}) are held until it is back.` : '';
  const warning = {
    stop: `It leaves its chain on every node until it is enabled again.${held}`,
    restart: 'Each node gives it a fresh instance between two calls.',
    unregister: `Its record is removed from the registry; its history stays.${held}`,
  }[op];
  if (warning && !(await confirmAction({ title: `${capitalize(op)} ${name}?`, message: warning, confirm: capitalize(op) }))) {
    return;
  }
  act(`${name}: ${op} done`, () => api('POST', path('plugins', name, op)));
}

function editSettings(name) {
  const plugin = state.plugins.get(name);
  const dialog = $('#settings');
  $('#settings-plugin').textContent = name;
  const overridden = plugin.settingsOverride && Object.keys(plugin.settingsOverride).length;
  $('#settings-note').textContent = 'The update is merged over the current settings (maps merge, lists and values replace) and '
    + 'validated by the plugin before it is applied. '
    + (overridden ? 'These settings carry a runtime override; reset drops it.' : 'These are the declared settings.');
  $('#settings-text').value = JSON.stringify(plugin.settings ?? {}, null, 2);
  $('#settings-reset').disabled = !overridden;
  dialog.returnValue = '';
  dialog.showModal();
  dialog.addEventListener('close', async () => {
    if (dialog.returnValue === 'save') {
      let update;
      try {
        update = JSON.parse($('#settings-text').value);
      } catch (e) {
        showError({ code: 'malformed', message: `The settings are not JSON: ${e.message}`, field: 'settings' });
        return;
      }
      act(`${name}: settings saved`, () => api('PUT', path('plugins', name, 'settings'), JSON.stringify(update)));
    } else if (dialog.returnValue === 'reset') {
      const sure = await confirmAction({ title: `Reset the settings of ${name}?`,
        message: 'The runtime override is dropped; the plugin runs with its declared settings again.', confirm: 'Reset' });
      if (sure) {
        act(`${name}: settings reset`, () => api('DELETE', path('plugins', name, 'settings')));
      }
    }
  }, { once: true });
}

// ---- figures -------------------------------------------------------------------------------

/**
 * Polls /api/figures every interval; when metrics are off (404 metrics_off) the panel says so, when
 * the figures fail otherwise (no token off loopback, the node away) it says why, and carries on.
 */
async function pollFigures() {
  try {
    const figures = await api('GET', '/api/figures');
    state.figures = figures?.enabled ? figures : null;
    state.figuresNote = 'metrics off';
  } catch (e) {
    state.figures = null;
    state.figuresNote = e.code === 'metrics_off' ? 'metrics off' : `figures unavailable: ${e.message}`;
  }
  renderFigures();
  setTimeout(pollFigures, Math.max(1, state.figures?.intervalSeconds ?? 10) * 1000);
}

function renderFigures() {
  for (const cell of document.querySelectorAll('[data-activity]')) {
    fill(cell, pluginFigures(cell.dataset.activity));
  }
  for (const span of document.querySelectorAll('[data-event-figures]')) {
    fill(span, eventFigures(span.dataset.eventFigures));
  }
  for (const stats of document.querySelectorAll('[data-box-figures]')) {
    fill(stats, boxFigures(stats.dataset.boxFigures));
  }
  renderMetricsState();
}

function renderMetricsState() {
  const figures = state.figures;
  $('#metrics-state').textContent = figures === undefined ? '' : figures === null ? state.figuresNote
    : `Activity per ${figures.intervalSeconds} s interval, oldest left: calls (blue), failures (red), mean latency (amber)`;
}

function pluginFigures(name) {
  const figures = state.figures;
  if (!figures) {
    return h('span', { class: 'muted' }, figures === null ? state.figuresNote : '');
  }
  const plugin = figures.plugins?.[name];
  if (!plugin) {
    return h('span', { class: 'muted' }, 'no calls yet');
  }
  const charted = plugin.recent?.length > 0;
  return h('div', { class: 'spark' },
    charted ? h('div', { class: 'charts' }, callsSpark(plugin.recent), latencySpark(plugin.recent)) : null,
    h('div', { class: 'text' }, h('b', {}, plugin.calls), ' calls',
      plugin.failures ? [' · ', h('span', { class: 'bad' }, `${plugin.failures} failed`)] : null,
      ` · ${millis(plugin.meanMillis)} mean`));
}

/** A chain box's line of figures: its calls, failures and mean latency so far. */
function boxFigures(name) {
  const plugin = state.figures?.plugins?.[name];
  if (!plugin) {
    return [];
  }
  return [`${plugin.calls} calls · `, plugin.failures ? h('span', { class: 'bad' }, `${plugin.failures} failed · `) : null,
    millis(plugin.meanMillis)];
}

function eventFigures(name) {
  const event = state.figures?.events?.[name];
  if (!event) {
    return [];
  }
  return h('span', { class: 'spark wide' }, event.recent?.length ? callsSpark(event.recent) : null,
    h('span', { class: 'text' },
      `${event.calls} calls · ${event.halts} halts · ${event.failures} failed · ${millis(event.meanMillis)} mean`));
}

function millis(value) {
  if (value == null) {
    return '– ms';
  }
  return value < 0.1 ? `${(value * 1000).toFixed(0)} µs` : `${value < 10 ? value.toFixed(2) : value.toFixed(0)} ms`;
}

function callsSpark(recent = []) {
  const max = Math.max(1, ...recent.map((slot) => slot.calls ?? 0));
  const calls = recent.map((slot) => slot.calls ?? 0);
  const failures = recent.map((slot) => slot.failures ?? 0);
  const chart = sparkFrame(`calls (blue) and failures (red) per interval, peak ${max}`);
  chart.append(
    svg('path', { class: 'area', d: line(calls, max, true) }),
    svg('path', { class: 'calls', d: line(calls, max) }),
    // No red line at all while nothing failed: a line along zero would read as failures.
    failures.some((n) => n > 0) ? svg('path', { class: 'failures', d: line(failures, max) }) : svg('g'),
    newest(calls, max, 'calls'));
  return chart;
}

function latencySpark(recent = []) {
  const values = recent.map((slot) => slot.meanMillis ?? null);
  const max = Math.max(0.001, ...values.filter((value) => value != null));
  const chart = sparkFrame(`mean latency per interval, peak ${millis(max)}`);
  chart.append(svg('path', { class: 'latency', d: line(values, max) }), newest(values, max, 'latency'));
  return chart;
}

function sparkFrame(title) {
  return svg('svg', { viewBox: '0 0 96 26', role: 'img', 'aria-label': title },
    svg('title', {}, document.createTextNode(title)),
    svg('rect', { class: 'frame', x: 0, y: 0, width: 96, height: 26, rx: 3 }));
}

/** A dot on the newest value, so that a single interval shows too; nothing when it is null. */
function newest(values, max, cls) {
  const value = values.at(-1);
  if (value == null) {
    return svg('g');
  }
  return svg('circle', { class: `${cls} dot`, cx: 96, cy: y(value, max), r: 1.8 });
}

const y = (value, max) => (24 - (value / max) * 22).toFixed(1);

/**
 * An SVG path through the values, spread over the width, the newest at the right edge; a null (an
 * interval nothing was timed in) leaves a gap. With area, the path closes down to the baseline.
 */
function line(values, max, area = false) {
  const step = 96 / Math.max(1, values.length - 1);
  const x = (i) => (values.length === 1 ? 96 : i * step).toFixed(1);
  let d = '';
  let open = false;
  values.forEach((value, i) => {
    if (value == null) {
      open = false;
      return;
    }
    d += `${open ? 'L' : 'M'}${x(i)} ${y(value, max)} `;
    open = true;
  });
  if (area && values.length) {
    d += `L${x(values.length - 1)} 25 L${x(0)} 25 Z`;
  }
  return d.trim() || 'M0 25';
}

// ---- history -------------------------------------------------------------------------------

function historyFilter() {
  return { plugin: $('#history-plugin').value.trim(), kind: $('#history-kind').value };
}

async function loadHistory(offset = state.history.offset) {
  const { plugin, kind } = historyFilter();
  const query = new URLSearchParams({ offset: String(offset), limit: String(HISTORY_PAGE) });
  if (plugin) {
    query.set('plugin', plugin);
  }
  if (kind) {
    query.set('kind', kind);
  }
  try {
    const page = await api('GET', `/api/history?${query}`);
    state.history = { offset: page.offset, total: page.total, changes: page.changes };
    renderHistory();
  } catch (error) {
    if (error.status !== 401) {
      showError(error);
    }
  }
}

function renderHistory() {
  const { changes } = state.history;
  const body = $('#history tbody');
  body.replaceChildren(...(changes.length ? changes.map((change) => historyRow(change)) : [empty(8, 'No changes match.')]));
  renderHistoryRange();
}

function renderHistoryRange() {
  const { offset, total, changes } = state.history;
  $('#history-range').textContent = total ? `${offset + 1}–${offset + changes.length} of ${total}` : '';
  $('#history-newer').disabled = offset === 0;
  $('#history-older').disabled = offset + changes.length >= total;
}

function historyRow(change, fresh = false) {
  const at = new Date(change.at);
  const transition = change.from || change.to
    ? `${change.from ? change.from.toLowerCase() : '—'} → ${change.to ? change.to.toLowerCase() : '—'}` : '';
  return h('tr', { class: fresh ? 'fresh' : null, dataset: { kind: change.kind, plugin: change.plugin ?? '', version: change.version } },
    h('td', { class: 'num mono' }, change.version),
    h('td', { title: change.at }, when(at)),
    h('td', {}, chip(change.kind.toLowerCase(), KIND_CHIPS[change.kind])),
    h('td', { class: 'mono' }, change.plugin ?? h('span', { class: 'muted' }, '—')),
    h('td', { class: 'mono' }, change.event === '*' ? 'all events' : change.event ?? ''),
    h('td', { class: 'muted' }, transition),
    h('td', {}, change.reason ?? ''),
    h('td', { class: 'mono muted' }, change.node ?? ''));
}

function when(at) {
  const today = new Date().toDateString() === at.toDateString();
  const time = at.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' });
  return today ? time : `${at.toLocaleDateString()} ${time}`;
}

/** A change from the feed: on top of the first page when it matches the filter. */
function prependHistory(change) {
  const { plugin, kind } = historyFilter();
  if ((plugin && change.plugin !== plugin) || (kind && change.kind !== kind)) {
    return;
  }
  const history = state.history;
  if (history.changes.some((known) => known.version === change.version && known.kind === change.kind
    && known.plugin === change.plugin)) {
    return;
  }
  history.total += 1;
  if (history.offset !== 0) {
    renderHistoryRange();
    return;
  }
  const body = $('#history tbody');
  if (!history.changes.length) {
    body.replaceChildren();
  }
  history.changes.unshift(change);
  if (history.changes.length > HISTORY_PAGE) {
    history.changes.pop();
    body.lastElementChild?.remove();
  }
  body.prepend(historyRow(change, true));
  renderHistoryRange();
}

// ---- the live feed -------------------------------------------------------------------------

let feedAbort = null;

/**
 * Subscribes to /api/feed with fetch and a stream reader, not EventSource: EventSource cannot send
 * the Authorization header a node off loopback asks for, and one code path serves both.
 */
async function connectFeed() {
  feedAbort?.abort();
  const abort = new AbortController();
  feedAbort = abort;
  // Everything anew, for what changed while the feed was away; the feed then says what to load again.
  refresh();
  loadHistory();
  let retry = true;
  try {
    const response = await fetch('/api/feed', { headers: { ...authorization(), Accept: 'text/event-stream' }, cache: 'no-store',
      signal: abort.signal });
    if (response.status === 401) {
      // Retried once a token is entered, not before: the same request would be refused again.
      retry = false;
      askForToken();
      throw new Error('the feed needs the token');
    }
    if (!response.ok || !response.body) {
      throw new Error(`the feed answered ${response.status}`);
    }
    setFeed(true);
    await readEvents(response.body, (type, data) => {
      if (type === 'change') {
        prependHistory(JSON.parse(data));
        scheduleRefresh();
      }
    });
  } catch {
    // Reconnected below, unless a newer connection replaced this one.
  }
  if (feedAbort === abort) {
    setFeed(false);
  }
  if (feedAbort === abort && retry) {
    setTimeout(() => {
      if (feedAbort === abort) {
        connectFeed();
      }
    }, 3000);
  }
}

/** Reads server-sent events from a stream: blocks separated by a blank line, their event and data fields. */
async function readEvents(stream, handle) {
  const reader = stream.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) {
      return;
    }
    buffer = (buffer + value).replace(/\r\n?/g, '\n');
    let end;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      let type = 'message';
      const data = [];
      for (const fieldLine of block.split('\n')) {
        const colon = fieldLine.indexOf(':');
        if (colon === 0) {
          continue;
        }
        const field = colon < 0 ? fieldLine : fieldLine.slice(0, colon);
        const text = colon < 0 ? '' : fieldLine.slice(colon + 1).replace(/^ /, '');
        if (field === 'event') {
          type = text;
        } else if (field === 'data') {
          data.push(text);
        }
      }
      if (data.length && data.join('')) {
        handle(type, data.join('\n'));
      }
    }
  }
}

// ---- installations -------------------------------------------------------------------------

function renderInstallations() {
  const body = $('#installations tbody');
  if (!state.installations.length) {
    body.replaceChildren(empty(6, 'Nothing installed: every plugin comes with the application.'));
    return;
  }
  body.replaceChildren(...state.installations.map((installation) => h('tr', { dataset: { installation: installation.name } },
    h('td', { class: 'name' }, installation.name),
    h('td', { class: 'mono' }, installation.version),
    h('td', { class: 'mono muted', title: installation.sha256 }, `${installation.sha256.slice(0, 12)}…`),
    h('td', { class: 'mono' }, installation.plugins.join(', ')),
    h('td', { class: 'mono' }, installation.events.join(', ')),
    h('td', { class: 'actions' }, h('button', { type: 'button', class: 'small danger',
      dataset: { op: 'uninstall', target: installation.name }, onclick: () => uninstall(installation) }, 'Uninstall')))));
}

async function uninstall(installation) {
  const sure = await confirmAction({ title: `Uninstall ${installation.name} ${installation.version}?`,
    message: `Its plugins (${installation.plugins.join(', ')}) are unregistered on every node.`, confirm: 'Uninstall' });
  if (sure) {
    act(`${installation.name} uninstalled`, () => api('DELETE', path('installations', installation.name)));
  }
}

async function install(event) {
  event.preventDefault();
  const source = $('#install-source').value;
  const request = { [source]: $('#install-value').value.trim() };
  for (const field of ['name', 'version', 'sha256']) {
    const value = $(`#install-${field}`).value.trim();
    if (value) {
      request[field] = value;
    }
  }
  const button = event.submitter;
  button.disabled = true;
  const installed = await act(installedText, () => api('POST', '/api/installations', JSON.stringify(request)));
  button.disabled = false;
  if (installed) {
    event.target.reset();
  }
}

async function upload(event) {
  event.preventDefault();
  const file = $('#upload-file').files[0];
  if (!file) {
    return;
  }
  const sha256 = $('#upload-sha256').value.trim();
  const button = $('#upload-submit');
  button.disabled = true;
  const installed = await act(installedText, () => api('POST',
    '/api/installations/upload' + (sha256 ? `?sha256=${encodeURIComponent(sha256)}` : ''), file, 'application/java-archive'));
  button.disabled = false;
  if (installed) {
    event.target.reset();
  }
}

function installedText(installed) {
  return `${installed.name} ${installed.version} installed: ${installed.plugins.join(', ')}`;
}

// ---- runtime -------------------------------------------------------------------------------

function renderRuntime() {
  const { info, members, health } = state;
  const perStatus = Object.entries(info.plugins ?? {}).map(([status, n]) => `${n} ${status.toLowerCase()}`).join(', ');
  const facts = [
    ['Node', info.node], ['Arbor', info.arborVersion], ['Status', info.status.toLowerCase()],
    ['Since', `${when(new Date(info.since))} (${info.reason})`], ['Applied version', info.appliedVersion],
    ['Plugins', perStatus || 'none'], ['Last error', info.lastError ? `${info.lastError} (${when(new Date(info.lastErrorAt))})` : 'none'],
  ];
  $('#node-facts').replaceChildren(...facts.flatMap(([label, value]) => [h('dt', {}, label), h('dd', {}, value)]));

  $('#members tbody').replaceChildren(...(members.length ? members.map((member) => {
    const behind = info.appliedVersion - member.applied;
    return h('tr', { dataset: { member: member.node } },
      h('td', { class: 'mono' }, member.node),
      h('td', { class: 'num mono' }, member.view),
      h('td', { class: 'num mono' }, member.applied),
      h('td', {}, behind > 0 ? chip(`${behind} behind`, 'warn') : chip('caught up', 'ok')));
  }) : [empty(4, 'No member has reported its version.')]));

  const rows = [...health.events.flatMap((event) => event.plugins), ...health.undeclared].map((plugin) => h('tr', {},
    h('td', { class: 'mono' }, plugin.event),
    h('td', { class: 'mono' }, plugin.plugin),
    h('td', {}, plugin.status ? statusChip(plugin.status) : chip('not registered', 'bad')),
    h('td', {}, plugin.healthy ? chip('healthy', 'ok') : chip(plugin.probe?.status?.toLowerCase() ?? 'unhealthy', 'bad')),
    h('td', { class: 'muted' }, [plugin.probe?.detail, !plugin.loaded ? 'code not loaded' : null,
      plugin.loaded && !plugin.running ? 'not running' : null].filter(Boolean).join('; '))));
  $('#health-report tbody').replaceChildren(...(rows.length ? rows : [empty(5, 'No plugins.')]));
}

async function runtimeOperation(op) {
  if (op === 'pause') {
    const query = await pauseQuery('Pause every event?',
      'Every event of the runtime is paused on every node, including events declared later, until resumed.', 'Pause all',
      'arbor.pause.mode');
    if (query !== null) {
      act('every event paused', () => api('POST', '/api/all/pause' + query));
    }
  } else if (op === 'resume') {
    act('every event resumed', () => api('POST', '/api/all/resume'));
  } else if (op === 'drain') {
    const sure = await confirmAction({ title: 'Drain this node?',
      message: 'This node admits no new call from now on (each is refused with code draining) and lets the running ones '
        + 'finish. Only a restart of the node undoes it.',
      confirm: 'Drain' });
    if (sure) {
      act('this node is drained', () => api('POST', '/api/drain'));
    }
  }
}

// ---- tabs and wiring -----------------------------------------------------------------------

function showTab(name) {
  const known = document.querySelector(`[data-tab="${name}"]`) ? name : 'events';
  for (const button of document.querySelectorAll('[data-tab]')) {
    button.setAttribute('aria-selected', String(button.dataset.tab === known));
  }
  for (const section of document.querySelectorAll('.tab')) {
    section.hidden = section.id !== `tab-${known}`;
  }
  if (location.hash !== `#${known}`) {
    history.replaceState(null, '', `#${known}`);
  }
}

function capitalize(text) {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function start() {
  for (const button of document.querySelectorAll('[data-tab]')) {
    button.addEventListener('click', () => showTab(button.dataset.tab));
  }
  showTab(location.hash.slice(1));

  const token = $('#token');
  token.value = sessionStorage.getItem(TOKEN_KEY) ?? '';
  const saveToken = () => {
    if (token.value.trim()) {
      sessionStorage.setItem(TOKEN_KEY, token.value.trim());
    } else {
      sessionStorage.removeItem(TOKEN_KEY);
    }
    $('#token-form').classList.remove('wanted');
    connectFeed();
  };
  token.addEventListener('change', saveToken);
  $('#token-form').addEventListener('submit', (event) => {
    event.preventDefault();
    saveToken();
  });

  $('#history-filter').addEventListener('submit', (event) => {
    event.preventDefault();
    loadHistory(0);
  });
  $('#history-kind').addEventListener('change', () => loadHistory(0));
  $('#history-newer').addEventListener('click', () => loadHistory(Math.max(0, state.history.offset - HISTORY_PAGE)));
  $('#history-older').addEventListener('click', () => loadHistory(state.history.offset + HISTORY_PAGE));
  $('#install-form').addEventListener('submit', install);
  $('#upload-form').addEventListener('submit', upload);
  for (const button of document.querySelectorAll('[data-runtime]')) {
    button.addEventListener('click', () => runtimeOperation(button.dataset.runtime));
  }

  connectFeed();
  pollFigures();
}

start();

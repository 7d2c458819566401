// Sync dashboard. Polls GET /SyncStatus/ (every 2 s) and GET /SyncHistory/ (every 5 s) with
// the signed-in user's Basic credentials, which live in this tab's sessionStorage only (a
// reload keeps the session, a new tab asks again). Controls go through POST /SyncControl/
// and are followed with GET /SyncControl/<id> until the worker running the sync is done.
// Fields a status does not carry (older servers, optional features) are not shown at all.
(function () {
  'use strict';
  const AUTH_KEY = 'bq-sync-auth';
  const USER_KEY = 'bq-sync-user';
  const STATUS_EVERY_MS = 2000;
  const HISTORY_EVERY_MS = 5000;
  const SKIPPED_EVERY_MS = 30000;

  const el = (id) => document.getElementById(id);
  const login = el('login');
  const main = el('status');
  const cardsHost = el('tables');
  const cards = new Map();
  let statusTimer;
  let historyTimer;
  let permissions = null; // null: unknown (404 or not asked yet): enable and let the server answer 403
  let generation = 0; // bumps on sign-out so late answers of an old session are ignored

  // ---- formatting: every number carries its unit -------------------------------------------
  const has = (v) => v !== null && v !== undefined;
  const isNum = (v) => typeof v === 'number' && Number.isFinite(v);
  function count(n) {
    return isNum(n) ? Math.round(n).toLocaleString('en-US') : null;
  }
  function rate(n) {
    if (!isNum(n)) return null;
    return (n >= 100 ? Math.round(n).toLocaleString('en-US') : n.toFixed(1)) + ' rows/s';
  }
  function duration(ms) {
    if (!isNum(ms)) return null;
    if (ms < 1000) return Math.round(ms) + ' ms';
    if (ms < 120000) return (ms / 1000).toFixed(1) + ' s';
    if (ms < 7200000) return Math.round(ms / 60000) + ' min';
    if (ms < 172800000) return (ms / 3600000).toFixed(1) + ' h';
    return (ms / 86400000).toFixed(1) + ' d';
  }
  function bytes(n) {
    if (!isNum(n)) return null;
    const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];
    let i = 0;
    let v = n;
    while (Math.abs(v) >= 1024 && i < units.length - 1) {
      v /= 1024;
      i++;
    }
    return (i === 0 ? String(Math.round(v)) : v.toFixed(v >= 100 ? 0 : 1)) + ' ' + units[i];
  }
  function when(iso) {
    if (!iso) return null;
    const t = Date.parse(iso);
    if (Number.isNaN(t)) return String(iso);
    const ago = Date.now() - t;
    return new Date(t).toLocaleTimeString() + ' (' + (ago < 1000 ? 'just now' : duration(ago) + ' ago') + ')';
  }

  // ---- HTTP ---------------------------------------------------------------------------------
  function auth() {
    return sessionStorage.getItem(AUTH_KEY);
  }
  class Unauthorized extends Error {}
  async function api(path, init) {
    const headers = Object.assign({ authorization: auth(), accept: 'application/json' }, (init && init.headers) || {});
    const response = await fetch(path, Object.assign({}, init, { headers: headers }));
    if (response.status === 401) throw new Unauthorized('Harper answered 401');
    return response;
  }
  async function errorText(response) {
    const text = await response.text();
    try {
      const body = JSON.parse(text);
      return response.status + ': ' + (body.error || body.message || text);
    } catch {
      return response.status + ': ' + text;
    }
  }

  // ---- session --------------------------------------------------------------------------------
  function showLogin(message) {
    clearTimeout(statusTimer);
    clearTimeout(historyTimer);
    main.hidden = true;
    el('session').hidden = true;
    login.hidden = false;
    el('login-error').textContent = message || '';
    el(el('username').value ? 'password' : 'username').focus();
  }
  function signOut(message) {
    generation++;
    sessionStorage.removeItem(AUTH_KEY);
    sessionStorage.removeItem(USER_KEY);
    permissions = null;
    for (const card of cards.values()) card.destroy();
    cards.clear();
    cardsHost.replaceChildren();
    el('password').value = '';
    showLogin(message);
  }
  function handle(error) {
    if (error instanceof Unauthorized) {
      signOut('Your user or password was not accepted (or the session ended). Please sign in again.');
      return true;
    }
    el('updated').textContent = 'Cannot reach Harper: ' + error.message;
    return false;
  }
  login.addEventListener('submit', (event) => {
    event.preventDefault();
    const data = new FormData(login);
    const user = String(data.get('username'));
    // btoa takes Latin-1 only: encode UTF-8 first so any password works.
    const raw = new TextEncoder().encode(user + ':' + String(data.get('password')));
    sessionStorage.setItem(AUTH_KEY, 'Basic ' + btoa(String.fromCharCode.apply(null, Array.from(raw))));
    sessionStorage.setItem(USER_KEY, user);
    start();
  });
  el('sign-out').addEventListener('click', () => signOut('Signed out.'));

  async function loadPermissions(gen) {
    try {
      const response = await api('/SyncPermissions/');
      if (gen !== generation) return;
      permissions = response.ok ? await response.json() : null; // 404: an older server, unknown
    } catch (error) {
      if (error instanceof Unauthorized) throw error;
      permissions = null;
    }
  }

  async function start() {
    if (!auth()) return showLogin();
    const gen = generation;
    try {
      await loadPermissions(gen);
    } catch (error) {
      handle(error);
      return;
    }
    await refreshStatus(gen);
    if (gen === generation && !main.hidden) refreshHistory(gen);
  }

  // ---- polling ------------------------------------------------------------------------------
  async function refreshStatus(gen) {
    clearTimeout(statusTimer);
    try {
      const response = await api('/SyncStatus/');
      if (gen !== generation) return;
      if (!response.ok) {
        // e.g. 403: signed in, but this user may not read the status.
        el('session').hidden = false;
        login.hidden = true;
        main.hidden = false;
        el('notice').textContent = 'GET /SyncStatus/ answered ' + (await errorText(response));
        throw new Error('status ' + response.status);
      }
      const body = await response.json();
      login.hidden = true;
      main.hidden = false;
      el('session').hidden = false;
      el('who').textContent = sessionStorage.getItem(USER_KEY) || '';
      render(body.tables || []);
      renderCluster(body.cluster);
      el('updated').textContent = 'Updated ' + new Date().toLocaleTimeString();
    } catch (error) {
      if (handle(error)) return;
    }
    if (gen === generation) statusTimer = setTimeout(() => refreshStatus(gen), STATUS_EVERY_MS);
  }

  async function refreshHistory(gen) {
    clearTimeout(historyTimer);
    try {
      const response = await api('/SyncHistory/?minutes=60');
      if (gen !== generation) return;
      if (response.ok) {
        const body = await response.json();
        const byTable = new Map();
        for (const s of body.samples || []) {
          if (!byTable.has(s.tableId)) byTable.set(s.tableId, []);
          byTable.get(s.tableId).push(s);
        }
        for (const [tableId, card] of cards) card.history(byTable.get(tableId) || []);
      }
    } catch (error) {
      if (handle(error)) return;
    }
    if (gen === generation) historyTimer = setTimeout(() => refreshHistory(gen), HISTORY_EVERY_MS);
  }

  function render(tables) {
    const seen = new Set();
    for (const status of tables) {
      seen.add(status.tableId);
      let card = cards.get(status.tableId);
      if (!card) {
        card = createCard(status.tableId);
        cards.set(status.tableId, card);
        cardsHost.appendChild(card.root);
      }
      card.update(status);
    }
    for (const [tableId, card] of cards) {
      if (!seen.has(tableId)) {
        card.destroy();
        card.root.remove();
        cards.delete(tableId);
      }
    }
    el('notice').textContent = tables.length === 0 ? 'No tables are being synced (check the component config).' : '';
  }

  // ---- cluster mode: members and a row per unit ----------------------------------------------
  function renderCluster(cluster) {
    const section = el('cluster');
    section.hidden = !cluster;
    if (!cluster) return;
    el('cluster-members').textContent =
      'Members: ' +
      (cluster.members || [])
        .map(
          (m) =>
            m.id +
            (m.id === cluster.node ? ' (this node)' : '') +
            ': ' +
            (m.live ? count(m.unitsOwned) + (m.unitsOwned === 1 ? ' unit' : ' units') : 'dead'),
        )
        .join(', ');
    const tbody = el('cluster-units').tBodies[0];
    const rows = (cluster.units || []).map((u) => {
      const tr = node('tr');
      tr.dataset.unit = u.tableId + '/' + u.unit;
      const lease = !isNum(u.leaseLeftMs) ? null : u.leaseLeftMs > 0 ? duration(u.leaseLeftMs) : 'expired';
      const cells = [
        u.tableId + '/' + u.unit,
        u.state,
        u.owner,
        lease,
        isNum(u.token) ? String(u.token) : null,
        u.cursor ? u.cursor.timestamp.slice(0, 23).replace('T', ' ') + ' · key ' + u.cursor.key.join(', ') : null,
        duration(u.lagMs),
        isNum(u.rowsWritten) ? count(u.rowsWritten) + ' rows' : null,
        rate(u.rowsPerSecond10s),
        u.queries ? count(u.queries.today) + ' queries' : null,
        u.bytesBilled ? bytes(u.bytesBilled.today) : null,
        u.state !== 'running' ? u.lastError : null,
      ];
      for (const value of cells) tr.appendChild(node('td', null, has(value) ? value : '–'));
      return tr;
    });
    tbody.replaceChildren(...rows);
  }

  // ---- one card per table -------------------------------------------------------------------
  const STATE_TEXT = {
    running: { icon: '●', label: 'Running' },
    paused: { icon: '❚❚', label: 'Paused' },
    pausing: { icon: '❚❚', label: 'Pausing' },
    resyncing: { icon: '↺', label: 'Resyncing' },
    stopping: { icon: '■', label: 'Stopping' },
    backoff: { icon: '↻', label: 'Retrying' },
    failed: { icon: '✕', label: 'Failed' },
    stopped: { icon: '■', label: 'Stopped' },
    idle: { icon: '○', label: 'Idle' },
  };

  function node(tag, className, text) {
    const n = document.createElement(tag);
    if (className) n.className = className;
    if (has(text)) n.textContent = text;
    return n;
  }

  function createCard(tableId) {
    const root = node('section', 'card');
    root.dataset.table = tableId;
    const headingId = 'card-' + tableId.replace(/[^a-zA-Z0-9_-]/g, '_');
    root.setAttribute('aria-labelledby', headingId);
    const head = node('div', 'card-head');
    const title = node('h2', null, tableId);
    title.id = headingId;
    const badge = node('span', 'badge');
    badge.dataset.role = 'state';
    head.append(title, badge);
    const route = node('p', 'route muted');
    const facts = node('dl', 'facts');
    const extra = node('div', 'extra');
    const charts = node('div', 'charts');
    const controls = node('div', 'controls');
    const denial = node('p', 'reason muted');
    denial.id = headingId + '-denied';
    const result = node('p', 'result');
    result.setAttribute('role', 'status');
    result.setAttribute('aria-live', 'polite');
    root.append(head, route, facts, extra, charts, controls, denial, result);

    const chartSpecs = [
      { key: 'rowsPerSecond', label: 'Rows/s (10 s average), last hour', unit: 'rows/s', scale: 1, color: '#2563eb' },
      { key: 'lagMs', label: 'Lag (s), last hour', unit: 's', scale: 1 / 1000, color: '#b45309' },
      {
        key: 'bytesBilledToday',
        label: 'Bytes billed today (MiB), last hour',
        unit: 'MiB',
        scale: 1 / 1048576,
        color: '#7c3aed',
        requires: 'bytesBilled',
      },
    ];
    const plots = chartSpecs.map((spec) => {
      const figure = node('figure', 'chart');
      figure.dataset.chart = spec.key;
      const caption = node('figcaption', null, spec.label);
      const box = node('div', 'plot');
      const empty = node('p', 'muted empty', 'No samples yet (one every 5 s).');
      figure.append(caption, box, empty);
      charts.appendChild(figure);
      return { spec: spec, box: box, empty: empty, plot: null, data: [[], []] };
    });
    const resize = new ResizeObserver(() => {
      for (const p of plots) if (p.plot) p.plot.setSize({ width: p.box.clientWidth, height: 140 });
    });
    resize.observe(charts);

    const buttons = {};
    for (const action of ['pause', 'resume', 'resync', 'validate']) {
      const wrap = node('span', 'control');
      const button = node('button', action === 'resync' ? 'danger' : null, action[0].toUpperCase() + action.slice(1));
      button.type = 'button';
      button.dataset.action = action;
      const reason = node('span', 'reason muted');
      reason.id = headingId + '-' + action + '-reason';
      button.setAttribute('aria-describedby', reason.id);
      button.addEventListener('click', () => control(action));
      wrap.append(button, reason);
      controls.appendChild(wrap);
      buttons[action] = { button: button, reason: reason, wrap: wrap };
    }

    let last = null;
    let pending = null;
    let skippedAt = 0;
    let skippedReasons = null;

    function fact(label, value, options) {
      if (!has(value) || value === '') return;
      const row = node('div', 'fact' + (options && options.wide ? ' wide' : ''));
      const dt = node('dt', null, label);
      const dd = node('dd', options && options.className ? options.className : null);
      if (value instanceof window.Node) dd.appendChild(value);
      else dd.textContent = value;
      row.append(dt, dd);
      facts.appendChild(row);
    }

    function pair(a, b) {
      return has(a) && has(b) ? a + ' / ' + b : has(a) ? a : has(b) ? b : null;
    }

    function update(s) {
      last = s;
      const known = STATE_TEXT[s.state] || { icon: '?', label: String(s.state) };
      const budgetPause = s.state === 'paused' && s.pauseReason === 'budget';
      // A pause the user did not ask for (a budget, ...) says why.
      const state =
        s.pauseReason && s.pauseReason !== 'user'
          ? {
              icon: known.icon,
              label:
                s.pauseReason === 'budget' ? known.label + ' (daily budget)' : known.label + ' (' + s.pauseReason + ')',
            }
          : known;
      badge.className = 'badge state-' + s.state;
      badge.textContent = state.icon + ' ' + state.label;
      badge.setAttribute('aria-label', 'State: ' + state.label);
      route.textContent = (s.source || '') + ' → ' + (s.targetTable || '');

      facts.replaceChildren();
      if (budgetPause) {
        fact(
          'Paused by the daily budget',
          'resumes ' + (s.resumesAt ? new Date(s.resumesAt).toLocaleString() : 'at the next UTC day'),
          { wide: true, className: 'warn' },
        );
      }
      fact('Phase', s.phase ? s.phase + (s.caughtUp ? ' (caught up)' : '') : null);
      fact('Lag (behind the source)', duration(s.lagMs));
      const r10 = has(s.rowsPerSecond10s) ? s.rowsPerSecond10s : s.rowsPerSecond;
      fact('Rows/s (10 s average)', rate(r10));
      fact('Rows/s (60 s average)', rate(s.rowsPerSecond60s));
      fact('Rows written (total)', count(has(s.rowsWritten) ? s.rowsWritten : null));
      fact(
        'Rows written (since start)',
        count(has(s.rowsWrittenSinceStart) ? s.rowsWrittenSinceStart : s.rowsCommitted),
      );
      fact('Distinct keys (total)', count(s.distinctKeys));
      if (has(s.skippedRows)) {
        const box = node('span');
        box.append(String(count(s.skippedRows)) + ' ');
        const link = node('a', null, 'view rows');
        link.href = '/SkippedRecord/?tableId=' + encodeURIComponent(s.tableId);
        link.target = '_blank';
        link.rel = 'noopener';
        if (s.skippedRows > 0) box.append(link);
        fact('Skipped rows (total)', box, { className: s.skippedRows > 0 ? 'warn' : null });
      }
      fact('Restarts (since start)', count(s.restarts));
      fact('Last commit', when(s.lastCommitAt));
      fact('Last poll of the source', when(s.lastPollAt));
      if (s.queries) fact('Queries (today / total)', pair(count(s.queries.today), count(s.queries.total)));
      if (s.bytesBilled)
        fact('Bytes billed (today / total)', pair(bytes(s.bytesBilled.today), bytes(s.bytesBilled.total)));
      // Storage Read backfills: billed per byte read, apart from the query bytes above.
      if (s.storageRead && s.storageRead.sessions > 0) {
        fact('Storage Read (sessions / streams)', pair(count(s.storageRead.sessions), count(s.storageRead.streams)));
        fact('Storage Read rows read', count(s.storageRead.rowsRead));
        fact(
          'Storage Read bytes (today / total)',
          pair(bytes(s.storageRead.bytesRead.today), bytes(s.storageRead.bytesRead.total)),
        );
      }
      // Already inside the two figures above; shown apart so validation's cost is visible.
      if (s.validation)
        fact(
          'Of which validation (queries / bytes billed today)',
          pair(count(s.validation.queries.today), bytes(s.validation.bytesBilled.today)),
        );
      if (s.budget) {
        fact(
          'Budget (billed today / max per day)',
          pair(bytes(s.budget.bytesBilledToday), bytes(s.budget.maxBytesBilledPerDay)),
        );
        fact('Budget left today', bytes(s.budget.leftToday));
      }
      if (s.costEstimate) {
        fact('Estimated backfill', bytes(s.costEstimate.backfillBytes));
        fact(
          'Estimated steady bytes per day',
          bytes(s.costEstimate.steadyBytesPerDay) +
            (isNum(s.costEstimate.pollIntervalMs)
              ? ' (a poll every ' + duration(s.costEstimate.pollIntervalMs) + ')'
              : ''),
        );
      }
      if (s.lastError) {
        fact('Last error' + (s.lastErrorAt ? ' (' + when(s.lastErrorAt) + ')' : ''), s.lastError, {
          wide: true,
          className: 'error',
        });
      }

      extra.replaceChildren();
      if (Array.isArray(s.warnings) && s.warnings.length) {
        const list = node('ul', 'warnings');
        list.setAttribute('aria-label', 'Warnings');
        for (const w of s.warnings) list.appendChild(node('li', null, '⚠ ' + w));
        extra.appendChild(list);
      }
      if (s.lastValidation) {
        const v = s.lastValidation;
        const verdict = v.skipped
          ? '– Skipped: ' + v.skipped
          : v.clean
            ? '✓ Clean'
            : '✕ ' + count(v.mismatches) + ' mismatching window(s)';
        const text =
          verdict +
          ' — ' +
          [
            has(v.windows) ? count(v.windows) + ' windows' : null,
            has(v.missing) ? count(v.missing) + ' missing' : null,
            has(v.extra) ? count(v.extra) + ' extra' : null,
            has(v.changed) ? count(v.changed) + ' changed' : null,
            has(v.repaired) ? count(v.repaired) + ' repaired' : null,
            has(v.bytesBilled) ? bytes(v.bytesBilled) + ' billed' : null,
          ]
            .filter(has)
            .join(', ') +
          (v.at ? ' — ' + when(v.at) : '');
        extra.appendChild(
          node('p', 'validation ' + (v.skipped ? 'muted' : v.clean ? 'ok' : 'error'), 'Last validation: ' + text),
        );
        // Cross-table references (reported, never repaired): values naming no row of the other table.
        for (const r of Array.isArray(v.references) ? v.references : []) {
          if (!(r.orphans > 0)) continue;
          const sample = Array.isArray(r.sample) && r.sample.length ? ' (e.g. ' + r.sample.join(', ') + ')' : '';
          extra.appendChild(
            node(
              'p',
              'validation warn',
              '⚠ ' + count(r.orphans) + ' ' + r.column + ' value(s) not found in ' + r.table + sample,
            ),
          );
        }
      }
      if (skippedReasons && skippedReasons.length) {
        const box = node('div', 'skipped');
        box.appendChild(node('p', 'muted', 'Latest skip reasons:'));
        const list = node('ul');
        for (const r of skippedReasons) list.appendChild(node('li', null, r));
        box.appendChild(list);
        extra.appendChild(box);
      }
      if (s.skippedRows > 0 && Date.now() - skippedAt > SKIPPED_EVERY_MS) loadSkipped(s.tableId);

      // A chart of a field this server does not report would only ever be empty.
      for (const p of plots) if (p.spec.requires) p.box.parentElement.hidden = !has(s[p.spec.requires]);
      updateControls();
    }

    async function loadSkipped(id) {
      skippedAt = Date.now();
      try {
        const response = await api('/SkippedRecord/?tableId=' + encodeURIComponent(id) + '&limit(200)');
        if (!response.ok) return;
        const rows = await response.json();
        rows.sort((a, b) => String(b.at || '').localeCompare(String(a.at || '')));
        const reasons = [];
        for (const row of rows) {
          if (row.reason && !reasons.includes(row.reason)) reasons.push(row.reason);
          if (reasons.length === 3) break;
        }
        skippedReasons = reasons;
      } catch {
        // the count is still shown; reasons come back on the next try
      }
    }

    function updateControls() {
      if (!last) return;
      const s = last;
      const paused = s.state === 'paused';
      const stoppedLike = paused || s.state === 'failed' || s.state === 'stopped';
      const canControl = permissions ? permissions.canControl !== false : true;
      const denied = canControl
        ? null
        : 'Not allowed for ' +
          (permissions.username || 'this user') +
          ': ' +
          ((permissions.reasons && permissions.reasons.control) || 'no control permission');
      const rules = {
        pause: stoppedLike ? 'Already ' + s.state : null,
        resume: stoppedLike ? null : 'Running; nothing to resume',
        resync: null,
        validate: null,
      };
      buttons.validate.wrap.hidden = !('lastValidation' in s);
      denial.textContent = denied || '';
      for (const action of Object.keys(buttons)) {
        const b = buttons[action];
        const reason = pending ? 'Waiting for ' + pending + ' to finish' : denied || rules[action];
        b.button.disabled = Boolean(reason);
        // The permission reason is said once for all buttons (denial), the others per button.
        b.reason.textContent = reason && reason !== rules[action] && reason !== denied ? reason : '';
        b.button.setAttribute('aria-describedby', denied ? denial.id : b.reason.id);
        b.button.title = reason || '';
      }
    }

    async function control(action) {
      if (!last || pending) return;
      const tableId = last.tableId;
      if (action === 'resync') {
        const dialog = el('confirm');
        el('confirm-text').textContent =
          'Copy ' +
          tableId +
          ' again from the beginning of ' +
          (last.source || 'its source') +
          '? This reads (and bills) the whole source table again.';
        dialog.returnValue = '';
        dialog.showModal();
        const answer = await new Promise((resolve) =>
          dialog.addEventListener('close', () => resolve(dialog.returnValue), { once: true }),
        );
        if (answer !== 'ok') return;
      }
      const gen = generation;
      pending = action;
      root.setAttribute('aria-busy', 'true');
      result.className = 'result pending';
      result.textContent = '⏳ ' + action + ' ' + tableId + ': sent, waiting for the sync…';
      updateControls();
      try {
        const post = await api('/SyncControl/', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ tableId: tableId, action: action }),
        });
        if (!post.ok) throw new Error(await errorText(post));
        const command = await post.json();
        let state = command.state;
        let message = '';
        const deadline = Date.now() + 120000;
        while (state !== 'done' && state !== 'error') {
          if (gen !== generation) return;
          if (Date.now() > deadline)
            throw new Error('no answer from the sync within 2 min (request ' + command.id + ')');
          await new Promise((r) => setTimeout(r, 500));
          const get = await api('/SyncControl/' + encodeURIComponent(command.id));
          if (!get.ok) throw new Error(await errorText(get));
          const body = await get.json();
          state = body.state;
          message = body.message || '';
        }
        result.className = 'result ' + (state === 'done' ? 'ok' : 'error');
        result.textContent =
          (state === 'done' ? '✓ ' : '✕ ') +
          (message || action + ' ' + tableId + ': ' + state) +
          ' (' +
          new Date().toLocaleTimeString() +
          ')';
      } catch (error) {
        if (handle(error)) return;
        result.className = 'result error';
        result.textContent = '✕ ' + action + ' ' + tableId + ' failed: ' + error.message;
      } finally {
        pending = null;
        root.removeAttribute('aria-busy');
        updateControls();
        if (gen === generation) refreshStatus(gen);
      }
    }

    function history(samples) {
      for (const p of plots) {
        const xs = [];
        const ys = [];
        for (const s of samples) {
          xs.push(s.at / 1000);
          ys.push(isNum(s[p.spec.key]) ? s[p.spec.key] * p.spec.scale : null);
        }
        const any = ys.some(isNum);
        p.empty.hidden = any;
        p.box.hidden = !any;
        p.box.parentElement.dataset.points = String(ys.filter(isNum).length);
        if (!any) continue;
        const data = [xs, ys];
        if (!p.plot) {
          p.plot = new uPlot(
            {
              width: Math.max(200, p.box.clientWidth || charts.clientWidth || 300),
              height: 140,
              legend: { show: false },
              cursor: { drag: { x: false, y: false } },
              scales: { y: { range: (u, min, max) => [0, max > 0 ? max * 1.15 : 1] } },
              axes: [
                {
                  stroke: '#475467',
                  grid: { stroke: '#eaecf0' },
                  size: 30,
                  // Clock time (HH:MM) rather than uPlot's bare ':30' seconds ticks.
                  values: (u, splits) =>
                    splits.map((v) =>
                      new Date(v * 1000).toLocaleTimeString([], {
                        hour: '2-digit',
                        minute: '2-digit',
                        // Seconds only while the history is short enough for ticks within a minute.
                        second:
                          splits.length > 1 && splits[splits.length - 1] - splits[0] < 600 ? '2-digit' : undefined,
                      }),
                    ),
                },
                {
                  stroke: '#475467',
                  grid: { stroke: '#eaecf0' },
                  size: 56,
                  values: (u, splits) =>
                    splits.map((v) => (v >= 1000 ? Math.round(v).toLocaleString('en-US') : +v.toFixed(2))),
                },
              ],
              series: [
                {},
                { label: p.spec.label, stroke: p.spec.color, width: 2, fill: p.spec.color + '22', spanGaps: false },
              ],
            },
            data,
            p.box,
          );
        } else {
          p.plot.setData(data);
        }
      }
    }

    function destroy() {
      resize.disconnect();
      for (const p of plots) if (p.plot) p.plot.destroy();
    }

    return { root: root, update: update, history: history, destroy: destroy };
  }

  start();
})();

// Status dashboard: polls GET /SyncStatus/ with the signed-in user's credentials (kept in
// this tab's sessionStorage only) and offers pause / resume / resync per table.
(function () {
  const storageKey = 'bq-sync-auth';
  const login = document.getElementById('login');
  const status = document.getElementById('status');
  const rows = document.getElementById('tables');
  let timer;

  function auth() {
    return sessionStorage.getItem(storageKey);
  }

  function showLogin(message) {
    clearTimeout(timer);
    status.hidden = true;
    login.hidden = false;
    document.getElementById('login-error').textContent = message || '';
  }

  function duration(ms) {
    if (ms === null || ms === undefined) return '–';
    if (ms < 1000) return ms + ' ms';
    if (ms < 120000) return (ms / 1000).toFixed(1) + ' s';
    if (ms < 7200000) return Math.round(ms / 60000) + ' min';
    return (ms / 3600000).toFixed(1) + ' h';
  }

  function cell(text, className) {
    const td = document.createElement('td');
    td.textContent = text;
    if (className) td.className = className;
    return td;
  }

  function controls(tableId, state) {
    const td = document.createElement('td');
    const actions = state === 'paused' || state === 'failed' ? ['resume', 'resync'] : ['pause', 'resync'];
    for (const action of actions) {
      const button = document.createElement('button');
      button.textContent = action;
      button.onclick = () => control(tableId, action);
      td.appendChild(button);
    }
    return td;
  }

  async function control(tableId, action) {
    if (action === 'resync' && !confirm('Copy ' + tableId + ' again from the beginning?')) return;
    await fetch('/SyncControl/', {
      method: 'POST',
      headers: { authorization: auth(), 'content-type': 'application/json' },
      body: JSON.stringify({ tableId: tableId, action: action }),
    });
    refresh();
  }

  function render(tables) {
    rows.replaceChildren();
    for (const t of tables) {
      const tr = document.createElement('tr');
      tr.appendChild(cell(t.tableId));
      tr.appendChild(cell(t.source + ' → ' + t.targetTable));
      tr.appendChild(cell(t.state, 'state state-' + t.state));
      tr.appendChild(cell(t.phase || '–'));
      tr.appendChild(cell(Number(t.rowsCommitted || 0).toLocaleString(), 'num'));
      tr.appendChild(cell(Number(t.rowsPerSecond || 0).toLocaleString(), 'num'));
      tr.appendChild(cell(duration(t.lagMs), 'num'));
      const cursor = cell('');
      if (t.cursor) {
        const code = document.createElement('code');
        code.textContent = t.cursor.timestamp;
        cursor.appendChild(code);
      }
      tr.appendChild(cursor);
      tr.appendChild(cell(String(t.restarts || 0), 'num'));
      tr.appendChild(cell(t.lastError || '', t.lastError ? 'error' : ''));
      tr.appendChild(controls(t.tableId, t.state));
      rows.appendChild(tr);
    }
    document.getElementById('updated').textContent = 'updated ' + new Date().toLocaleTimeString();
  }

  async function refresh() {
    clearTimeout(timer);
    if (!auth()) return showLogin();
    try {
      const response = await fetch('/SyncStatus/', { headers: { authorization: auth(), accept: 'application/json' } });
      if (response.status === 401) {
        sessionStorage.removeItem(storageKey);
        return showLogin('Wrong user or password.');
      }
      const body = await response.json();
      login.hidden = true;
      status.hidden = false;
      render(body.tables || []);
    } catch (error) {
      document.getElementById('updated').textContent = 'cannot reach Harper: ' + error.message;
    }
    timer = setTimeout(refresh, 1000);
  }

  login.addEventListener('submit', (event) => {
    event.preventDefault();
    const data = new FormData(login);
    sessionStorage.setItem(storageKey, 'Basic ' + btoa(data.get('username') + ':' + data.get('password')));
    refresh();
  });

  refresh();
})();

// @larksuiteoapi/node-sdk's event handlers against openwork's event pushes (docs/events.md).
//
// Events are asynchronous, unlike the calls feishu_checks.js makes: openwork pushes them after
// the change that causes them has committed. So these checks, unlike the others, WAIT: each waits
// for what it expects until a deadline (DEADLINE_MS, 30 s), on the handlers' arrivals or by
// polling the admin API, and fails when the deadline passes. No fixed sleep is taken as proof of
// anything. The one fixed pause (QUIET_PERIOD_MS, 2 s) comes after everything expected has
// arrived, to show that nothing more does.
//
// Apps (compat/fixture.yaml; IDs are `cli_` and 16 hex digits, or WSClient refuses to start).
// Each is subscribed here, through the admin API, for its part only, and unsubscribed after it,
// so that no other client's imports push to it:
//   - cli_c0a7e0e0000000a3: a webhook, encrypted and signed (encryptKey), granted
//     contact:user.employee_id:readonly;
//   - cli_c0a7e0e0000000a6: a webhook in plain JSON (no encryptKey), WITHOUT the employee_id
//     scope, so its users carry no user_id;
//   - cli_c0a7e0e0000000a4: the long connection, lark.WSClient in this process, granted user IDs.
//
// Webhooks reach a node http server on 127.0.0.1 (port 0): each app's path is served by
// `lark.adaptDefault(path, new lark.EventDispatcher({encryptKey, verificationToken}), {autoChallenge:
// true})`, as an application mounts it. The SDK decrypts, checks the signature (not the token:
// the Node SDK never does, so the handlers compare it), and flattens the envelope: a handler gets
// event_id, token, app_id… and `object` at the top level.
//
// What is imported (contact/v2 batch_add through the SDK's client.request(), as feishu_checks.js
// does): 2 departments and 100 users for the webhooks (in those departments and the root), 20
// users for the long connection (in the root). compat/run runs these checks last, so that no
// other check sees them.
'use strict';

const http = require('http');
const lark = require('@larksuiteoapi/node-sdk');
const { AdminApi, Harness, expect, httpRequest } = require('./harness');

const SDK = '@larksuiteoapi/node-sdk';
const TENANT = 'compat';
const DEADLINE_MS = 30000;
const QUIET_PERIOD_MS = 2000;

const USER_CREATED = 'contact.user.created_v3';
const DEPARTMENT_CREATED = 'contact.department.created_v3';
const REVIEW_DATA_CHANGED = 'performance.review_data.changed_v2';
const OPEN_RESULT = 'performance.stage_task.open_result_v2';

// What is checked, as the report's Events section lists it: the channel, then what travels on it.
const URL_VERIFICATION = 'webhook url_verification';
const WEBHOOK_USER = `webhook ${USER_CREATED}`;
const WEBHOOK_DEPARTMENT = `webhook ${DEPARTMENT_CREATED}`;
const LONG_CONNECTION_USER = `long_connection ${USER_CREATED}`;
const LONG_CONNECTION_REVIEW = `long_connection ${REVIEW_DATA_CHANGED}`;
const LONG_CONNECTION_OPEN = `long_connection ${OPEN_RESULT}`;
// The tenant's clock (fixed), and the self review's own results_open_time, which the check moves
// to now and back.
const TENANT_NOW = '2024-06-15T10:00:00+08:00';
const STAGE_OPENS = '2024-06-20T00:00:00+08:00';
const TENANT_NOW_MS = '1718416800000';

const SIGNED = {
  appId: 'cli_c0a7e0e0000000a3', appSecret: 'node-events-webhook-secret', path: '/a3/webhook/event',
  verificationToken: 'node-events-token-a3', encryptKey: 'node-events-key-a3', userIds: true,
};
const PLAIN = {
  appId: 'cli_c0a7e0e0000000a6', appSecret: 'node-events-plain-secret', path: '/a6/webhook/event',
  verificationToken: 'node-events-token-a6', encryptKey: '', userIds: false,
};
const LISTENER = {
  appId: 'cli_c0a7e0e0000000a4', appSecret: 'node-events-ws-secret', verificationToken: 'node-events-token-a4',
  encryptKey: '', userIds: true,
};

const NEW_DEPARTMENTS = [ // [id, name, parent id]: the second under the first
  ['nodeev_hq', 'Node 事件部', '0'],
  ['nodeev_team', 'Node 事件组', 'nodeev_hq'],
];
const pad = (n, width) => String(n).padStart(width, '0');
const WEBHOOK_USERS = Array.from({ length: 100 }, (_, i) => i + 1).map((n) => ({
  user_id: `nodeev${pad(n, 3)}`, name: `节点用户${n}`, mobile: `+861373000${pad(n, 4)}`,
  email: `nodeev${pad(n, 3)}@compat.example`, departments: [['nodeev_team'], ['nodeev_hq'], ['0']][n % 3],
}));
const LISTENER_USERS = Array.from({ length: 20 }, (_, i) => i + 1).map((n) => ({
  user_id: `nodews${pad(n, 2)}`, name: `节点长连${n}`, mobile: `+861374000${pad(n, 4)}`,
  email: `nodews${pad(n, 2)}@compat.example`, departments: ['0'],
}));
const SEMESTER_ID = '7300000000000000001';
const ACTIVITY_ID = '7310000000000000001';
const STAGE_ID = '7300000000000000011';

const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);
const show = (got, expected) => `got ${JSON.stringify(got)}\nexpected ${JSON.stringify(expected)}`;
const sleep = (ms) => new Promise((resolve) => { setTimeout(resolve, ms); });

// ---------------------------------------------------------------------------------------------
// Waiting, with a deadline.

// What the applications' handlers received, by app and event type, in arrival order.
class Inbox {
  constructor() {
    this.events = new Map();
    this.waiters = new Set();
  }

  add(appId, eventType, seen) {
    const key = `${appId} ${eventType}`;
    if (!this.events.has(key)) this.events.set(key, []);
    this.events.get(key).push(seen);
    this.changed();
  }

  // Lets the waiters look again (something besides an event changed).
  changed() {
    for (const wake of this.waiters) wake();
  }

  of(appId, eventType) {
    return [...(this.events.get(`${appId} ${eventType}`) || [])];
  }

  // Resolves once ready() holds; rejects, saying what did not arrive, at the deadline.
  wait(what, ready, deadlineMs = DEADLINE_MS) {
    return new Promise((resolve, reject) => {
      let timer;
      const wake = () => {
        if (!ready()) return;
        clearTimeout(timer);
        this.waiters.delete(wake);
        resolve();
      };
      timer = setTimeout(() => {
        this.waiters.delete(wake);
        reject(new Error(`waited ${deadlineMs / 1000} s for ${what}`));
      }, deadlineMs);
      this.waiters.add(wake);
      wake();
    });
  }
}

// Asks probe() until it answers something true (returned), or fails at the deadline.
async function poll(what, probe, deadlineMs = DEADLINE_MS, everyMs = 200) {
  const until = Date.now() + deadlineMs;
  for (;;) {
    const answer = await probe();
    if (answer) return answer;
    if (Date.now() >= until) throw new Error(`waited ${deadlineMs / 1000} s for ${what}`);
    await sleep(everyMs);
  }
}

// ---------------------------------------------------------------------------------------------
// openwork's side: its admin API (plain HTTP) and the SDK's clients.

class Admin extends AdminApi {
  subscribe(app, types, { requestUrl, longConnection = false } = {}) {
    const body = { types, long_connection: longConnection, verification_token: app.verificationToken, encrypt_key: app.encryptKey };
    if (requestUrl) body.request_url = requestUrl;
    return this.call('PUT', `/tenants/${TENANT}/apps/${app.appId}/events`, body);
  }

  // Ends a subscription; one that was never made is nothing to end.
  async unsubscribe(app) {
    await this.call('DELETE', `/tenants/${TENANT}/apps/${app.appId}/events`).catch(() => {});
  }

  // {user_id, open_id, union_id} of a user as `app` sees them.
  ids(userId, app) {
    return this.call('GET', `/tenants/${TENANT}/users/${encodeURIComponent(userId)}/ids?app_id=${app.appId}`);
  }

  // department_id -> open_department_id, for every department of the tenant.
  async openDepartmentIds() {
    const out = {};
    let after = '';
    do {
      const page = await this.call('GET', `/tenants/${TENANT}/departments?limit=500&after=${encodeURIComponent(after)}`);
      for (const d of page.items) out[d.department_id] = d.open_department_id;
      after = page.next || '';
    } while (after);
    return out;
  }

  // Every delivery of the app's events (each event on each channel), newest first.
  async deliveries(app, state) {
    const query = new URLSearchParams({ app_id: app.appId, limit: '500' });
    if (state) query.set('state', state);
    const out = [];
    for (;;) {
      const page = await this.call('GET', `/tenants/${TENANT}/events?${query}`);
      out.push(...page.items);
      if (!page.next) return out;
      query.set('after', page.next);
    }
  }

  // Where the app's deliveries stand, and the last attempts at one not delivered (for a check
  // that waited in vain).
  async stateOf(app) {
    const rows = await this.deliveries(app);
    const states = {};
    for (const r of rows) {
      const key = `${r.channel} ${r.event_type} ${r.state}`;
      states[key] = (states[key] || 0) + 1;
    }
    let line = `${app.appId}: ${rows.length ? JSON.stringify(states) : 'no deliveries'}`;
    const stuck = rows.find((r) => r.state !== 'delivered');
    if (stuck) {
      const history = await this.call('GET', `/tenants/${TENANT}/events/${stuck.event_id}`);
      const attempts = history.deliveries.flatMap((d) => d.attempt_log);
      line += `; ${stuck.event_id} (${stuck.state}): ${JSON.stringify(attempts.slice(-3))}`;
    }
    return line;
  }
}

// The SDK logs every HTTP error and every event it refuses (the checks make it refuse some on
// purpose); the checks record what matters. Errors are kept for the details of a failure.
const sdkErrors = [];
const LOGGER = { error: (...args) => sdkErrors.push(args.join(' ')), warn() {}, info() {}, debug() {}, trace() {} };

function buildClient(base, app) {
  return new lark.Client({ appId: app.appId, appSecret: app.appSecret, domain: base, logger: LOGGER, cache: new lark.DefaultCache() });
}

// contact/v2 {kind}/batch_add through the SDK's raw client.request(); the job's task_id.
async function batchAdd(client, kind, data) {
  const resp = await client.request({ method: 'POST', url: `/open-apis/contact/v2/${kind}/batch_add`, data });
  expect(resp && resp.code === 0, `${kind}/batch_add: ${JSON.stringify(resp)}`);
  return resp.data.task_id;
}

// ---------------------------------------------------------------------------------------------
// The applications' side: what a handler reads of an event (flattened by the SDK).

const headerSeen = (data) => ({
  event_id: data.event_id, event_type: data.event_type, create_time: data.create_time, token: data.token,
  app_id: data.app_id, tenant_key: data.tenant_key, schema: data.schema,
});
const userSeen = (data) => {
  const u = data.object || {};
  return {
    ...headerSeen(data), open_id: u.open_id, union_id: u.union_id, user_id: u.user_id, name: u.name, mobile: u.mobile,
    email: u.email, department_ids: u.department_ids, is_activated: u.status && u.status.is_activated,
  };
};
const departmentSeen = (data) => {
  const d = data.object || {};
  return {
    ...headerSeen(data), name: d.name, department_id: d.department_id, open_department_id: d.open_department_id,
    parent_department_id: d.parent_department_id, is_deleted: d.status && d.status.is_deleted,
  };
};

// An application's dispatcher: key and token, one handler per event type.
function dispatcherFor(app, inbox) {
  return new lark.EventDispatcher({ encryptKey: app.encryptKey, verificationToken: app.verificationToken, logger: LOGGER }).register({
    [USER_CREATED]: async (data) => { inbox.add(app.appId, USER_CREATED, userSeen(data)); },
    [DEPARTMENT_CREATED]: async (data) => { inbox.add(app.appId, DEPARTMENT_CREATED, departmentSeen(data)); },
  });
}

// The apps' request URLs on one node http server: each path behind its app's adaptDefault. Every
// request is recorded (headers as node gives them, the raw body, what the SDK answered).
class Receiver {
  constructor() {
    this.adapters = [];
    this.requests = [];
    this.server = http.createServer((req, res) => {
      const record = { path: req.url, headers: req.headers, body: '', status: null, answer: '' };
      this.requests.push(record);
      // The adapter reads the body itself; this listener sees the same chunks.
      req.on('data', (chunk) => { record.body += chunk; });
      const end = res.end.bind(res);
      res.end = (chunk, ...rest) => {
        record.status = res.statusCode;
        record.answer = chunk === undefined ? '' : String(chunk);
        return end(chunk, ...rest);
      };
      if (!this.adapters.some(([path]) => path === req.url)) {
        res.statusCode = 404;
        res.end('no app at this path');
        return;
      }
      for (const [, adapter] of this.adapters) adapter(req, res); // each answers its own path only
    });
  }

  listen() {
    return new Promise((resolve) => { this.server.listen(0, '127.0.0.1', resolve); });
  }

  url(app) {
    return `http://127.0.0.1:${this.server.address().port}${app.path}`;
  }

  serve(app, dispatcher) {
    this.adapters.push([app.path, lark.adaptDefault(app.path, dispatcher, { autoChallenge: true })]);
  }

  // The requests that pushed events to the app (the challenge left out), answered 200.
  pushes(app) {
    return this.requests.filter((r) => r.path === app.path && r.status === 200 && !r.answer.includes('"challenge"'));
  }

  close() {
    return new Promise((resolve) => { this.server.close(() => resolve()); this.server.closeAllConnections(); });
  }
}

// ---------------------------------------------------------------------------------------------
// How received events must look.

// The flattened header: 32-hex event_id, the type, the app's token, app and tenant, and
// create_time a string of real Unix milliseconds since `sinceMs`.
function expectHeader(seen, app, eventType, sinceMs) {
  expect(/^[0-9a-f]{32}$/.test(seen.event_id || ''), `event_id ${seen.event_id}`);
  const got = [seen.schema, seen.event_type, seen.token, seen.app_id, seen.tenant_key];
  const expected = ['2.0', eventType, app.verificationToken, app.appId, TENANT];
  expect(same(got, expected), `header ${show(got, expected)}`);
  expect(typeof seen.create_time === 'string' && /^\d+$/.test(seen.create_time), `create_time ${JSON.stringify(seen.create_time)} is not a string of digits`);
  const now = Date.now();
  const created = Number(seen.create_time);
  expect(created >= sinceMs - 5000 && created <= now + 5000, `create_time ${created} is not between ${sinceMs} and ${now} (real Unix ms)`);
}

// Exactly one event per expected key, no event_id twice; the events by key.
function onePer(events, key, expectedKeys, what) {
  const ids = new Map();
  for (const e of events) ids.set(e.event_id, (ids.get(e.event_id) || 0) + 1);
  const twice = [...ids].filter(([, n]) => n > 1).map(([id]) => id);
  expect(twice.length === 0, `event_ids received more than once: ${twice.slice(0, 5)}`);
  const byKey = new Map();
  for (const e of events) byKey.set(key(e), [...(byKey.get(key(e)) || []), e]);
  const wanted = new Set(expectedKeys);
  const missing = [...wanted].filter((k) => !byKey.has(k));
  const extra = [...byKey].filter(([k, list]) => !wanted.has(k) || list.length > 1).map(([k]) => k);
  expect(missing.length === 0 && extra.length === 0 && events.length === wanted.size,
    `${events.length} ${what} events for ${wanted.size} ${what}s; missing ${missing.slice(0, 5)}, unexpected or repeated ${extra.slice(0, 5)}`);
  return new Map([...byKey].map(([k, [e]]) => [k, e]));
}

const userValues = (seen) => ({
  open_id: seen.open_id, union_id: seen.union_id, user_id: seen.user_id, name: seen.name, mobile: seen.mobile,
  email: seen.email, department_ids: seen.department_ids, is_activated: seen.is_activated,
});

// Each user's event holds the user as `app` sees them (the admin API's IDs for the app).
async function expectUsers(byOpenId, users, app, admin, openDepartments) {
  const wrong = [];
  for (const user of users) {
    const ids = await admin.ids(user.user_id, app);
    const expected = {
      open_id: ids.open_id, union_id: ids.union_id, user_id: app.userIds ? user.user_id : undefined, name: user.name,
      mobile: user.mobile, email: user.email, department_ids: user.departments.map((d) => (d === '0' ? '0' : openDepartments[d] || `(no department ${d})`)), is_activated: true,
    };
    const seen = byOpenId.get(ids.open_id);
    const got = seen && userValues(seen);
    if (!same(got, expected)) wrong.push(`${user.user_id}: ${show(got, expected)}`);
  }
  expect(wrong.length === 0, `${wrong.length} of ${users.length} users differ:\n${wrong.slice(0, 3).join('\n')}`);
}

// The admin API lists exactly these events of the app delivered on `channel`, each at the first
// attempt (polled: the delivery is recorded once the client has answered).
async function expectDelivered(admin, app, channel, eventIds) {
  const wanted = new Set(eventIds);
  let rows;
  try {
    rows = await poll(`${wanted.size} deliveries of ${app.appId} recorded delivered`, async () => {
      const delivered = await admin.deliveries(app, 'delivered');
      const ids = new Set(delivered.map((r) => r.event_id));
      return [...wanted].every((id) => ids.has(id)) ? delivered : null;
    });
  } catch (err) {
    throw new Error(`${err.message}: ${await admin.stateOf(app)}`);
  }
  rows = rows.filter((r) => wanted.has(r.event_id));
  const wrong = rows.filter((r) => r.channel !== channel || r.attempts !== 1).map((r) => [r.event_id, r.channel, r.attempts]);
  expect(rows.length === wanted.size && wrong.length === 0,
    `${rows.length} rows for ${wanted.size} events; not on ${channel} at attempt 1: ${JSON.stringify(wrong.slice(0, 5))}`);
  return `${rows.length} delivered on ${channel}, each at the first attempt`;
}

// ---------------------------------------------------------------------------------------------

async function main() {
  const h = new Harness();
  const base = h.base;
  const admin = new Admin(base, h.adminToken);
  const inbox = new Inbox();
  const state = {};
  const check = (endpoint, name, fn) => h.check(SDK, endpoint, name, fn);
  const eventCount = (app, types) => types.reduce((n, t) => n + inbox.of(app.appId, t).length, 0);

  // ------------------------------------------------------------------ webhooks

  const receiver = new Receiver();
  await receiver.listen();
  receiver.serve(SIGNED, dispatcherFor(SIGNED, inbox));
  receiver.serve(PLAIN, dispatcherFor(PLAIN, inbox));
  const signedClient = buildClient(base, SIGNED);

  const verify = async (app) => {
    const answer = await admin.call('POST', `/tenants/${TENANT}/apps/${app.appId}/events/verify`);
    expect(answer.verified === true && answer.status === 200, answer);
    const challenge = receiver.requests.filter((r) => r.path === app.path && r.answer.includes('"challenge"'));
    expect(challenge.length === 1, `the receiver answered ${challenge.length} challenges`);
    expect(('encrypt' in JSON.parse(challenge[0].body)) === Boolean(app.encryptKey), `the challenge's body was ${challenge[0].body}`);
    return answer.detail;
  };

  try {
    await admin.subscribe(SIGNED, [USER_CREATED, DEPARTMENT_CREATED], { requestUrl: receiver.url(SIGNED) });
    await admin.subscribe(PLAIN, [USER_CREATED, DEPARTMENT_CREATED], { requestUrl: receiver.url(PLAIN) });

    await check(URL_VERIFICATION, 'verify: adaptDefault (autoChallenge) answers the encrypted challenge (encryptKey set)', () => verify(SIGNED));
    await check(URL_VERIFICATION, 'verify: adaptDefault (autoChallenge) answers the plain challenge (no encryptKey)', () => verify(PLAIN));

    await check(WEBHOOK_DEPARTMENT, '2 departments imported: each app\'s handler gets one event per department, '
      + 'open_department_id and parent as the admin API says', async () => {
      const since = Date.now();
      await batchAdd(signedClient, 'department', { departments: NEW_DEPARTMENTS.map(([id, name, parent]) => ({ id, name, parent_id: parent })) });
      await inbox.wait(`${NEW_DEPARTMENTS.length} ${DEPARTMENT_CREATED} events for each app`,
        () => [SIGNED, PLAIN].every((a) => inbox.of(a.appId, DEPARTMENT_CREATED).length >= NEW_DEPARTMENTS.length));
      const openDepartments = await admin.openDepartmentIds();
      const expected = Object.fromEntries(NEW_DEPARTMENTS.map(([id, name, parent]) => [id, {
        name, department_id: id, open_department_id: openDepartments[id],
        parent_department_id: parent === '0' ? '0' : openDepartments[parent], is_deleted: false,
      }]));
      for (const app of [SIGNED, PLAIN]) {
        const events = onePer(inbox.of(app.appId, DEPARTMENT_CREATED), (e) => e.department_id, Object.keys(expected), 'department');
        const got = {};
        for (const [id, e] of events) {
          expectHeader(e, app, DEPARTMENT_CREATED, since);
          got[id] = Object.fromEntries(Object.keys(expected[id]).map((k) => [k, e[k]]));
        }
        const sorted = Object.fromEntries(Object.keys(expected).map((id) => [id, got[id]]));
        expect(same(sorted, expected), `${app.appId} ${show(sorted, expected)}`);
      }
      return `${NEW_DEPARTMENTS.length} events for each of ${SIGNED.appId}, ${PLAIN.appId}`;
    });

    await check(WEBHOOK_USER, '100 users imported: both apps\' handlers get theirs within 30 s', async () => {
      state.usersSince = Date.now();
      await batchAdd(signedClient, 'user', { users: WEBHOOK_USERS, need_send_notification: false });
      await inbox.wait(`${WEBHOOK_USERS.length} ${USER_CREATED} events for each app`,
        () => [SIGNED, PLAIN].every((a) => inbox.of(a.appId, USER_CREATED).length >= WEBHOOK_USERS.length));
      state.usersArrived = true;
      return `2 × ${WEBHOOK_USERS.length} events in ${((Date.now() - state.usersSince) / 1000).toFixed(1)} s`;
    });

    const arrived = () => expect(state.usersArrived, 'the users\' events did not arrive');

    await check(WEBHOOK_USER, 'exactly 100 events, one per user, no event_id twice', () => {
      arrived();
      const events = onePer(inbox.of(SIGNED.appId, USER_CREATED), (e) => e.user_id, WEBHOOK_USERS.map((u) => u.user_id), 'user');
      return `${events.size} events, ${events.size} users, no event_id twice`;
    });

    await check(WEBHOOK_USER, 'open_id, union_id, user_id as the app sees the user; name, mobile, email as imported; '
      + 'department_ids the departments\' open_department_id', async () => {
      arrived();
      const byOpenId = new Map(inbox.of(SIGNED.appId, USER_CREATED).map((e) => [e.open_id, e]));
      await expectUsers(byOpenId, WEBHOOK_USERS, SIGNED, admin, await admin.openDepartmentIds());
    });

    await check(WEBHOOK_USER, 'an app without contact:user.employee_id:readonly: one event per user, no user_id', async () => {
      arrived();
      const events = inbox.of(PLAIN.appId, USER_CREATED);
      const openIds = [];
      for (const u of WEBHOOK_USERS) openIds.push((await admin.ids(u.user_id, PLAIN)).open_id);
      const byOpenId = onePer(events, (e) => e.open_id, openIds, 'user');
      await expectUsers(byOpenId, WEBHOOK_USERS, PLAIN, admin, await admin.openDepartmentIds());
      return `${events.length} events, none with a user_id`;
    });

    await check(WEBHOOK_USER, 'every header: 32-hex event_id, the app\'s token, app_id, tenant_key, create_time in real ms', () => {
      arrived();
      for (const app of [SIGNED, PLAIN]) {
        for (const seen of inbox.of(app.appId, USER_CREATED)) expectHeader(seen, app, USER_CREATED, state.usersSince);
      }
    });

    await check(WEBHOOK_USER, 'nothing more arrives in the 2 s after the last', async () => {
      arrived();
      const counts = () => [SIGNED, PLAIN].map((a) => eventCount(a, [USER_CREATED, DEPARTMENT_CREATED]));
      const before = counts();
      await sleep(QUIET_PERIOD_MS);
      const after = counts();
      expect(same(after, before), `more events came: ${before} then ${after}`);
      return `${after.reduce((a, b) => a + b, 0)} events in all`;
    });

    await check(WEBHOOK_USER, 'encryptKey set: {"encrypt"} bodies, signed; the SDK ignores a forged signature', async () => {
      const pushes = receiver.pushes(SIGNED);
      const expected = WEBHOOK_USERS.length + NEW_DEPARTMENTS.length;
      expect(pushes.length === expected, `${pushes.length} pushes answered 200, expected ${expected}`);
      for (const r of pushes) {
        expect(same(Object.keys(JSON.parse(r.body)), ['encrypt']), `a body of ${SIGNED.appId}: ${r.body.slice(0, 200)}`);
        for (const name of ['x-lark-request-timestamp', 'x-lark-request-nonce', 'x-lark-signature']) {
          expect(r.headers[name], `no ${name} in ${Object.keys(r.headers)}`);
        }
      }
      // The SDK really checked: a dispatcher of the same app runs its handler for a request as
      // received, and not once its signature changes (Node answers 200 either way).
      const sample = pushes[pushes.length - 1];
      const invoke = async (headers) => {
        const probe = new Inbox();
        await dispatcherFor(SIGNED, probe).invoke(Object.assign(Object.create({ headers }), JSON.parse(sample.body)));
        return [...probe.events.values()].reduce((n, list) => n + list.length, 0);
      };
      expect(await invoke(sample.headers) === 1, 'the request as received did not reach the handler once');
      const signature = sample.headers['x-lark-signature'];
      const forged = { ...sample.headers, 'x-lark-signature': (signature[0] === '0' ? '1' : '0') + signature.slice(1) };
      expect(await invoke(forged) === 0, 'a forged signature reached the handler');
      return `${pushes.length} pushes, each {"encrypt"} and signed; a forged signature is ignored`;
    });

    await check(WEBHOOK_USER, 'no encryptKey: plain v2.0 envelopes', () => {
      const envelopes = receiver.pushes(PLAIN).map((r) => JSON.parse(r.body));
      const expected = WEBHOOK_USERS.length + NEW_DEPARTMENTS.length;
      expect(envelopes.length === expected && envelopes.every((e) => e.schema === '2.0' && same(Object.keys(e).sort(), ['event', 'header', 'schema'])),
        `${envelopes.length} pushes (expected ${expected}), keys ${JSON.stringify([...new Set(envelopes.map((e) => Object.keys(e).sort().join(',')))])}`);
      return `${envelopes.length} plain v2.0 envelopes`;
    });

    for (const app of [SIGNED, PLAIN]) {
      await check(WEBHOOK_USER, `the admin API lists each event delivered on channel webhook (${app.encryptKey ? 'encrypted' : 'plain'} app)`, () => {
        const ids = [USER_CREATED, DEPARTMENT_CREATED].flatMap((t) => inbox.of(app.appId, t).map((e) => e.event_id));
        expect(ids.length === WEBHOOK_USERS.length + NEW_DEPARTMENTS.length, `${ids.length} events received`);
        return expectDelivered(admin, app, 'webhook', ids);
      });
    }
  } finally {
    await admin.unsubscribe(SIGNED);
    await admin.unsubscribe(PLAIN);
    await receiver.close();
  }

  // ------------------------------------------------------------------ the long connection

  const listenerClient = buildClient(base, LISTENER);
  let ready = false;
  const wsClient = new lark.WSClient({
    appId: LISTENER.appId, appSecret: LISTENER.appSecret, domain: base, loggerLevel: lark.LoggerLevel.error, logger: LOGGER,
    onReady: () => { ready = true; inbox.changed(); },
  });
  const wsDispatcher = new lark.EventDispatcher({ logger: LOGGER }).register({
    [USER_CREATED]: async (data) => { inbox.add(LISTENER.appId, USER_CREATED, userSeen(data)); },
    [REVIEW_DATA_CHANGED]: async (data) => {
      inbox.add(LISTENER.appId, REVIEW_DATA_CHANGED, { ...headerSeen(data), items: data.items });
    },
    [OPEN_RESULT]: async (data) => {
      inbox.add(LISTENER.appId, OPEN_RESULT, { ...headerSeen(data), items: data.items });
    },
  });
  const failedWith = async (err) => new Error(`${err.message}; ${await admin.stateOf(LISTENER)}; the SDK logged: ${sdkErrors.slice(-5).join(' | ')}`);

  try {
    await admin.subscribe(LISTENER, [USER_CREATED, REVIEW_DATA_CHANGED, OPEN_RESULT], { longConnection: true });
    await wsClient.start({ eventDispatcher: wsDispatcher });

    await check(LONG_CONNECTION_USER, 'WSClient connects (onReady) within 30 s', async () => {
      await inbox.wait('WSClient\'s onReady', () => ready).catch(async (err) => { throw await failedWith(err); });
    });

    await check(LONG_CONNECTION_USER, '20 users imported: the WSClient\'s handler gets one event per user with the '
      + 'app\'s open_id, union_id and user_id', async () => {
      const since = Date.now();
      await batchAdd(listenerClient, 'user', { users: LISTENER_USERS, need_send_notification: false });
      await inbox.wait(`${LISTENER_USERS.length} ${USER_CREATED} events from the WSClient`,
        () => inbox.of(LISTENER.appId, USER_CREATED).length >= LISTENER_USERS.length).catch(async (err) => { throw await failedWith(err); });
      const events = onePer(inbox.of(LISTENER.appId, USER_CREATED), (e) => e.user_id, LISTENER_USERS.map((u) => u.user_id), 'user');
      for (const e of events.values()) expectHeader(e, LISTENER, USER_CREATED, since);
      const byOpenId = new Map([...events.values()].map((e) => [e.open_id, e]));
      await expectUsers(byOpenId, LISTENER_USERS, LISTENER, admin, await admin.openDepartmentIds());
      state.listenerUsers = [...events.values()].map((e) => e.event_id);
      return `${events.size} events, one per user`;
    });

    await check(LONG_CONNECTION_USER, 'the admin API lists each delivered on channel long_connection (acknowledged 200)', () => {
      expect(state.listenerUsers, 'the users\' events did not arrive');
      return expectDelivered(admin, LISTENER, 'long_connection', state.listenerUsers);
    });

    await check(LONG_CONNECTION_REVIEW, 'an event emitted through the admin API reaches the handler: items[0].user_id.open_id '
      + 'and the rest as emitted', async () => {
      const c01 = await admin.ids('c01', LISTENER);
      const item = {
        user_id: c01, semester_id: SEMESTER_ID, activity_id: ACTIVITY_ID,
        stage_changes: [{ stage_id: STAGE_ID, stage_type: 'review', review_stage_role: 'reviewee' }],
      };
      const since = Date.now();
      const { events: emitted } = await admin.call('POST', `/tenants/${TENANT}/events`, { event_type: REVIEW_DATA_CHANGED, event: { items: [item] } });
      const got = emitted.map((e) => [e.app_id, e.channels]);
      expect(same(got, [[LISTENER.appId, ['long_connection']]]), `emitted ${JSON.stringify(emitted)}`);
      const eventId = emitted[0].event_id;
      await inbox.wait(`${REVIEW_DATA_CHANGED} ${eventId} from the WSClient`,
        () => inbox.of(LISTENER.appId, REVIEW_DATA_CHANGED).some((e) => e.event_id === eventId)).catch(async (err) => { throw await failedWith(err); });
      const [seen] = inbox.of(LISTENER.appId, REVIEW_DATA_CHANGED);
      expectHeader(seen, LISTENER, REVIEW_DATA_CHANGED, since);
      const first = seen.items[0];
      const read = [first.user_id.open_id, first.user_id.union_id, first.user_id.user_id, first.semester_id, first.activity_id,
        first.stage_changes[0].stage_id, first.stage_changes[0].stage_type, first.stage_changes[0].review_stage_role];
      const expected = [c01.open_id, c01.union_id, c01.user_id, SEMESTER_ID, ACTIVITY_ID, STAGE_ID, 'review', 'reviewee'];
      expect(same(read, expected) && seen.items.length === 1, show(seen.items, [item]));
      await expectDelivered(admin, LISTENER, 'long_connection', [eventId]);
      return `items[0].user_id.open_id ${first.user_id.open_id}`;
    });

    await check(LONG_CONNECTION_OPEN, 'a stage\'s results opened through the admin API: the handler gets its reviewees, '
      + 'each in the app\'s IDs', async () => {
      const stage = `/tenants/${TENANT}/stages/${STAGE_ID}`;
      const since = Date.now();
      await admin.call('PATCH', stage, { results_open_time: TENANT_NOW });
      try {
        await inbox.wait(`${OPEN_RESULT} from the WSClient`, () => inbox.of(LISTENER.appId, OPEN_RESULT).length > 0)
          .catch(async (err) => { throw await failedWith(err); });
      } finally {
        await admin.call('PATCH', stage, { results_open_time: STAGE_OPENS });
      }
      const [seen] = inbox.of(LISTENER.appId, OPEN_RESULT);
      expectHeader(seen, LISTENER, OPEN_RESULT, since);
      const withTasks = new Set((await admin.call('GET', `${stage}/tasks?limit=100`)).items.map((t) => t.user_id));
      expect(seen.items.length > 0, 'no reviewee in the event');
      for (const item of seen.items) {
        expect(withTasks.has(item.user_id.user_id), `${item.user_id.user_id} has no task in the stage`);
        const ids = await admin.ids(item.user_id.user_id, LISTENER);
        const got = [item.user_id.open_id, item.user_id.union_id, item.semester_id, item.open_time];
        const expected = [ids.open_id, ids.union_id, SEMESTER_ID, TENANT_NOW_MS];
        expect(same(got, expected), show(got, expected));
      }
      await expectDelivered(admin, LISTENER, 'long_connection', [seen.event_id]);
      return `${seen.items.length} reviewees`;
    });
  } finally {
    wsClient.close({ force: true });
    await admin.unsubscribe(LISTENER);
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(2);
});

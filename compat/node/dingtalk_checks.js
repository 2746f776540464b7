// node-dingtalk (npm) against openwork: the legacy corpid/corpsecret token, every workspace task
// and task-list call through the client's raw topapi POST, and the errors it throws.
//
// This script's data is its own: the source `nodesdk` (and `openwork`/node-default-1), the
// projects `nodeproj-*`, the task lists of c05 and c09, and the fixture task 7600000000000000003.
// dingtalk-sdk uses `pysdk`, `pyproj-*`, c07 and c08; openwork-sdk uses `rustsdk`. The fixture
// task compat/fixture-1 is only read. So the scripts may run in any order against one server.
'use strict';

const { isDeepStrictEqual } = require('util');
const DingTalk = require('node-dingtalk');
const { Harness, expect } = require('./harness');

const SDK = 'node-dingtalk';
const TENANT = 'compat';
const CORP_ID = 'dingcompat';
const CORP_SECRET = 'node-dingtalk-secret';
const APP_KEY = 'dingcompatnode';
const NOW = '2024-06-15 10:00:00'; // the tenant's fixed clock, as DingTalk writes dates (UTC+8)

const SOURCE = 'nodesdk';
const PROJECT = 'nodeproj-1';
const OTHER_PROJECT = 'nodeproj-2';
const ORG_USER = 'c05'; // whose task lists this script changes
const PROJECT_USER = 'c09';

// compat/fixture.yaml's workspace tasks, as the gateway writes them.
const COMPAT_TASK = {
  task_id: '7600000000000000001', source: 'compat', source_id: 'fixture-1', biz_tag: 'compat',
  subject: '兼容任务', creator_userid: 'c01', modifier_userid: 'c01', executor_userid: 'c02',
  tracker_userids: [], priority: 20, plan_finish_date: '2024-06-30 18:00:00',
  is_archived: false, is_recycled: false, gmt_create: NOW, gmt_modified: NOW,
  belong_corp_id: CORP_ID, extension: {},
};
const FIXTURE_TASK = {
  task_id: '7600000000000000003', source: SOURCE, source_id: 'node-fixture', biz_tag: SOURCE,
  subject: '兼容任务 Node', description: '固定的 Node 任务',
  creator_userid: 'c04', modifier_userid: 'c04', executor_userid: 'c05', tracker_userids: ['c06'],
  priority: 10, status_stage: 2, status_id: 9, task_type_id: 4, task_type_category: 'risk',
  corp_id: PROJECT, belong_corp_id: CORP_ID, is_archived: true, is_recycled: false,
  plan_start_date: '2024-05-20 09:00:00', plan_finish_date: '2024-06-10 18:00:00',
  start_date: '2024-05-21 10:00:00', finish_date: '2024-06-09 16:45:00',
  gmt_create: '2024-05-19 12:00:00', gmt_modified: '2024-06-09 16:45:00',
  extension: { comment_count: '1', other: '{"key":"node"}' },
};

const NOT_FOUND = ['60121', '任务不存在'];
const EXISTS = ['60122', '任务已存在'];
const NO_PERMISSION = ['60011', '没有调用该接口的权限'];
const TOKEN_INVALID = ['40014', '不合法的access_token'];
const TOKEN_BLANK = ['40000', 'access_token is blank'];

// The admin API's view of a user's task list.
function tasklist(userid, hiddenOrgWide = false, projects = []) {
  return { userid, hidden_org_wide: hiddenOrgWide, projects: projects.map(([p, hidden]) => ({ project_id: p, hidden })) };
}

function same(got, wanted) {
  if (isDeepStrictEqual(got, wanted)) return;
  const keys = [...new Set([...Object.keys(got || {}), ...Object.keys(wanted || {})])].sort();
  const diff = Object.fromEntries(keys.filter((k) => !isDeepStrictEqual(got[k], wanted[k])).map((k) => [k, [got[k], wanted[k]]]));
  throw new Error(`differs (got, wanted): ${JSON.stringify(diff)}`);
}

// A successful call without a result: errcode 0, errmsg ok, a request_id.
function ok(answer) {
  expect(answer.errcode === 0 && answer.errmsg === 'ok', answer);
  expect(typeof answer.request_id === 'string' && answer.request_id.length === 13, answer);
  return answer;
}

// `promise` must reject with the client's DingTalkClientResponseError of `errcode`; for a wrapped
// error (88) its data carries `sub` = [sub_code as a string, sub_msg] and the gateway's errmsg.
async function rejects(promise, errcode, { sub, errmsg } = {}) {
  let answer;
  try {
    answer = await promise;
  } catch (err) {
    expect(err.name === 'DingTalkClientResponseError', `${err.name}: ${err.message}`);
    expect(err.code === errcode && err.data.errcode === errcode, { wanted: errcode, code: err.code, data: err.data });
    if (sub) {
      const [subCode, subMsg] = sub;
      expect(err.data.sub_code === subCode && err.data.sub_msg === subMsg, err.data);
      expect(err.data.errmsg === `ding talk error[subcode=${subCode},submsg=${subMsg}]`, err.data);
    }
    if (errmsg !== undefined) expect(err.data.errmsg === errmsg, { wanted: errmsg, data: err.data });
    const rejected = `threw ${err.code}${sub ? `/${err.data.sub_code}` : ''}: ${err.data.errmsg}`;
    return Object.assign(Object.create({ toString: () => rejected }), { data: err.data });
  }
  throw new Error(`no error (wanted errcode ${errcode}); resolved ${JSON.stringify(answer)}`);
}

// The token with one character of its signature changed.
function tampered(token) {
  const i = token.length - 5;
  return token.slice(0, i) + (token[i] === 'B' ? 'C' : 'B') + token.slice(i + 1);
}

async function main() {
  const h = new Harness();
  const dt = new DingTalk({ corpid: CORP_ID, corpsecret: CORP_SECRET, host: h.base });
  const created = {}; // the tasks this script created, by source_id

  const post = (api, data, opts) => dt.client.post(`topapi/workspace/${api}`, data, opts);
  const get = async (taskId) => (await post('task/get', { task_id: taskId })).result;
  const bySource = async (sourceId, source = SOURCE) =>
    (await post('task/getbysourceid', { source, source_id: sourceId })).result;
  // /gettoken through the client's own request(), which throws unless errcode === 0.
  const gettoken = (query) => dt.client.request(`${h.base}/gettoken`, { data: query });
  const adminTasklist = async (userid) => {
    const res = await fetch(`${h.base}/_openwork/v1/tenants/${TENANT}/workspace/tasklists/${encodeURIComponent(userid)}`, {
      headers: { Authorization: `Bearer ${h.adminToken}` },
    });
    expect(res.status === 200, `admin tasklists/${userid}: HTTP ${res.status}`);
    return res.json();
  };

  // --- GET /gettoken --------------------------------------------------------------------------

  let ep = 'GET /gettoken';
  await h.check(SDK, ep, 'corpid+corpsecret: errcode 0, expires_in 7200; getAccessToken() holds that same token', async () => {
    const raw = await gettoken({ corpid: CORP_ID, corpsecret: CORP_SECRET });
    expect(raw.errcode === 0 && raw.errmsg === 'ok' && raw.expires_in === 7200, raw);
    expect(raw.access_token.startsWith('dt-') && !('request_id' in raw), raw);
    const token = await dt.client.getAccessToken();
    expect(token === raw.access_token, { token, raw });
    return `token ${token.slice(0, 12)}…, expires_in ${raw.expires_in}`;
  });

  await h.check(SDK, ep, 'appkey+appsecret names the same app: the same token', async () => {
    const raw = await gettoken({ appkey: APP_KEY, appsecret: CORP_SECRET });
    expect(raw.errcode === 0 && raw.expires_in === 7200, raw);
    expect(raw.access_token === await dt.client.getAccessToken(), raw);
  });

  await h.check(SDK, ep, 'a wrong corpsecret throws errcode 40096 不合法的appKey或appSecret', async () => {
    const wrong = new DingTalk({ corpid: CORP_ID, corpsecret: 'wrong', host: h.base });
    return rejects(wrong.client.post('topapi/workspace/task/get', { task_id: '1' }), 40096, { errmsg: '不合法的appKey或appSecret' });
  });

  await h.check(SDK, ep, 'an unknown corpid throws errcode 40096', async () => {
    const stranger = new DingTalk({ corpid: 'dingnobody', corpsecret: CORP_SECRET, host: h.base });
    return rejects(stranger.client.getAccessToken(), 40096, { errmsg: '不合法的appKey或appSecret' });
  });

  await h.check(SDK, ep, 'neither corpid nor appkey throws errcode 40035', async () =>
    rejects(gettoken({}), 40035, { errmsg: '缺少参数 corpid or appkey' }));

  // --- POST /topapi/workspace/task/create -----------------------------------------------------

  ep = 'POST /topapi/workspace/task/create';
  await h.check(SDK, ep, 'every field set (dates as RFC 3339 and epoch ms): the result echoes them as yyyy-MM-dd HH:mm:ss UTC+8, the operator is creator', async () => {
    const task = {
      source: SOURCE, source_id: 'node-1', subject: '来自 node-dingtalk', description: '草稿',
      executor_userid: 'c06', tracker_userids: ['c05', 'c06'], priority: 20, status_stage: 1, status_id: 2,
      task_type_id: 5, task_type_category: 'workitem', parent_id: '42', corp_id: OTHER_PROJECT,
      is_archived: false, is_recycled: false,
      plan_start_date: '2024-06-20T09:00:00+08:00', plan_finish_date: 1719820800000, // 2024-07-01 16:00:00 UTC+8
      extension: { comment_count: '5', file_path: 'https://files.compat.example/n.txt', other: '{"k":"n"}' },
    };
    const r = ok(await post('task/create', { operator_userid: 'c04', task }));
    expect(typeof r.result.task_id === 'string' && /^\d+$/.test(r.result.task_id), r.result);
    same(r.result, {
      ...task, task_id: r.result.task_id, biz_tag: SOURCE, belong_corp_id: CORP_ID,
      creator_userid: 'c04', modifier_userid: 'c04', plan_start_date: '2024-06-20 09:00:00',
      plan_finish_date: '2024-07-01 16:00:00', gmt_create: NOW, gmt_modified: NOW,
    });
    created['node-1'] = r.result;
  });

  await h.check(SDK, ep, 'the task as a JSON string with string scalars is read as typed values', async () => {
    const task = { source: SOURCE, source_id: 'node-2', subject: '字符串', corp_id: PROJECT, priority: '40',
      is_recycled: 'true', creator_userid: 'c06', start_date: '2024-06-03 08:15:00' };
    const r = ok(await post('task/create', { operator_userid: 'c05', task: JSON.stringify(task) }));
    const t = r.result;
    expect(t.priority === 40 && t.is_recycled === true && t.start_date === '2024-06-03 08:15:00', t);
    expect(t.creator_userid === 'c06' && t.modifier_userid === 'c05' && t.corp_id === PROJECT, t);
    created['node-2'] = t;
  });

  await h.check(SDK, ep, 'without source: source and biz_tag openwork, the given source_id kept', async () => {
    const r = ok(await post('task/create', { operator_userid: 'c06', task: { source_id: 'node-default-1', subject: '默认来源' } }));
    expect(r.result.source === 'openwork' && r.result.biz_tag === 'openwork' && r.result.source_id === 'node-default-1', r.result);
    created.default = r.result;
  });

  await h.check(SDK, ep, 'a missing operator_userid throws errcode 40 Missing required arguments:operator_userid', async () =>
    rejects(post('task/create', { task: { source: SOURCE, source_id: 'node-x' } }), 40,
      { errmsg: 'Missing required arguments:operator_userid' }));

  await h.check(SDK, ep, 'a taken (source, source_id) throws 88/60122 and leaves the first task as it was', async () => {
    const err = await rejects(post('task/create', { operator_userid: 'c04', task: { source: SOURCE, source_id: 'node-1', subject: '重复' } }),
      88, { sub: EXISTS });
    same(await bySource('node-1'), created['node-1']);
    return err;
  });

  await h.check(SDK, ep, 'status_stage 3 throws errcode 41 Invalid arguments:status_stage and creates nothing', async () => {
    const err = await rejects(post('task/create', { operator_userid: 'c04', task: { source: SOURCE, source_id: 'node-bad', status_stage: 3 } }),
      41, { errmsg: 'Invalid arguments:status_stage' });
    await rejects(bySource('node-bad'), 88, { sub: NOT_FOUND });
    return err;
  });

  await h.check(SDK, ep, 'a tracker who is not in the tenant throws errcode 41 Invalid arguments:tracker_userids', async () =>
    rejects(post('task/create', { operator_userid: 'c04', task: { source: SOURCE, source_id: 'node-bad', tracker_userids: ['c05', 'c99'] } }),
      41, { errmsg: 'Invalid arguments:tracker_userids' }));

  await h.check(SDK, ep, 'a date that does not parse throws errcode 41 Invalid arguments:plan_start_date', async () =>
    rejects(post('task/create', { operator_userid: 'c04', task: { source: SOURCE, source_id: 'node-bad', plan_start_date: 'next Monday' } }),
      41, { errmsg: 'Invalid arguments:plan_start_date' }));

  // --- POST /topapi/workspace/task/get --------------------------------------------------------

  ep = 'POST /topapi/workspace/task/get';
  await h.check(SDK, ep, 'the created task by id equals create\'s result', async () => {
    const r = ok(await post('task/get', { task_id: created['node-1'].task_id }));
    same(r.result, created['node-1']);
  });

  await h.check(SDK, ep, 'the fixture task 7600000000000000003 with every field as in compat/fixture.yaml', async () => {
    same(await get(FIXTURE_TASK.task_id), FIXTURE_TASK);
  });

  await h.check(SDK, ep, 'an unknown task_id throws 88/60121 任务不存在', async () =>
    rejects(get('7600000000000009998'), 88, { sub: NOT_FOUND }));

  await h.check(SDK, ep, 'a missing task_id throws errcode 40', async () =>
    rejects(post('task/get', {}), 40, { errmsg: 'Missing required arguments:task_id' }));

  await h.check(SDK, ep, 'a garbage access_token (opts.accessToken) throws 88/40014', async () =>
    rejects(post('task/get', { task_id: COMPAT_TASK.task_id }, { accessToken: 'garbage' }), 88, { sub: TOKEN_INVALID }));

  await h.check(SDK, ep, 'a real token with one character changed throws 88/40014', async () => {
    const forged = tampered(await dt.client.getAccessToken());
    return rejects(post('task/get', { task_id: COMPAT_TASK.task_id }, { accessToken: forged }), 88, { sub: TOKEN_INVALID });
  });

  await h.check(SDK, ep, 'no access_token at all throws 88/40000 access_token is blank', async () =>
    rejects(dt.client.request(`${h.base}/topapi/workspace/task/get`, { method: 'POST', contentType: 'json', data: { task_id: COMPAT_TASK.task_id } }),
      88, { sub: TOKEN_BLANK }));

  // --- POST /topapi/workspace/task/getbysourceid ----------------------------------------------

  ep = 'POST /topapi/workspace/task/getbysourceid';
  await h.check(SDK, ep, 'reads the created task back: equal to create\'s result, trackers in order', async () => {
    const r = ok(await post('task/getbysourceid', { source: SOURCE, source_id: 'node-1' }));
    same(r.result, created['node-1']);
    expect(JSON.stringify(r.result.tracker_userids) === '["c05","c06"]', r.result);
  });

  await h.check(SDK, ep, 'the fixture tasks (nodesdk/node-fixture, compat/fixture-1) as in compat/fixture.yaml', async () => {
    same(await bySource('node-fixture'), FIXTURE_TASK);
    same(await bySource('fixture-1', 'compat'), COMPAT_TASK);
  });

  await h.check(SDK, ep, 'without source it finds the task in the default source openwork', async () => {
    const r = ok(await post('task/getbysourceid', { source_id: 'node-default-1' }));
    same(r.result, created.default);
  });

  await h.check(SDK, ep, 'a missing task throws errcode 88/60121', async () =>
    rejects(bySource('nope'), 88, { sub: NOT_FOUND }));

  await h.check(SDK, ep, 'the same source_id under another source throws 88/60121', async () =>
    rejects(bySource('node-1', 'pysdk'), 88, { sub: NOT_FOUND }));

  await h.check(SDK, ep, 'a missing source_id throws errcode 40', async () =>
    rejects(post('task/getbysourceid', { source: SOURCE }), 40, { errmsg: 'Missing required arguments:source_id' }));

  // --- POST /topapi/workspace/task/update -----------------------------------------------------

  ep = 'POST /topapi/workspace/task/update';
  await h.check(SDK, ep, 'sets fields, clears texts ("") and a date (epoch 0 = Java Date(0)), keeps the rest; the operator becomes the modifier; no result', async () => {
    const taskId = created['node-1'].task_id;
    const r = ok(await post('task/update', { operator_userid: 'c06', task_id: taskId, task: {
      subject: '已更新', executor_userid: '', parent_id: '', plan_start_date: 0, finish_date: '2024-06-22 12:00:00',
      tracker_userids: [], task_type_category: 'bug', is_archived: true, extension: { file_path: '' },
    } }));
    expect(!('result' in r), r);
    const wanted = { ...created['node-1'], subject: '已更新', finish_date: '2024-06-22 12:00:00', tracker_userids: [],
      task_type_category: 'bug', is_archived: true, modifier_userid: 'c06',
      extension: { comment_count: '5', other: '{"k":"n"}' } };
    delete wanted.executor_userid;
    delete wanted.parent_id;
    delete wanted.plan_start_date;
    same(await get(taskId), wanted);
    created['node-1'] = wanted;
  });

  await h.check(SDK, ep, 'an unknown task_id throws 88/60121', async () =>
    rejects(post('task/update', { operator_userid: 'c06', task_id: '7600000000000009998', task: { subject: 'x' } }), 88, { sub: NOT_FOUND }));

  await h.check(SDK, ep, 'task_type_category story throws errcode 41 Invalid arguments:task_type_category and changes nothing', async () => {
    const taskId = created['node-1'].task_id;
    const err = await rejects(post('task/update', { operator_userid: 'c05', task_id: taskId, task: { subject: '不该改', task_type_category: 'story' } }),
      41, { errmsg: 'Invalid arguments:task_type_category' });
    same(await get(taskId), created['node-1']);
    return err;
  });

  await h.check(SDK, ep, 'an executor who is not in the tenant throws errcode 41 and changes nothing', async () => {
    const taskId = created['node-1'].task_id;
    const err = await rejects(post('task/update', { task_id: taskId, task: { executor_userid: 'c99' } }),
      41, { errmsg: 'Invalid arguments:executor_userid' });
    same(await get(taskId), created['node-1']);
    return err;
  });

  await h.check(SDK, ep, 'a missing task_id throws errcode 40', async () =>
    rejects(post('task/update', { operator_userid: 'c06', task: { subject: 'x' } }), 40, { errmsg: 'Missing required arguments:task_id' }));

  // --- POST /topapi/workspace/task/migrate, clean: refused for internal apps -------------------

  ep = 'POST /topapi/workspace/task/migrate';
  await h.check(SDK, ep, 'refused for an internal app: throws 88/60011 and creates no task', async () => {
    const err = await rejects(post('task/migrate', { operator_userid: 'c04', agentid: 20004,
      task: { source: SOURCE, source_id: 'node-migrated', subject: '迁移' } }), 88, { sub: NO_PERMISSION });
    await rejects(bySource('node-migrated'), 88, { sub: NOT_FOUND });
    return err;
  });

  await h.check(SDK, ep, 'without its required arguments still 88/60011 (permission before parameters)', async () =>
    rejects(post('task/migrate', {}), 88, { sub: NO_PERMISSION }));

  ep = 'POST /topapi/workspace/task/clean';
  await h.check(SDK, ep, 'refused for an internal app: throws 88/60011 and the corp\'s tasks stay', async () => {
    const err = await rejects(post('task/clean', { operator_userid: 'c04', corp_id: CORP_ID, agentid: 20004 }), 88, { sub: NO_PERMISSION });
    same(await bySource('node-1'), created['node-1']);
    same(await bySource('fixture-1', 'compat'), COMPAT_TASK);
    return err;
  });

  await h.check(SDK, ep, 'a garbage token throws 88/40014, not 60011 (the token comes first)', async () =>
    rejects(post('task/clean', { corp_id: CORP_ID }, { accessToken: 'garbage' }), 88, { sub: TOKEN_INVALID }));

  // --- POST /topapi/workspace/task/deletebyproject --------------------------------------------

  ep = 'POST /topapi/workspace/task/deletebyproject';
  await h.check(SDK, ep, 'a missing operator_userid throws errcode 40 and deletes nothing', async () => {
    const err = await rejects(post('task/deletebyproject', { project_id: PROJECT }), 40, { errmsg: 'Missing required arguments:operator_userid' });
    same(await bySource('node-fixture'), FIXTURE_TASK);
    return err;
  });

  await h.check(SDK, ep, 'a missing project_id throws errcode 40', async () =>
    rejects(post('task/deletebyproject', { operator_userid: 'c04' }), 40, { errmsg: 'Missing required arguments:project_id' }));

  await h.check(SDK, ep, 'deletes the project\'s tasks (fixture and created; then 88/60121) and no other', async () => {
    const r = ok(await post('task/deletebyproject', { operator_userid: 'c04', project_id: PROJECT }));
    expect(!('result' in r), r);
    await rejects(get(FIXTURE_TASK.task_id), 88, { sub: NOT_FOUND });
    await rejects(bySource('node-fixture'), 88, { sub: NOT_FOUND });
    await rejects(get(created['node-2'].task_id), 88, { sub: NOT_FOUND });
    same(await bySource('node-1'), created['node-1']);
    same(await get(created.default.task_id), created.default);
    same(await bySource('fixture-1', 'compat'), COMPAT_TASK);
  });

  // --- POST /topapi/workspace/task/delete -----------------------------------------------------

  ep = 'POST /topapi/workspace/task/delete';
  await h.check(SDK, ep, 'a missing task_id throws errcode 40', async () =>
    rejects(post('task/delete', { operator_userid: 'c04' }), 40, { errmsg: 'Missing required arguments:task_id' }));

  await h.check(SDK, ep, 'an operator who is not in the tenant throws errcode 41 and deletes nothing', async () => {
    const err = await rejects(post('task/delete', { operator_userid: 'c99', task_id: created['node-1'].task_id }),
      41, { errmsg: 'Invalid arguments:operator_userid' });
    same(await get(created['node-1'].task_id), created['node-1']);
    return err;
  });

  await h.check(SDK, ep, 'deletes the task: get and getbysourceid then throw 88/60121; other tasks stay', async () => {
    const task = created['node-1'];
    const r = ok(await post('task/delete', { operator_userid: 'c04', task_id: task.task_id }));
    expect(!('result' in r), r);
    await rejects(get(task.task_id), 88, { sub: NOT_FOUND });
    await rejects(bySource('node-1'), 88, { sub: NOT_FOUND });
    same(await get(created.default.task_id), created.default);
  });

  await h.check(SDK, ep, 'deleting it again throws 88/60121', async () =>
    rejects(post('task/delete', { operator_userid: 'c04', task_id: created['node-1'].task_id }), 88, { sub: NOT_FOUND }));

  // --- POST /topapi/workspace/tasklist/* (visibility shown by the admin API) ------------------

  ep = 'POST /topapi/workspace/tasklist/hidebyorg';
  await h.check(SDK, ep, 'hides all of c05\'s tasks: the admin API goes from nothing hidden to hidden_org_wide', async () => {
    same(await adminTasklist(ORG_USER), tasklist(ORG_USER));
    const r = ok(await post('tasklist/hidebyorg', { operator_userid: 'c04', userid: ORG_USER }));
    expect(!('result' in r), r);
    same(await adminTasklist(ORG_USER), tasklist(ORG_USER, true));
  });

  await h.check(SDK, ep, 'an operator who is not in the tenant throws errcode 41 Invalid arguments:operator_userid', async () =>
    rejects(post('tasklist/hidebyorg', { operator_userid: 'nobody', userid: ORG_USER }), 41, { errmsg: 'Invalid arguments:operator_userid' }));

  ep = 'POST /topapi/workspace/tasklist/hidden/cancel';
  await h.check(SDK, ep, 'a userid not in the tenant throws errcode 41 and c05\'s tasks stay hidden', async () => {
    const err = await rejects(post('tasklist/hidden/cancel', { operator_userid: 'c04', userid: 'nobody' }), 41, { errmsg: 'Invalid arguments:userid' });
    same(await adminTasklist(ORG_USER), tasklist(ORG_USER, true));
    same(await adminTasklist('nobody'), tasklist('nobody'));
    return err;
  });

  await h.check(SDK, ep, 'a missing userid throws errcode 40', async () =>
    rejects(post('tasklist/hidden/cancel', { operator_userid: 'c04' }), 40, { errmsg: 'Missing required arguments:userid' }));

  await h.check(SDK, ep, 'shows c05\'s tasks again: hidden_org_wide false in the admin API', async () => {
    ok(await post('tasklist/hidden/cancel', { operator_userid: 'c04', userid: ORG_USER, agentid: 20004 }));
    same(await adminTasklist(ORG_USER), tasklist(ORG_USER, false));
  });

  ep = 'POST /topapi/workspace/tasklist/addbyproject';
  await h.check(SDK, ep, 'adds c09\'s nodeproj-1 tasks: that project shown, org-wide untouched', async () => {
    same(await adminTasklist(PROJECT_USER), tasklist(PROJECT_USER));
    const r = ok(await post('tasklist/addbyproject', { operator_userid: 'c04', userid: PROJECT_USER, project_id: PROJECT }));
    expect(!('result' in r), r);
    same(await adminTasklist(PROJECT_USER), tasklist(PROJECT_USER, false, [[PROJECT, false]]));
  });

  await h.check(SDK, ep, 'a missing project_id throws errcode 40 and stores nothing', async () => {
    const err = await rejects(post('tasklist/addbyproject', { operator_userid: 'c04', userid: PROJECT_USER }), 40,
      { errmsg: 'Missing required arguments:project_id' });
    same(await adminTasklist(PROJECT_USER), tasklist(PROJECT_USER, false, [[PROJECT, false]]));
    return err;
  });

  ep = 'POST /topapi/workspace/tasklist/hidebyproject';
  await h.check(SDK, ep, 'hides c09\'s nodeproj-2 and then nodeproj-1 tasks, as the admin API lists; org-wide untouched', async () => {
    ok(await post('tasklist/hidebyproject', { operator_userid: 'c04', userid: PROJECT_USER, project_id: OTHER_PROJECT }));
    same(await adminTasklist(PROJECT_USER), tasklist(PROJECT_USER, false, [[PROJECT, false], [OTHER_PROJECT, true]]));
    ok(await post('tasklist/hidebyproject', { operator_userid: 'c04', userid: PROJECT_USER, project_id: PROJECT }));
    same(await adminTasklist(PROJECT_USER), tasklist(PROJECT_USER, false, [[PROJECT, true], [OTHER_PROJECT, true]]));
  });

  await h.check(SDK, ep, 'a missing userid throws errcode 40 and stores nothing', async () => {
    const err = await rejects(post('tasklist/hidebyproject', { operator_userid: 'c04', project_id: 'nodeproj-3' }), 40,
      { errmsg: 'Missing required arguments:userid' });
    same(await adminTasklist(PROJECT_USER), tasklist(PROJECT_USER, false, [[PROJECT, true], [OTHER_PROJECT, true]]));
    return err;
  });

  // --- an API name the gateway does not know ----------------------------------------------------

  ep = 'POST /topapi/workspace/task/unknown';
  const unknownName = '不合法ApiName，ApiName = dingtalk.oapi.workspace.task.unknown';
  await h.check(SDK, ep, 'an unknown API name throws errcode 22 naming dingtalk.oapi.workspace.task.unknown, no sub_code', async () => {
    const err = await rejects(post('task/unknown', { task_id: '1' }), 22, { errmsg: `Invalid method[submsg=${unknownName}]` });
    expect(err.data.sub_msg === unknownName && !('sub_code' in err.data), err.data);
    return err;
  });

  await h.check(SDK, ep, 'errcode 22 comes before the token: a garbage token still gets 22', async () =>
    rejects(post('task/unknown', {}, { accessToken: 'garbage' }), 22, { errmsg: `Invalid method[submsg=${unknownName}]` }));
}

main().catch((err) => {
  console.error(err);
  process.exit(2);
});

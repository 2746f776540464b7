// node-dingtalk (npm) against openwork: the legacy corpid/corpsecret token, the workspace task
// family through the client's raw topapi POST, and the errors it throws.
'use strict';

const DingTalk = require('node-dingtalk');
const { Harness, expect } = require('./harness');

const SDK = 'node-dingtalk';

async function main() {
  const h = new Harness();
  const dt = new DingTalk({ corpid: 'dingcompat', corpsecret: 'node-dingtalk-secret', host: h.base });
  const created = {};

  await h.check(SDK, 'POST /topapi/workspace/task/create', 'creates a task', async () => {
    const r = await dt.client.post('topapi/workspace/task/create', {
      operator_userid: 'c04',
      task: { subject: '来自 node-dingtalk', source: 'nodesdk', source_id: 'node-1', tracker_userids: ['c05', 'c06'],
        plan_start_date: '2024-06-20T09:00:00+08:00' },
    });
    expect(r.errcode === 0, r);
    Object.assign(created, r.result);
    expect(r.result.plan_start_date === '2024-06-20 09:00:00', r.result);
  });

  await h.check(SDK, 'POST /topapi/workspace/task/getbysourceid', 'reads the created task back', async () => {
    const r = await dt.client.post('topapi/workspace/task/getbysourceid', { source: 'nodesdk', source_id: 'node-1' });
    expect(r.result.task_id === created.task_id, r);
    expect(JSON.stringify(r.result.tracker_userids) === '["c05","c06"]', r.result);
    expect(r.result.creator_userid === 'c04' && r.result.biz_tag === 'nodesdk', r.result);
  });

  await h.check(SDK, 'POST /topapi/workspace/task/getbysourceid', 'a missing task throws errcode 88/60121', async () => {
    try {
      await dt.client.post('topapi/workspace/task/getbysourceid', { source: 'nodesdk', source_id: 'nope' });
    } catch (err) {
      expect(err.name === 'DingTalkClientResponseError', err.name);
      expect(err.code === 88 && err.data.sub_code === '60121', err.data);
      return `threw ${err.code}/${err.data.sub_code}`;
    }
    throw new Error('no error for a missing task');
  });

  await h.check(SDK, 'POST /topapi/workspace/tasklist/hidebyorg', 'hides a user\'s tasks', async () => {
    const r = await dt.client.post('topapi/workspace/tasklist/hidebyorg', { operator_userid: 'c04', userid: 'c05' });
    expect(r.errcode === 0, r);
  });

  await h.check(SDK, 'GET /gettoken', 'a wrong corpsecret throws errcode 40096', async () => {
    const wrong = new DingTalk({ corpid: 'dingcompat', corpsecret: 'wrong', host: h.base });
    try {
      await wrong.client.post('topapi/workspace/task/get', { task_id: '1' });
    } catch (err) {
      expect(err.code === 40096, { name: err.name, code: err.code });
      return `threw ${err.code}`;
    }
    throw new Error('no error for a wrong corpsecret');
  });
}

main().catch((err) => {
  console.error(err);
  process.exit(2);
});

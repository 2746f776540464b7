// @larksuiteoapi/node-sdk (the official Feishu/Lark Node SDK) against openwork.
//
// Drives the SDK's generated methods, unchanged but for `domain` and the app credentials (app
// cli_compat_node), on:
//   - the tenant token fetch the SDK does by itself (and a wrong secret);
//   - performance v1 stageTask.findByPage / findByUserList and semester.list, v2
//     reviewTemplate.query and queryWithIterator, activity.query, reviewee.query,
//     indicator.query / queryWithIterator, question.query / queryWithIterator,
//     userGroupUserRel.write, userInfo.query, reviewData.query (v1 and v2),
//     additionalInformation.import / query / queryWithIterator and
//     additionalInformationsBatch.delete, metricTag.list / listWithIterator, metricField.query,
//     metricLib.query, metricTemplate.query (the SDK has no queryWithIterator for it), and
//     metricDetail.import / query;
//   - report v1 task.query, rule.query and ruleView.remove;
//   - authen v1 oidcAccessToken / oidcRefreshAccessToken and userInfo, plus the SDK's
//     client.userAccessToken.initWithCode/get helper, after codes from openwork's authorization
//     page;
//   - and, through the raw client.request() (no SDK wraps contact v2), the asynchronous contact
//     v2 batch imports and task/get.
//
// Every check compares what the SDK returns with compat/fixture.yaml and the rules of
// docs/compat.md / docs/semantics.md: ids, names, statuses, counts and order, every page of a paged
// call. Error paths are checked the way the SDK surfaces them against the real vendor: a non-2xx
// answer THROWS an AxiosError (e.response.status, e.response.data.code); an HTTP-200 error
// RESOLVES to {code != 0}.
//
// Rate limits (per app, per minute): findByPage and findByUserList 20, semesters and review
// templates 10, activities, indicators and questions 10, reviewees 20, user-group writes 20,
// userInfo 100, v1 and v2 reviewData 20 each, additional-information imports, queries and
// deletions 10 each. This script stays under them: about 9, 5, 3 and 8 counted calls, then 3
// activity queries, 13 reviewee queries, 6 indicator and 4 question queries, 2 writes, 3 userInfo
// queries (and 1 by cli_compat_plain), 6 v1 and 8 v2 review-data queries, 5
// additional-information imports (and 1 by cli_compat_plain), 9 queries and 2 deletions. Metric
// tags (10 a second), metric fields, the metric library and metric templates (20 a minute each): 4
// tag lists (and 1 by cli_compat_plain), 3 field queries, 10 library queries, 10 template queries.
// Metric-detail imports (10 a minute) and queries (20 a minute): 8 imports, 5 queries.
'use strict';

const lark = require('@larksuiteoapi/node-sdk');
const { AdminApi, Harness, expect, httpRequest } = require('./harness');

const SDK = '@larksuiteoapi/node-sdk';
const TENANT = 'compat';
const APP_ID = 'cli_compat_node';
const APP_SECRET = 'node-secret';
const NOSCOPE_ID = 'cli_compat_noscope';
const NOSCOPE_SECRET = 'noscope-secret';
// performance read access without the user_snapshot field scopes (appended; Python uses it too)
const PLAIN_ID = 'cli_compat_plain';
const PLAIN_SECRET = 'plain-secret';

// Endpoints, as the vendor documents them.
const TENANT_TOKEN = 'POST /open-apis/auth/v3/tenant_access_token/internal';
const FIND_BY_PAGE = 'POST /open-apis/performance/v1/stage_tasks/find_by_page';
const FIND_BY_USER_LIST = 'POST /open-apis/performance/v1/stage_tasks/find_by_user_list';
const SEMESTERS = 'GET /open-apis/performance/v1/semesters';
const REVIEW_TEMPLATES = 'POST /open-apis/performance/v2/review_templates/query';
const ACTIVITIES = 'POST /open-apis/performance/v2/activity/query';
const REVIEWEES = 'POST /open-apis/performance/v2/reviewees/query';
const INDICATORS = 'POST /open-apis/performance/v2/indicators/query';
const QUESTIONS = 'POST /open-apis/performance/v2/questions/query';
const GROUP_WRITE = 'POST /open-apis/performance/v2/user_group_user_rels/write';
const PERF_USER_INFO = 'POST /open-apis/performance/v2/user_info/query';
const REVIEW_DATA_V1 = 'POST /open-apis/performance/v1/review_datas/query';
const REVIEW_DATA_V2 = 'POST /open-apis/performance/v2/review_datas/query';
const INFO_IMPORT = 'POST /open-apis/performance/v2/additional_informations/import';
const INFO_QUERY = 'POST /open-apis/performance/v2/additional_informations/query';
const INFO_DELETE = 'DELETE /open-apis/performance/v2/additional_informations/batch';
const METRIC_TAGS = 'GET /open-apis/performance/v2/metric_tags';
const METRIC_FIELDS = 'POST /open-apis/performance/v2/metric_fields/query';
const METRIC_LIBS = 'POST /open-apis/performance/v2/metric_libs/query';
const METRIC_TEMPLATES = 'POST /open-apis/performance/v2/metric_templates/query';
const METRIC_DETAIL_IMPORT = 'POST /open-apis/performance/v2/metric_details/import';
const METRIC_DETAIL_QUERY = 'POST /open-apis/performance/v2/metric_details/query';
const REPORT_TASKS = 'POST /open-apis/report/v1/tasks/query';
const REPORT_RULES = 'GET /open-apis/report/v1/rules/query';
const RULE_VIEWS_REMOVE = 'POST /open-apis/report/v1/rules/:rule_id/views/remove';
const OIDC_ACCESS_TOKEN = 'POST /open-apis/authen/v1/oidc/access_token';
const OIDC_REFRESH = 'POST /open-apis/authen/v1/oidc/refresh_access_token';
const USER_INFO = 'GET /open-apis/authen/v1/user_info';
const USER_BATCH_ADD = 'POST /open-apis/contact/v2/user/batch_add';
const DEPARTMENT_BATCH_ADD = 'POST /open-apis/contact/v2/department/batch_add';
const TASK_GET = 'GET /open-apis/contact/v2/task/get';

const ms = (rfc3339) => Date.parse(rfc3339);
const seconds = (rfc3339) => Math.floor(Date.parse(rfc3339) / 1000);
const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);
const show = (got, expected) => `got ${JSON.stringify(got)}\nexpected ${JSON.stringify(expected)}`;

// ---------------------------------------------------------------------------------------------
// The fixture (compat/fixture.yaml) as these checks expect to see it.

const NOW_MS = ms('2024-06-15T10:00:00+08:00'); // the tenant's fixed clock
const USER_IDS = Array.from({ length: 12 }, (_, i) => `c${String(i + 1).padStart(2, '0')}`);
const userName = (uid) => `成员${Number(uid.slice(1))}`;

const SEMESTER_ID = '7300000000000000001';
const EMPTY_SEMESTER_ID = '7300000000000000002'; // appended for these checks: no stages
const STAGES = [
  {
    stageId: '7300000000000000011', zh: '自评', en: 'Self review', deadline: ms('2024-06-10T23:59:59+08:00'), paused: false,
    tasks: Object.fromEntries(USER_IDS.map((u) => [u, [2, ['c03', 'c06', 'c09', 'c12'].includes(u) ? 2 : 1]])),
  },
  {
    stageId: '7300000000000000012', zh: '上级评估', en: 'Leader review', deadline: ms('2024-06-30T23:59:59+08:00'), paused: true,
    tasks: Object.fromEntries(USER_IDS.slice(0, 6).map((u) => [u, [1, 0]])),
  },
];

// Semesters as the vendor writes them (v1 names with zh-CN/en-US keys; times as ms strings).
const SEMESTERS_EXPECTED = {
  '7300000000000000001': {
    year: 2024, type_group: 'Semi-annual', type: 'H1', zh: '兼容性周期', en: 'Compat semester', progress: 'enabled',
    start_time: String(ms('2024-01-01T00:00:00+08:00')), end_time: String(ms('2024-06-30T23:59:59+08:00')),
    // create_time defaults to start_time, modify_time to create_time.
    create_time: String(ms('2024-01-01T00:00:00+08:00')), modify_time: String(ms('2024-01-01T00:00:00+08:00')),
    create_user_id: 'c01', modify_user_id: null,
  },
  '7300000000000000002': {
    year: 2023, type_group: 'Annual', type: 'Annual', zh: '兼容性年度周期', en: 'Compat annual semester', progress: 'initiating',
    start_time: String(ms('2023-01-01T00:00:00+08:00')), end_time: String(ms('2023-12-31T23:59:59+08:00')),
    create_time: String(ms('2022-12-01T10:00:00+08:00')), modify_time: String(ms('2023-02-01T10:00:00+08:00')),
    create_user_id: 'c02', modify_user_id: 'c03',
  },
};

const REVIEW_TEMPLATE_IDS = [1, 2, 3, 4, 5].map((n) => `740000000000000000${n}`);

// Activities: [id, zh_cn, en_us, semester_id, mode, progress, create_time, modify_time,
// create_user_id, modify_user_id]. Unset times default to the semester's create_time, an unset
// modify_time to the activity's create_time.
const S1_CREATED = SEMESTERS_EXPECTED[SEMESTER_ID].create_time;
const S2_CREATED = SEMESTERS_EXPECTED[EMPTY_SEMESTER_ID].create_time;
const ACTIVITIES_EXPECTED = [
  ['7310000000000000001', '兼容评估', 'Compat review', SEMESTER_ID, 'performance_review', 'enabled',
    String(ms('2024-01-02T09:00:00+08:00')), String(ms('2024-01-03T09:00:00+08:00')), 'c01', 'c02'],
  ['7310000000000000002', '兼容指标', 'Compat metrics', SEMESTER_ID, 'metric_development', 'unable', S1_CREATED, S1_CREATED, null, null],
  ['7310000000000000003', '兼容 Python 组', 'Compat Python group', SEMESTER_ID, 'performance_review', 'initiating',
    S1_CREATED, S1_CREATED, null, null],
  ['7310000000000000004', '兼容 Node 组', 'Compat Node group', SEMESTER_ID, 'metric_development_and_performance_review', 'finished',
    S1_CREATED, S1_CREATED, null, null],
  ['7320000000000000001', '兼容年度评估', 'Compat annual review', EMPTY_SEMESTER_ID, 'performance_review', 'configurable',
    S2_CREATED, S2_CREATED, null, null],
];
const [REVIEW_ACTIVITY, METRIC_ACTIVITY, , NODE_ACTIVITY] = ACTIVITIES_EXPECTED.map((a) => a[0]);
// The user groups the activities of the semester review (compat_node is this script's to write;
// Python writes compat_py, whose activity these checks leave out).
const GROUP_MEMBERS = {
  [REVIEW_ACTIVITY]: ['c01', 'c02', 'c03'], // compat_rd
  [METRIC_ACTIVITY]: ['c01', 'c02', 'c03', 'c07', 'c08'], // compat_ops and compat_rd
  [NODE_ACTIVITY]: ['c09', 'c10'], // compat_node
};
const NODE_GROUP = 'compat_node';
const NODE_CLIENT_TOKEN = 'compat-node-write-1';

// [user_id, activity_ids] of the reviewees of `activities`, by user: members of their groups.
function expectedReviewees(activities, users) {
  const byUser = {};
  for (const activity of [...activities].sort()) {
    for (const user of GROUP_MEMBERS[activity]) (byUser[user] = byUser[user] || []).push(activity);
  }
  return Object.keys(byUser).sort().filter((u) => !users || users.includes(u)).map((u) => [u, byUser[u]]);
}

// Indicators [id, zh_cn, en_us, type, options as [id, zh_cn, en_us, lable]] and questions [id,
// zh_cn, en_us, tag items as [id, zh_cn, en_us]], in ID order.
const INDICATORS_EXPECTED = [
  ['7330000000000000001', '业绩', 'Results', 'general_review_item', [
    ['7330000000000000011', '卓越', 'Outstanding', 'S'],
    ['7330000000000000012', '良好', 'Good', 'A'],
    ['7330000000000000013', '待改进', 'Needs improvement', 'C'],
  ]],
  ['7330000000000000002', '加分项', 'Bonus', 'plus', []],
  ['7330000000000000003', '价值观', 'Values', 'okr_review_item', [['7330000000000000031', '符合', 'Meets', 'M']]],
];
const QUESTIONS_EXPECTED = [
  ['7340000000000000001', '协作', 'Collaboration', [
    ['7340000000000000011', '主动沟通', 'Communicates proactively'],
    ['7340000000000000012', '乐于助人', 'Helpful'],
  ]],
  ['7340000000000000002', '成长', 'Growth', [['7340000000000000021', '学习快', 'Learns fast']]],
];

// The module's view of the semester's reviewees (user_infos, appended): by user, [department as
// [department_id, name], direct leader, job family and job level as [id, zh_cn, en_us]]. The
// directory fills in department and leader where the semester recorded none; the directory has
// one name per department, written in both languages. c13 is in no group: never a reviewee.
const PERF_USER_INFOS = {
  c01: [['rd', '研发部'], null, ['compat_rd_family', '研发', 'Engineering'], ['compat_p6', 'P6', 'P6']],
  c02: [['ops', '运营部'], 'c01', null, null], // the snapshot's department and leader
  c03: [['rd', '研发部'], null, null, null],
  c07: [['ops', '运营部'], null, null, ['compat_p5', 'P5', 'P5']],
};
const NOT_REVIEWEE = 'c13';

// Review results (appended): the records of the activity 兼容评估 (review template 模板1, whose one
// field 评分 rates with indicator 业绩 and tags with question 协作), in two stages that both follow
// the stage template 7410000000000000001. 自评 is a review stage (role reviewee) whose results open
// on 2024-06-20, after the tenant's clock; 上级评估 is the leader review, open since 2024-06-12.
const [SELF_REVIEW_STAGE, LEADER_REVIEW_STAGE] = STAGES.map((s) => s.stageId);
const SELF_REVIEW_OPENS = '2024-06-20T00:00:00+08:00';
// [stage_id, stage_type, review_stage_role], in the semester's stage order.
const RESULT_STAGES = [[SELF_REVIEW_STAGE, 'review', 'reviewee'], [LEADER_REVIEW_STAGE, 'leader_review', null]];
const STAGE_TEMPLATE_ID = '7410000000000000001';
const STAGE_TEMPLATE = [STAGE_TEMPLATE_ID, '评估', 'Review', 'review']; // v1 templates: [id, zh, en, stage]
const RESULT_UNIT = ['7420000000000000001', '业绩', 'Results'];
const RESULT_FIELD = ['7430000000000000001', '评分', 'Score', '7330000000000000001']; // [id, zh, en, indicator_id]
const RESULT_QUESTION = '7340000000000000001';
// record_id: [stage_id, reviewee, reviewer, submit_time, values as [option_id, score, text, tags
// as [tag_id, text]]], in record_id order. Every value answers the field 评分.
const RESULT_RECORDS = {
  '7350000000000000001': [LEADER_REVIEW_STAGE, 'c02', 'c01', ms('2024-06-14T12:00:00+08:00'),
    [['7330000000000000011', '95', '很好', [['7340000000000000011', '带新人']]]]],
  '7350000000000000002': [LEADER_REVIEW_STAGE, 'c03', 'c01', null, [['7330000000000000012', null, null, []]]],
  '7350000000000000003': [LEADER_REVIEW_STAGE, 'c01', null, ms('2024-06-13T09:00:00+08:00'), // anonymous
    [['7330000000000000013', null, '待提升', []]]],
  '7350000000000000004': [SELF_REVIEW_STAGE, 'c02', 'c02', ms('2024-06-09T12:00:00+08:00'),
    [[null, '90', '自评', [['7340000000000000012', '答疑']]]]],
  '7350000000000000005': [SELF_REVIEW_STAGE, 'c03', 'c03', null, []],
};

// docs/semantics.md: 3 once submitted; else 2 after the stage's deadline, 1 before it.
function recordProgress(recordId) {
  const [stageId, , , submitTime] = RESULT_RECORDS[recordId];
  if (submitTime !== null) return 3;
  return NOW_MS > STAGES.find((s) => s.stageId === stageId).deadline ? 2 : 1;
}

// A record's values as [field_id, reviewer, submit_time, indicator_id, option_id, score, text,
// tag_based_question_id, tags]: v2's details; v1 writes the same but the question and tags.
function resultDetails(recordId) {
  const [, , reviewer, submitTime, values] = RESULT_RECORDS[recordId];
  return values.map(([option, score, text, tags]) => [RESULT_FIELD[0], reviewer, submitTime === null ? null : String(submitTime),
    RESULT_FIELD[3], option, score, text, RESULT_QUESTION, tags]);
}

// v2 review_datas/query's datas as plain values: one profile per listed reviewee with records (all
// of activity 兼容评估), its stages in semester order, each stage's records by record_id.
function expectedResultsV2(reviewees, stages, { progresses, laterThan } = {}) {
  const datas = [];
  for (const user of reviewees) {
    const found = [];
    for (const [stageId, stageType, role] of RESULT_STAGES) {
      const records = Object.entries(RESULT_RECORDS)
        .filter(([id, r]) => r[0] === stageId && r[1] === user && stages.includes(stageId)
          && (!progresses || progresses.includes(recordProgress(id)))
          && (laterThan === undefined || (r[3] !== null && r[3] > laterThan)))
        .map(([id, r]) => [id, recordProgress(id), r[4].length ? [[RESULT_UNIT[0], resultDetails(id)]] : []]);
      if (records.length) found.push([stageId, stageType, role, STAGE_TEMPLATE_ID, records]);
    }
    if (found.length) datas.push([user, SEMESTER_ID, REVIEW_ACTIVITY, REVIEW_TEMPLATE_IDS[0], found]);
  }
  return datas;
}

// v1 review_datas/query's datas as plain values: its stage types (the leader review here, the self
// review being a review stage) with the least advanced record's progress and every value.
function expectedResultsV1(reviewees, progresses) {
  const datas = [];
  for (const user of reviewees) {
    const records = Object.entries(RESULT_RECORDS)
      .filter(([id, r]) => r[0] === LEADER_REVIEW_STAGE && r[1] === user
        && (!progresses || progresses.includes(recordProgress(id))))
      .map(([id]) => id);
    if (!records.length) continue;
    const progress = Math.min(...records.map(recordProgress));
    const details = records.flatMap((id) => resultDetails(id).map((d) => [STAGE_TEMPLATE_ID, RESULT_UNIT[0], ...d.slice(0, -2)]));
    datas.push([user, SEMESTER_ID, REVIEW_ACTIVITY, [['leader_review', progress, details]]]);
  }
  return datas;
}

// Additional information (补充信息, appended): the semester's items as [item_id, external_id,
// reviewee, item, time, detailed_description], in item_id order; an item imported without an
// external_id answers an empty one. This script imports, updates and deletes only items with the
// external IDs node-… and contents of its own; Python's (py-…) and openwork-sdk's (rust-…) are left
// out of what it compares, should one of them be left behind.
const ADDITIONAL_INFOS = [
  ['7360000000000000001', 'compat-okr-1', 'c01', '主导评审', '2024-03', '按期上线'],
  ['7360000000000000002', 'compat-okr-2', 'c02', '带新人', '2024-04-01', '带两名新人入职'],
  ['7360000000000000003', '', 'c01', '值班', '2024-05', '五月值班'],
];
const OTHER_CLIENTS_INFOS = ['py-', 'rust-'];
const NODE_INFO_TOKEN = 'compat-node-info-1'; // the first import's client_token, reused to be refused
// The items this script imports: [external_id, reviewee, item, time, detailed_description].
const NODE_INFOS = [
  ['node-1', 'c03', 'Node 事项一', '2024-05-11', 'Node 导入的第一项'],
  ['node-2', 'c01', 'Node 事项二', '2024-05-12', 'Node 导入的第二项'],
];
const UNKNOWN_INFO_ID = '7369999999999999999';

// Key-performance metrics (关键指标, appended), read only. Tags [tag_id, zh_cn, en_us, index,
// create_time, update_time], by tag_id: an unset index is the tag's place in the fixture's list,
// an unset update_time its create_time. Fields [field_id, zh_cn, en_us, type], by field_id.
const METRIC_TAGS_EXPECTED = [
  ['7370000000000000001', '业务', 'Business', 1, String(ms('2024-01-01T10:00:00+08:00')), String(ms('2024-01-01T10:00:00+08:00'))],
  ['7370000000000000002', '效率', 'Efficiency', 5, String(ms('2024-01-02T10:00:00+08:00')), String(ms('2024-01-02T10:00:00+08:00'))],
  ['7370000000000000003', '质量', 'Quality', 0, String(ms('2024-01-03T10:00:00+08:00')), String(ms('2024-02-01T10:00:00+08:00'))],
];
const METRIC_FIELDS_EXPECTED = [
  ['7380000000000000001', '目标值', 'Target', 'number'],
  ['7380000000000000002', '完成率', 'Completion', 'pencentage'],
  ['7380000000000000003', '说明', 'Notes', 'text'],
  ['7380000000000000004', '负责人', 'Owner', 'person'],
];
// The library by metric_id: [metric_id, name, type_id, tags as [tag_id, zh_cn, en_us], fields as
// [field_id, input_setting, field_value, the person's user_id], scoring_setting_type, formula as
// [id, name, details], data-source inputters' user_ids, range_of_availability, is_active]. Tags,
// fields and inputters come in the fixture's order; what the answer leaves out is null here.
const QUALITY_TAG = ['7370000000000000003', '质量', 'Quality'];
const BUSINESS_TAG = ['7370000000000000001', '业务', 'Business'];
const EFFICIENCY_TAG = ['7370000000000000002', '效率', 'Efficiency'];
const METRICS_EXPECTED = [
  ['7390000000000000001', '季度营收', '7391000000000000001', [QUALITY_TAG, BUSINESS_TAG],
    [['7380000000000000001', 'admin', '1000000', null], ['7380000000000000004', 'admin', null, 'c01'],
      ['7380000000000000002', 'data_source_inputter', null, null]],
    'score_by_formula', ['7392000000000000001', '线性', 'score = completion * 100'], ['c03', 'c02'], 'only_admins', true],
  ['7390000000000000002', '故障数', '7391000000000000002', [QUALITY_TAG],
    [['7380000000000000003', 'reviewee', null, null], ['7380000000000000004', 'reviewee', null, null]],
    'score_manually', null, [], 'admins_and_reviewees', true],
  ['7390000000000000003', '交付效率', '7391000000000000001', [EFFICIENCY_TAG], [], 'score_manually', null, [],
    'admins_and_reviewees', false],
  ['7390000000000000004', '客户满意度', '7391000000000000002', [BUSINESS_TAG], [['7380000000000000001', 'admin', '95', null]],
    'score_by_formula', ['7392000000000000002', '分段', 'score = min(100, value)'], [], 'admins_and_reviewees', true],
];
// The metric templates by ID: [id, zh_cn, en_us, description zh_cn, en_us, status,
// total_metric_score_method, metric_weight_method, dimensions as [dimension_id, zh_cn, en_us, weight,
// description zh_cn, en_us], metrics as [metric_id, dimension_id, min, max]]. Dimensions and metrics
// come in the fixture's order; an unset weight, min or max is left out of the answer (null here), an
// unset description is empty in both languages.
const METRIC_TEMPLATES_EXPECTED = [
  ['7393000000000000001', '研发指标', 'R&D metrics', '研发团队的关键指标', 'Key metrics of R&D', 'enabled', 'weight',
    'total_sum_of_all_metric_weight_equals_1',
    [['7394000000000000011', '业绩', 'Results', '70', '业务结果', 'Business results'],
      ['7394000000000000012', '质量', 'Quality', '30', '', '']],
    [['7390000000000000001', '7394000000000000011', '0', '120'],
      ['7390000000000000002', '7394000000000000012', '0', null],
      ['7390000000000000004', '7394000000000000011', null, null]]],
  ['7393000000000000002', '运营指标', 'Ops metrics', '', '', 'disabled', 'sum', 'sum_of_metric_weights_for_each_dimension_equals_1',
    [['7394000000000000021', '效率', 'Efficiency', null, '', '']],
    [['7390000000000000003', '7394000000000000021', null, '100']]],
  ['7393000000000000003', '待启用指标', 'Pending metrics', '', '', 'to_be_activated', 'formula',
    'total_sum_of_all_metric_weight_equals_1',
    [['7394000000000000031', '综合', 'Overall', '100', '', '']],
    [['7390000000000000002', '7394000000000000031', '1', '10']]],
];
const UNKNOWN_TEMPLATE_ID = '7393999999999999999';
// A metric template of METRIC_TEMPLATES_EXPECTED as the answer has it: each metric with the
// library's name, type, fields, scoring (manual scoring spelt `socre_manually`, as the vendor does)
// and data-source inputters, is_from_library true; never set per group.
const expectedMetricTemplate = ([id, zh, en, descZh, descEn, status, total, weights, dimensions, metrics]) => [
  id, zh, en, descZh, descEn, status, false, total, weights, dimensions,
  metrics.map(([metricId, dimensionId, min, max]) => {
    const [, name, typeId, , fields, scoring, , inputters] = METRICS_EXPECTED.find((m) => m[0] === metricId);
    return [metricId, name, typeId, fields, true, scoring === 'score_manually' ? 'socre_manually' : scoring, inputters,
      dimensionId, min, max];
  }),
  [],
];

// Metric details (指标明细, appended): the activity 兼容指标 names the template 研发指标, so its
// reviewees (c01, c02, c03 of compat_rd, c07, c08 of compat_ops) have the template's metrics; the
// members of compat_node (兼容 Node 组, no template) have none. The fixture loads c01's values, which
// no check writes; each client imports into a reviewee of its own (this script c03, Python c02,
// openwork-sdk c07), so that what it reads back is its own. The semester's kpi_metric_setting
// stage has no tasks: status 0 for everyone.
const DETAILS_TEMPLATE_ID = '7393000000000000001';
const DETAILS_STAGES = [['7300000000000000013', 'kpi_metric_setting', 0]];
// Values written, keyed `metric_id/field_id`: [field_value, person's user_id]. c01's are the fixture's.
const FIXTURE_METRIC_VALUES = {
  '7390000000000000001/7380000000000000002': ['92.5', null],
  '7390000000000000002/7380000000000000003': ['兼容说明', null],
  '7390000000000000002/7380000000000000004': [null, 'c02'],
};
const NODE_REVIEWEE = 'c03';
const NODE_METRIC_TOKEN = 'compat-node-metric-1'; // the first import's client_token, reused to be refused
// What this script imports for c03: [reviewee, metric_id, fields as [field_id, field_value, field_value_person]].
const NODE_METRICS = [
  [NODE_REVIEWEE, '7390000000000000001', [['7380000000000000002', '-12.5', null]]],
  [NODE_REVIEWEE, '7390000000000000002', [['7380000000000000004', null, 'c10'], ['7380000000000000003', 'Node 导入的说明', null]]],
];
const UNKNOWN_SEMESTER_ID = '7309999999999999999';
const importedValues = (metrics) => Object.fromEntries(metrics.flatMap(([, metricId, fields]) =>
  fields.map(([fieldId, value, person]) => [`${metricId}/${fieldId}`, [value, person]])));
// metric_details/query's entries for one reviewee of template 研发指标: one per metric, in the
// template's order, with its dimension, add_from admin, from the library, and every field of the
// library metric with the value written (`values`), else the library's (admin fields). People are
// named by `user(user_id)`.
const expectedMetricDetails = (reviewee, values, user = (u) => u) => {
  const template = METRIC_TEMPLATES_EXPECTED.find((t) => t[0] === DETAILS_TEMPLATE_ID);
  return template[9].map(([metricId, dimensionId]) => {
    const [, name, , , fields] = METRICS_EXPECTED.find((m) => m[0] === metricId);
    const [, zh, en, weight] = template[8].find((d) => d[0] === dimensionId);
    const written = fields.map(([fieldId, , value, person]) => {
      const [v, p] = values[`${metricId}/${fieldId}`] || [value, person];
      return [fieldId, v, p === null ? null : user(p)];
    });
    return [user(reviewee), DETAILS_TEMPLATE_ID, metricId, name, dimensionId, zh, en, weight, 'admin', true, written, DETAILS_STAGES];
  });
};

const RULE_ID = '7500000000000000001'; // 兼容周报
const DELETED_RULE_ID = '7500000000000000002'; // 兼容旧周报, deleted (appended)
const VIEWS_RULE_ID = '7500000000000000004'; // 兼容看板 Node: only this script removes its views (appended)
// The eight reports of rule 兼容周报: [task_id, sender, commit time (s), value of 本周工作].
const REPORTS = ['c03', 'c04', 'c02', 'c03', 'c04', 'c02', 'c03', 'c04'].map((sender, i) => [
  `752000000000000000${i + 1}`, sender, seconds(`2024-06-0${i + 1}T18:00:00+08:00`), `工作${i + 1}`,
]);

// Contact v2 imports: IDs and mobiles only this client uses (Python runs against the same server).
const NEW_DEPARTMENT = 'node_dept';
const NEW_USER = 'node_user1';
const NEW_USER_MOBILE = '+8613900002001';

// docs/semantics.md, "Performance": the status and task option of one (user, stage).
function stageTaskStatus(stage, needTodo, finished) {
  if (stage.paused) return ['stage_pause', 1];
  if (finished >= needTodo) return ['all_done', 2];
  if (stage.deadline < NOW_MS) return ['overdue', 3]; // the compat tenant does not allow late submission
  return ['need_todo', 1];
}

// The items findByPage (users unset) or findByUserList would return, as plain values.
function expectedStageTasks({ users = USER_IDS, options, after, before, keepEmpty = false } = {}) {
  const items = [];
  const stages = [...STAGES].sort((a, b) => a.deadline - b.deadline || a.stageId.localeCompare(b.stageId));
  for (const user of users) {
    const infos = [];
    for (const stage of stages) {
      if (!stage.tasks[user]) continue;
      const [needTodo, finished] = stage.tasks[user];
      const [status, option] = stageTaskStatus(stage, needTodo, finished);
      if (options && !options.includes(option)) continue;
      if ((after !== undefined && stage.deadline < after) || (before !== undefined && stage.deadline > before)) continue;
      infos.push([stage.stageId, stage.zh, stage.en, String(stage.deadline), needTodo, finished, status, option]);
    }
    const counts = (options || [1, 2, 3]).map((o) => [o, infos.filter((i) => i[7] === o).length]);
    if (infos.length || keepEmpty) items.push([user, counts, infos]);
  }
  return items;
}

// The SDK's items as the plain values expectedStageTasks() builds (Node types v1 names as zh-CN/en-US).
function stageTaskValues(items, userOf = (id) => id) {
  return (items || []).map((item) => [
    userOf(item.user_id),
    (item.stage_num_lists || []).map((n) => [n.task_option_id, n.stage_num]),
    (item.stage_task_info_lists || []).map((t) => [t.stage_id, t.name['zh-CN'], t.name['en-US'], t.deadline,
      t.need_todo_count, t.finished_count, t.stage_task_status, t.task_option_id]),
  ]);
}

// ---------------------------------------------------------------------------------------------
// How an answer must look.

// A resolved success envelope: code 0. Returns data.
function ok(resp) {
  expect(resp && resp.code === 0, `code=${resp && resp.code} msg=${resp && resp.msg}`);
  return resp.data;
}

// A non-2xx answer: the SDK throws an AxiosError carrying the status and the parsed body.
async function rejects(promise, status, code) {
  let resp;
  try {
    resp = await promise;
  } catch (err) {
    expect(err && err.response, `threw without a response: ${err}`);
    expect(err.response.status === status, `HTTP ${err.response.status}, expected ${status}`);
    expect(err.response.data && err.response.data.code === code, `code ${JSON.stringify(err.response.data)}, expected ${code}`);
    expect(err.response.headers['x-tt-logid'], 'no X-Tt-Logid header');
    return `threw HTTP ${status} code ${code}: ${err.response.data.msg}`;
  }
  throw new Error(`resolved instead of throwing HTTP ${status}/${code}: ${JSON.stringify(resp)}`);
}

// An HTTP-200 error: the SDK resolves with the envelope.
function refused(resp, code) {
  expect(resp && resp.code === code, `expected code ${code}, got ${JSON.stringify(resp)}`);
  return `resolved code ${code}: ${resp.msg}`;
}

// ---------------------------------------------------------------------------------------------
// openwork's admin API and its authorization page (plain HTTP, not the SDK).

class Admin extends AdminApi {
  // {user_id, open_id, union_id} of a user as `appId` sees them.
  ids(userId, appId = APP_ID) {
    return this.call('GET', `/tenants/${TENANT}/users/${encodeURIComponent(userId)}/ids?app_id=${appId}`);
  }

  async userToken(userId) {
    return (await this.call('POST', `/tenants/${TENANT}/user_access_tokens`, { app_id: APP_ID, user_id: userId })).access_token;
  }
}

// A code from openwork's authorization page: it answers 302 to redirect_uri. Node's http never
// follows redirects.
async function authorizationCode(base, userId, state = 's') {
  const query = new URLSearchParams({ client_id: APP_ID, redirect_uri: 'https://example.invalid/cb', state, user_id: userId });
  const res = await httpRequest(base, 'GET', `/open-apis/authen/v1/authorize?${query}`);
  expect(res.status === 302, `authorize answered HTTP ${res.status}, not 302`);
  const location = new URL(res.headers.location);
  expect(`${location.origin}${location.pathname}` === 'https://example.invalid/cb', res.headers.location);
  expect(location.searchParams.get('state') === state, `state not echoed: ${res.headers.location}`);
  const code = location.searchParams.get('code');
  expect(code, `no code: ${res.headers.location}`);
  return code;
}

// ---------------------------------------------------------------------------------------------

// The SDK logs every HTTP error itself; the checks record what matters. (loggerLevel cannot
// silence it: LoggerLevel.fatal is 0, which the SDK replaces by its default, info.)
const QUIET = { error() {}, warn() {}, info() {}, debug() {}, trace() {} };

// Each client gets its own token cache: the SDK's default one is process-global per app id.
function buildClient(base, appId, appSecret, extra = {}) {
  return new lark.Client({ appId, appSecret, domain: base, logger: QUIET, cache: new lark.DefaultCache(), ...extra });
}

async function main() {
  const h = new Harness();
  const base = h.base;
  const admin = new Admin(base, h.adminToken);
  const client = buildClient(base, APP_ID, APP_SECRET);
  const noscope = buildClient(base, NOSCOPE_ID, NOSCOPE_SECRET);
  const plain = buildClient(base, PLAIN_ID, PLAIN_SECRET);
  const state = {};

  const check = (endpoint, name, fn) => h.check(SDK, endpoint, name, fn);

  const findByPage = (data, params = { user_id_type: 'user_id' }, c = client) =>
    c.performance.v1.stageTask.findByPage({ params, data: { semester_id: SEMESTER_ID, ...data } });
  const findByUserList = (userIds, { options, userIdType = 'user_id', c = client, token } = {}) =>
    c.performance.v1.stageTask.findByUserList({
      params: { user_id_type: userIdType },
      data: { semester_id: SEMESTER_ID, user_id_lists: userIds, ...(options ? { task_option_lists: options } : {}) },
    }, token ? lark.withUserAccessToken(token) : undefined);
  const queryReports = (data, { userIdType = 'user_id', c = client, token } = {}) =>
    c.report.v1.task.query({ params: { user_id_type: userIdType }, data: { page_token: '', ...data } },
      token ? lark.withUserAccessToken(token) : undefined);
  const queryRules = (params, c = client) => c.report.v1.rule.query({ params: { user_id_type: 'user_id', ...params } });
  const removeViews = (ruleId, userIds, c = client) =>
    c.report.v1.ruleView.remove({ path: { rule_id: ruleId }, params: { user_id_type: 'user_id' }, data: { user_ids: userIds } });
  const exchangeCode = (code) => client.authen.v1.oidcAccessToken.create({ data: { grant_type: 'authorization_code', code } });
  const refresh = (refreshToken) =>
    client.authen.v1.oidcRefreshAccessToken.create({ data: { grant_type: 'refresh_token', refresh_token: refreshToken } });
  const userInfo = (token) => client.authen.v1.userInfo.get({}, lark.withUserAccessToken(token));

  // ------------------------------------------------------------------ tokens

  await check(TENANT_TOKEN, 'a wrong app_secret makes every call throw the token error with code 10003', async () => {
    const wrong = buildClient(base, APP_ID, 'not-the-secret');
    try {
      await wrong.performance.v1.semester.list({ params: {} });
    } catch (err) {
      expect(!err.response, `an HTTP error instead of the token failure: ${err.message}`);
      expect(/failed to get tenant_access_token, code: 10003\b/.test(err.message), err.message);
      return err.message;
    }
    throw new Error('a wrong app_secret did not throw');
  });

  await check(TENANT_TOKEN, 'the generated internal() with a wrong secret resolves code 10003', async () => {
    const resp = await client.auth.v3.tenantAccessToken.internal({ data: { app_id: APP_ID, app_secret: 'not-the-secret' } });
    expect(!resp.tenant_access_token, resp);
    return refused(resp, 10003);
  });

  await check(TENANT_TOKEN, 'the SDK obtains and caches a tenant token (expire > 600)', async () => {
    const token = await client.tokenManager.getTenantAccessToken();
    expect(typeof token === 'string' && token.startsWith('t-'), `tenant token ${token}`);
    expect((await client.tokenManager.getTenantAccessToken()) === token, 'the SDK did not cache the token');
    const resp = await client.auth.v3.tenantAccessToken.internal({ data: { app_id: APP_ID, app_secret: APP_SECRET } });
    expect(resp.code === 0 && resp.tenant_access_token === token, `same token while >= 30 min remain: ${JSON.stringify(resp)}`);
    expect(Number.isInteger(resp.expire) && resp.expire > 600 && resp.expire <= 7200, resp);
    return `expire ${resp.expire}`;
  });

  // ------------------------------------------------------------------ findByPage

  await check(FIND_BY_PAGE, 'every page (page_size 5) equals the fixture\'s users, statuses and counts', async () => {
    const seen = [];
    let pageToken;
    let pages = 0;
    for (; pages < 10;) {
      const data = ok(await findByPage({ page_size: 5, ...(pageToken ? { page_token: pageToken } : {}) }));
      pages += 1;
      expect(data.base.semester_id === SEMESTER_ID, `base.semester_id ${JSON.stringify(data.base.semester_id)}`);
      expect(data.base.semester_name['zh-CN'] === '兼容性周期' && data.base.semester_name['en-US'] === 'Compat semester',
        data.base.semester_name);
      const semester = SEMESTERS_EXPECTED[SEMESTER_ID];
      expect(data.base.start_time === semester.start_time && data.base.end_time === semester.end_time, data.base);
      expect(data.items.length <= 5, `${data.items.length} items on a page of 5`);
      seen.push(...stageTaskValues(data.items));
      if (!data.has_more) {
        expect(!data.page_token, `page_token ${data.page_token} with has_more false`);
        break;
      }
      expect(data.page_token, 'has_more without a page_token');
      pageToken = data.page_token;
    }
    const expected = expectedStageTasks();
    expect(same(seen, expected), show(seen, expected));
    return `${seen.length} users on ${pages} pages`;
  });

  await check(FIND_BY_PAGE, 'task_option_lists [1, 2] and a deadline window (times as strings)', async () => {
    const after = STAGES[0].deadline; // inclusive bounds: exactly the two stages' deadlines
    const before = STAGES[1].deadline;
    const data = ok(await findByPage({ page_size: 50, task_option_lists: [1, 2], after_time: String(after), before_time: String(before) }));
    const expected = expectedStageTasks({ options: [1, 2], after, before });
    const got = stageTaskValues(data.items);
    expect(same(got, expected), show(got, expected));
    expect(!data.has_more, 'has_more on the only page');
  });

  await check(FIND_BY_PAGE, 'user_id_type union_id', async () => {
    const data = ok(await findByPage({ page_size: 1 }, { user_id_type: 'union_id' }));
    const ids = await admin.ids('c01');
    expect(data.items.length === 1 && data.items[0].user_id === ids.union_id, [data.items, ids]);
  });

  await check(FIND_BY_PAGE, 'page_size 51 throws HTTP 400, 1580102', () => rejects(findByPage({ page_size: 51 }), 400, 1580102));

  await check(FIND_BY_PAGE, 'a page token reused with other filters throws HTTP 400, 1580102', async () => {
    const first = ok(await findByPage({ page_size: 5 }));
    expect(first.has_more && first.page_token, 'no page token on a first page of 5');
    return rejects(findByPage({ page_size: 5, page_token: first.page_token, task_option_lists: [3] }), 400, 1580102);
  });

  await check(FIND_BY_PAGE, 'an unknown user_id_type throws HTTP 400, 99992402',
    () => rejects(findByPage({}, { user_id_type: 'people_id' }), 400, 99992402));

  await check(FIND_BY_PAGE, 'an app without the scope throws HTTP 400, 99991672',
    () => rejects(findByPage({}, {}, noscope), 400, 99991672));

  await check(FIND_BY_PAGE, 'an invalid tenant token throws HTTP 400, 99991663', async () => {
    // disableTokenCache: the only way the SDK sends a token of the caller's choosing.
    const manual = buildClient(base, APP_ID, APP_SECRET, { disableTokenCache: true });
    return rejects(manual.performance.v1.stageTask.findByPage({ data: { semester_id: SEMESTER_ID } },
      lark.withTenantToken('t-not-a-token')), 400, 99991663);
  });

  // ------------------------------------------------------------------ findByUserList

  await check(FIND_BY_USER_LIST, 'user ids in the caller\'s order, users without matches kept, unknown left out', async () => {
    const data = ok(await findByUserList(['c09', 'c02', 'nobody', 'c11'], { options: [3] }));
    expect(data.base.semester_id === SEMESTER_ID, `base.semester_id ${JSON.stringify(data.base.semester_id)}`);
    const expected = expectedStageTasks({ users: ['c09', 'c02', 'c11'], options: [3], keepEmpty: true });
    const got = stageTaskValues(data.items);
    expect(same(got, expected), show(got, expected));
  });

  await check(FIND_BY_USER_LIST, 'open_ids (the default user_id_type), every option', async () => {
    const order = ['c06', 'c01'];
    const byOpenId = {};
    for (const uid of order) byOpenId[(await admin.ids(uid)).open_id] = uid;
    const data = ok(await findByUserList(Object.keys(byOpenId), { userIdType: 'open_id' }));
    const got = stageTaskValues(data.items, (id) => byOpenId[id] || id);
    const expected = expectedStageTasks({ users: order, keepEmpty: true });
    expect(same(got, expected), show(got, expected));
  });

  await check(FIND_BY_USER_LIST, 'a user token lists its own user only (else HTTP 400, 1580102)', async () => {
    const token = await admin.userToken('c05');
    const data = ok(await findByUserList(['c05'], { token }));
    const expected = expectedStageTasks({ users: ['c05'], keepEmpty: true });
    expect(same(stageTaskValues(data.items), expected), show(stageTaskValues(data.items), expected));
    return rejects(findByUserList(['c06'], { token }), 400, 1580102);
  });

  await check(FIND_BY_USER_LIST, 'an app without the scope throws HTTP 400, 99991672',
    () => rejects(findByUserList(['c01'], { c: noscope }), 400, 99991672));

  // ------------------------------------------------------------------ semesters

  const semesterValues = (s) => ({
    year: s.year, type_group: s.type_group, type: s.type, zh: s.name['zh-CN'], en: s.name['en-US'], progress: s.progress,
    start_time: s.start_time, end_time: s.end_time, create_time: s.create_time, modify_time: s.modify_time,
    create_user_id: s.create_user_id, modify_user_id: s.modify_user_id === undefined ? null : s.modify_user_id,
  });

  await check(SEMESTERS, 'lists both fixture semesters with every field', async () => {
    const data = ok(await client.performance.v1.semester.list({ params: { user_id_type: 'user_id' } }));
    const got = Object.fromEntries(data.items.map((s) => [s.id, semesterValues(s)]));
    expect(data.items.length === Object.keys(got).length, 'a semester listed twice');
    const sorted = (o) => Object.fromEntries(Object.keys(o).sort().map((k) => [k, o[k]]));
    expect(same(sorted(got), sorted(SEMESTERS_EXPECTED)), show(got, SEMESTERS_EXPECTED));
    return `${data.items.length} semesters`;
  });

  await check(SEMESTERS, 'filters by year and type_group', async () => {
    const data = ok(await client.performance.v1.semester.list({ params: { year: 2023, type_group: 'Annual' } }));
    expect(same(data.items.map((s) => s.id), [EMPTY_SEMESTER_ID]), data.items.map((s) => s.id));
    const creator = (await admin.ids('c02')).open_id;
    expect(data.items[0].create_user_id === creator, `create_user_id ${data.items[0].create_user_id} != open_id ${creator}`);
  });

  await check(SEMESTERS, 'an unknown user_id_type throws HTTP 400, 99992402',
    () => rejects(client.performance.v1.semester.list({ params: { user_id_type: 'people_id' } }), 400, 99992402));

  await check(SEMESTERS, 'an app without the scope throws HTTP 400, 99991672',
    () => rejects(noscope.performance.v1.semester.list({ params: {} }), 400, 99991672));

  // ------------------------------------------------------------------ review templates

  const templateValues = (t) => [
    t.review_template_id, t.name.zh_cn, t.name.en_us, t.description.zh_cn, t.description.en_us, t.status,
    (t.templates || []).map((s) => [s.template_id, s.name.zh_cn, s.name.en_us, s.stage_type, s.review_stage_role]),
    (t.units || []).map((u) => [u.unit_id, u.name.zh_cn, u.name.en_us, (u.fields || []).map((f) => [f.field_id, f.name.zh_cn, f.name.en_us])]),
  ];
  const expectedTemplate = (id) => {
    const n = id.slice(-1);
    return [id, `模板${n}`, `Template ${n}`, `描述${n}`, `Description ${n}`, 'enabled',
      [[`741000000000000000${n}`, '评估', 'Review', 'review', 'solid_line_leader']],
      [[`742000000000000000${n}`, '业绩', 'Results', [[`743000000000000000${n}`, '评分', 'Score']]]]];
  };

  await check(REVIEW_TEMPLATES, 'every page (page_size 2) equals the fixture\'s five templates', async () => {
    const seen = [];
    let pageToken;
    let pages = 0;
    for (; pages < 10;) {
      const data = ok(await client.performance.v2.reviewTemplate.query({
        params: { page_size: 2, ...(pageToken ? { page_token: pageToken } : {}) }, data: {},
      }));
      pages += 1;
      expect(data.review_templates.length <= 2, `${data.review_templates.length} on a page of 2`);
      seen.push(...data.review_templates.map(templateValues));
      if (!data.has_more) {
        expect(!data.page_token, `page_token ${data.page_token} with has_more false`);
        break;
      }
      expect(data.page_token, 'has_more without a page_token');
      pageToken = data.page_token;
    }
    const expected = REVIEW_TEMPLATE_IDS.map(expectedTemplate);
    expect(same(seen, expected), show(seen, expected));
    return `${seen.length} templates on ${pages} pages`;
  });

  await check(REVIEW_TEMPLATES, 'queryWithIterator walks every page (page_size 2)', async () => {
    const seen = [];
    let pages = 0;
    for await (const page of await client.performance.v2.reviewTemplate.queryWithIterator({ params: { page_size: 2 }, data: {} })) {
      pages += 1;
      expect(page && Array.isArray(page.review_templates), `page ${pages}: ${JSON.stringify(page)}`);
      seen.push(...page.review_templates.map(templateValues));
      expect(pages <= 5, 'the iterator does not stop');
    }
    const expected = REVIEW_TEMPLATE_IDS.map(expectedTemplate);
    expect(same(seen, expected), show(seen, expected));
    expect(pages === 3, `${pages} pages, expected 3`);
    return `${seen.length} templates on ${pages} pages`;
  });

  await check(REVIEW_TEMPLATES, 'review_template_ids as strings: ascending, unknown left out', async () => {
    const data = ok(await client.performance.v2.reviewTemplate.query({
      data: { review_template_ids: ['7400000000000000005', '7499999999999999999', '7400000000000000001'] },
    }));
    const got = data.review_templates.map(templateValues);
    const expected = [expectedTemplate(REVIEW_TEMPLATE_IDS[0]), expectedTemplate(REVIEW_TEMPLATE_IDS[4])];
    expect(same(got, expected), show(got, expected));
  });

  await check(REVIEW_TEMPLATES, 'page_size 51 throws HTTP 400, 1580102',
    () => rejects(client.performance.v2.reviewTemplate.query({ params: { page_size: 51 }, data: {} }), 400, 1580102));

  await check(REVIEW_TEMPLATES, 'queryWithIterator of an app without the scope yields one empty page', async () => {
    const pages = [];
    for await (const page of await noscope.performance.v2.reviewTemplate.queryWithIterator({ params: { page_size: 2 }, data: {} })) {
      pages.push(page);
      expect(pages.length <= 2, 'the iterator does not stop');
    }
    expect(same(pages, [{}]), pages);
    return rejects(noscope.performance.v2.reviewTemplate.query({ data: {} }), 400, 99991672);
  });

  // ------------------------------------------------------------------ activities

  const activityValues = (a) => [a.id, a.name.zh_cn, a.name.en_us, a.semester_id, a.mode, a.progress, a.create_time,
    a.modify_time, a.create_user_id === undefined ? null : a.create_user_id, a.modify_user_id === undefined ? null : a.modify_user_id];
  const queryActivities = (data, params = { user_id_type: 'user_id' }, c = client) => c.performance.v2.activity.query({ params, data });

  await check(ACTIVITIES, 'semester_ids as strings: every activity of both semesters with its fields', async () => {
    const data = ok(await queryActivities({ semester_ids: [SEMESTER_ID, EMPTY_SEMESTER_ID] }));
    const got = data.activities.map(activityValues);
    expect(same(got, ACTIVITIES_EXPECTED), show(got, ACTIVITIES_EXPECTED));
    const description = data.activities[0].description;
    expect(description.zh_cn === '兼容性绩效评估' && description.en_us === 'Compat performance review', description);
    return `${got.length} activities`;
  });

  await check(ACTIVITIES, 'activity_ids win over semester_ids: ascending, unknown left out', async () => {
    const data = ok(await queryActivities({
      semester_ids: [EMPTY_SEMESTER_ID], activity_ids: [NODE_ACTIVITY, '7399999999999999999', REVIEW_ACTIVITY],
    }));
    const got = data.activities.map(activityValues);
    const expected = [ACTIVITIES_EXPECTED[0], ACTIVITIES_EXPECTED[3]];
    expect(same(got, expected), show(got, expected));
  });

  await check(ACTIVITIES, 'user_id_type union_id', async () => {
    const data = ok(await queryActivities({ activity_ids: [REVIEW_ACTIVITY] }, { user_id_type: 'union_id' }));
    const expected = [[(await admin.ids('c01')).union_id, (await admin.ids('c02')).union_id]];
    const got = data.activities.map((a) => [a.create_user_id, a.modify_user_id]);
    expect(same(got, expected), show(got, expected));
  });

  await check(ACTIVITIES, 'an app without the scope throws HTTP 400, 99991672',
    () => rejects(queryActivities({ semester_ids: [SEMESTER_ID] }, {}, noscope), 400, 99991672));

  // ------------------------------------------------------------------ reviewees

  const queryReviewees = (data, params = {}, c = client) =>
    c.performance.v2.reviewee.query({ params: { user_id_type: 'user_id', ...params }, data: { semester_id: SEMESTER_ID, ...data } });

  // Every page of a reviewee query: [[user_id, activity_ids]] (open_ids checked) and the page count.
  const walkReviewees = async (pageSize, data) => {
    const seen = [];
    let pageToken;
    let pages = 0;
    for (; pages < 20;) {
      const page = ok(await queryReviewees(data, { page_size: pageSize, ...(pageToken ? { page_token: pageToken } : {}) }));
      pages += 1;
      expect(page.semester_id === (data.semester_id || SEMESTER_ID), `semester_id ${page.semester_id}`);
      expect(page.reviewees.length <= pageSize, `${page.reviewees.length} on a page of ${pageSize}`);
      for (const r of page.reviewees) {
        const { open_id: openId } = await admin.ids(r.reviewee_user_id.user_id);
        expect(r.reviewee_user_id.open_id === openId, `${r.reviewee_user_id.user_id}: open_id ${r.reviewee_user_id.open_id} != ${openId}`);
        seen.push([r.reviewee_user_id.user_id, r.activity_ids]);
      }
      if (!page.has_more) {
        expect(!page.page_token, `page_token ${page.page_token} with has_more false`);
        break;
      }
      expect(page.page_token, 'has_more without a page_token');
      pageToken = page.page_token;
    }
    return [seen, pages];
  };

  await check(REVIEWEES, 'every page (page_size 1) equals the groups\' members and their activity_ids', async () => {
    const activities = [REVIEW_ACTIVITY, METRIC_ACTIVITY, NODE_ACTIVITY];
    const [seen, pages] = await walkReviewees(1, { activity_ids: activities });
    const expected = expectedReviewees(activities);
    expect(same(seen, expected), show(seen, expected));
    expect(pages === expected.length, `${pages} pages for ${expected.length} reviewees`);
    return `${seen.length} reviewees on ${pages} pages`;
  });

  await check(REVIEWEES, 'user_ids and activity_ids filter; unknown users left out', async () => {
    const [seen] = await walkReviewees(50, { activity_ids: [REVIEW_ACTIVITY], user_ids: ['c03', 'nobody', 'c07', 'c01'] });
    const expected = expectedReviewees([REVIEW_ACTIVITY], ['c03', 'c07', 'c01']);
    expect(same(seen, expected), show(seen, expected));
  });

  await check(REVIEWEES, 'another semester: the members of its own activity\'s group only', async () => {
    const [seen, pages] = await walkReviewees(20, { semester_id: EMPTY_SEMESTER_ID });
    const expected = [['c07', ['7320000000000000001']], ['c08', ['7320000000000000001']]]; // compat_ops
    expect(same(seen, expected) && pages === 1, show([seen, pages], [expected, 1]));
  });

  await check(REVIEWEES, 'an unknown semester throws HTTP 400, 1580102',
    () => rejects(queryReviewees({ semester_id: '7300000000000000099' }), 400, 1580102));

  await check(REVIEWEES, 'an app without the scope throws HTTP 400, 99991672',
    () => rejects(queryReviewees({}, {}, noscope), 400, 99991672));

  // ------------------------------------------------------------------ indicators and questions

  const indicatorValues = (i) => [i.id, i.name.zh_cn, i.name.en_us, i.type,
    (i.options || []).map((o) => [o.id, o.name.zh_cn, o.name.en_us, o.lable])];
  const questionValues = (q) => [q.question_id, q.name.zh_cn, q.name.en_us, (q.tag_items || []).map((t) => [t.id, t.name.zh_cn, t.name.en_us])];

  // Every page of query(): the values of its items (under `key`) and the page count.
  const walkPages = async (query, key, values, pageSize) => {
    const seen = [];
    let pageToken;
    let pages = 0;
    for (; pages < 10;) {
      const data = ok(await query({ params: { page_size: pageSize, ...(pageToken ? { page_token: pageToken } : {}) }, data: {} }));
      pages += 1;
      expect(data[key].length <= pageSize, `${data[key].length} on a page of ${pageSize}`);
      seen.push(...data[key].map(values));
      if (!data.has_more) {
        expect(!data.page_token, `page_token ${data.page_token} with has_more false`);
        break;
      }
      expect(data.page_token, 'has_more without a page_token');
      pageToken = data.page_token;
    }
    return [seen, pages];
  };

  // Every page of a queryWithIterator.
  const iterate = async (queryWithIterator, key, values) => {
    const seen = [];
    let pages = 0;
    for await (const page of await queryWithIterator({ params: { page_size: 2 }, data: {} })) {
      pages += 1;
      expect(page && Array.isArray(page[key]), `page ${pages}: ${JSON.stringify(page)}`);
      seen.push(...page[key].map(values));
      expect(pages <= 5, 'the iterator does not stop');
    }
    return [seen, pages];
  };

  await check(INDICATORS, 'every page (page_size 1) equals the fixture\'s indicators and options (lable)', async () => {
    const [seen, pages] = await walkPages((p) => client.performance.v2.indicator.query(p), 'indicators', indicatorValues, 1);
    expect(same(seen, INDICATORS_EXPECTED), show(seen, INDICATORS_EXPECTED));
    expect(pages === 3, `${pages} pages, expected 3`);
    return `${seen.length} indicators on ${pages} pages`;
  });

  await check(INDICATORS, 'queryWithIterator walks every page (page_size 2)', async () => {
    const [seen, pages] = await iterate((p) => client.performance.v2.indicator.queryWithIterator(p), 'indicators', indicatorValues);
    expect(same(seen, INDICATORS_EXPECTED), show(seen, INDICATORS_EXPECTED));
    expect(pages === 2, `${pages} pages, expected 2`);
    return `${seen.length} indicators on ${pages} pages`;
  });

  await check(INDICATORS, 'indicator_ids as strings: ascending, unknown left out', async () => {
    const data = ok(await client.performance.v2.indicator.query({
      data: { indicator_ids: ['7330000000000000002', '7339999999999999999', '7330000000000000001'] },
    }));
    const got = data.indicators.map(indicatorValues);
    const expected = INDICATORS_EXPECTED.slice(0, 2);
    expect(same(got, expected), show(got, expected));
    expect(!data.has_more, 'has_more on the only page');
  });

  await check(INDICATORS, 'page_size 51 throws HTTP 400, 1580102',
    () => rejects(client.performance.v2.indicator.query({ params: { page_size: 51 }, data: {} }), 400, 1580102));

  await check(QUESTIONS, 'every page (page_size 1) equals the fixture\'s questions and tag items', async () => {
    const [seen, pages] = await walkPages((p) => client.performance.v2.question.query(p), 'tag_based_questions', questionValues, 1);
    expect(same(seen, QUESTIONS_EXPECTED), show(seen, QUESTIONS_EXPECTED));
    expect(pages === 2, `${pages} pages, expected 2`);
    return `${seen.length} questions on ${pages} pages`;
  });

  await check(QUESTIONS, 'queryWithIterator walks every page (page_size 2)', async () => {
    const [seen, pages] = await iterate((p) => client.performance.v2.question.queryWithIterator(p), 'tag_based_questions', questionValues);
    expect(same(seen, QUESTIONS_EXPECTED), show(seen, QUESTIONS_EXPECTED));
    expect(pages === 1, `${pages} pages, expected 1`);
  });

  await check(QUESTIONS, 'tag_based_question_ids as strings, unknown left out', async () => {
    const data = ok(await client.performance.v2.question.query({ data: { tag_based_question_ids: ['7349999999999999999', '7340000000000000001'] } }));
    const got = data.tag_based_questions.map(questionValues);
    const expected = QUESTIONS_EXPECTED.slice(0, 1);
    expect(same(got, expected), show(got, expected));
  });

  await check(QUESTIONS, 'an app without the scope throws HTTP 400, 99991672',
    () => rejects(noscope.performance.v2.question.query({ data: {} }), 400, 99991672));

  // ------------------------------------------------------------------ user-group writes

  // user_ids as open_ids (the default user_id_type).
  const writeGroup = (userIds, clientToken, c = client) =>
    c.performance.v2.userGroupUserRel.write({ params: { client_token: clientToken }, data: { group_id: NODE_GROUP, user_ids: userIds } });

  await check(GROUP_WRITE, 'replaces the members (open_ids): success_user_ids, fail_user_datas, and the reviewees follow', async () => {
    const c12 = (await admin.ids('c12')).open_id;
    const c09 = (await admin.ids('c09')).open_id;
    const unknown = 'ou_00000000000000000000000000000000';
    const data = ok(await writeGroup([c12, unknown, c09, c12], NODE_CLIENT_TOKEN));
    const got = [data.data.success_user_ids, (data.data.fail_user_datas || []).map((f) => [f.user_id, f.fail_code])];
    const expected = [[c12, c09], [[unknown, 1]]];
    expect(same(got, expected), show(got, expected));
    state.groupWritten = true;
    // The effect: c10 left the activity's group, c12 joined it, c09 stayed.
    const [seen] = await walkReviewees(50, { activity_ids: [NODE_ACTIVITY] });
    const after = [['c09', [NODE_ACTIVITY]], ['c12', [NODE_ACTIVITY]]];
    expect(same(seen, after), `reviewees after the write: ${show(seen, after)}`);
    const [some] = await walkReviewees(50, { activity_ids: [NODE_ACTIVITY, METRIC_ACTIVITY], user_ids: ['c10', 'c12', 'c07'] });
    const expectedSome = [['c07', [METRIC_ACTIVITY]], ['c12', [NODE_ACTIVITY]]];
    expect(same(some, expectedSome), `reviewees of c10, c12, c07: ${show(some, expectedSome)}`);
  });

  await check(GROUP_WRITE, 'a repeated client_token throws HTTP 400, 1580110 and changes nothing', async () => {
    expect(state.groupWritten, 'the first write did not happen');
    const detail = await rejects(writeGroup([(await admin.ids('c01')).open_id], NODE_CLIENT_TOKEN), 400, 1580110);
    const [seen] = await walkReviewees(50, { activity_ids: [NODE_ACTIVITY] });
    const expected = [['c09', [NODE_ACTIVITY]], ['c12', [NODE_ACTIVITY]]];
    expect(same(seen, expected), `the refused write changed the group: ${show(seen, expected)}`);
    return detail;
  });

  await check(GROUP_WRITE, 'an app without the scope throws HTTP 400, 99991672',
    () => rejects(writeGroup([], 'compat-node-noscope', noscope), 400, 99991672));

  // ------------------------------------------------------------------ userInfo (the module's view of users)

  const queryUserInfos = (userIds, { departmentIdType, semesterId = SEMESTER_ID, c = client } = {}) =>
    c.performance.v2.userInfo.query({
      params: { user_id_type: 'user_id', ...(departmentIdType ? { department_id_type: departmentIdType } : {}) },
      data: { semester_id: semesterId, user_ids: userIds },
    });
  const named = (n) => (n === undefined ? null : [n.id, n.name.zh_cn, n.name.en_us]);
  const userInfoValues = (i) => [i.user_id.user_id, named(i.department),
    i.direct_leader_user_id === undefined ? null : i.direct_leader_user_id.user_id, named(i.job_family), named(i.job_level)];
  const expectedUserInfo = (user) => {
    const [[departmentId, departmentName], leader, family, level] = PERF_USER_INFOS[user];
    return [user, [departmentId, departmentName, departmentName], leader, family, level];
  };

  await check(PERF_USER_INFO, 'reviewees in the caller\'s order with the semester\'s facts; others left out', async () => {
    const listed = ['c03', 'nobody', 'c01', NOT_REVIEWEE, 'c02', 'c07'];
    const data = ok(await queryUserInfos(listed, { departmentIdType: 'department_id' }));
    expect(data.semester_id === SEMESTER_ID, `semester_id ${data.semester_id}`);
    const got = data.user_infos.map(userInfoValues);
    const expected = ['c03', 'c01', 'c02', 'c07'].map(expectedUserInfo);
    expect(same(got, expected), show(got, expected));
    const c02 = data.user_infos[2];
    const ids = [c02.user_id.open_id, c02.direct_leader_user_id.open_id];
    const expectedIds = [(await admin.ids('c02')).open_id, (await admin.ids('c01')).open_id];
    expect(same(ids, expectedIds), `open_ids: ${show(ids, expectedIds)}`);
    return `${data.user_infos.length} of ${listed.length} listed users`;
  });

  await check(PERF_USER_INFO, 'department_id_type open_department_id: one od- ID per department', async () => {
    const data = ok(await queryUserInfos(['c07', 'c03', 'c02'], { departmentIdType: 'open_department_id' }));
    const got = data.user_infos.map((i) => [i.department.id, i.department.name.zh_cn, i.department.name.en_us]);
    expect(same(got.map((d) => d.slice(1)), [['运营部', '运营部'], ['研发部', '研发部'], ['运营部', '运营部']]), got);
    const ids = got.map((d) => d[0]);
    expect(ids.every((id) => id.startsWith('od-')) && ids[0] === ids[2] && ids[0] !== ids[1], ids);
  });

  await check(PERF_USER_INFO, 'an app without the user_snapshot scopes gets the users only', async () => {
    const data = ok(await queryUserInfos(['c01', 'c07'], { c: plain }));
    const got = data.user_infos.map((i) => [i.user_id.user_id, Object.keys(i)]);
    const expected = [['c01', ['user_id']], ['c07', ['user_id']]];
    expect(same(got, expected), show(got, expected));
  });

  await check(PERF_USER_INFO, 'a missing user_ids throws HTTP 400, 1580102',
    () => rejects(client.performance.v2.userInfo.query({ params: { user_id_type: 'user_id' }, data: { semester_id: SEMESTER_ID } }),
      400, 1580102));

  // ------------------------------------------------------------------ review results (v2, then v1)

  const queryResultsV2 = (reviewees, extra = {}) => client.performance.v2.reviewData.query({
    params: { user_id_type: 'user_id' }, data: { semester_ids: [SEMESTER_ID], reviewee_user_ids: reviewees, ...extra },
  });
  const person = (u) => (u === undefined ? null : u.user_id);
  const orNull = (v) => (v === undefined ? null : v);
  const resultsV2Values = (datas) => (datas || []).map((p) => [p.user_id.user_id, p.semester_id, p.activity_id, p.review_template_id,
    (p.stages || []).map((s) => [s.stage_id, s.stage_type, orNull(s.review_stage_role), s.template_id,
      (s.records || []).map((r) => [r.record_id, r.progress, (r.units || []).map((u) => [u.unit_id, (u.data || []).map((d) => [
        d.field_id, person(d.reviewer_user_id), orNull(d.submit_time), d.indicator_id, orNull(d.option_id), orNull(d.score),
        orNull(d.text), d.tag_based_question_id, (d.tag_text_item_data || []).map((t) => [t.tag_text_id, t.tag_text])])])])])]);

  await check(REVIEW_DATA_V2, 'records of stages whose results are open, with units, values, tags and progress', async () => {
    const reviewees = ['c02', 'c03', NOT_REVIEWEE, 'c01'];
    const data = ok(await queryResultsV2(reviewees, { stage_types: ['review', 'leader_review'] }));
    const got = resultsV2Values(data.datas);
    const expected = expectedResultsV2(reviewees, [LEADER_REVIEW_STAGE]);
    expect(same(got, expected), show(got, expected));
    const ids = [data.datas[0].user_id.open_id, data.datas[0].stages[0].records[0].units[0].data[0].reviewer_user_id.open_id];
    const expectedIds = [(await admin.ids('c02')).open_id, (await admin.ids('c01')).open_id];
    expect(same(ids, expectedIds), `open_ids: ${show(ids, expectedIds)}`);
    return `${got.length} reviewees with leader-review records; the self review's hidden`;
  });

  await check(REVIEW_DATA_V2, 'neither stage_types nor stage_ids gives no datas', async () => {
    const data = ok(await queryResultsV2(['c01', 'c02', 'c03']));
    expect(same(data.datas, []), data.datas);
  });

  const OPENING = 'opening a stage\'s results shows its records, closing hides them; roles filter review stages';
  await check(REVIEW_DATA_V2, OPENING, async () => {
    // The self review's results open on 2024-06-20: opened now (admin API), its records show, with
    // their progress; closed again, they are hidden.
    const path = `/tenants/${TENANT}/stages/${SELF_REVIEW_STAGE}`;
    const reviewees = ['c03', 'c02'];
    try {
      await admin.call('PATCH', path, { results_open_time: '2024-06-14T00:00:00+08:00' });
      const data = ok(await queryResultsV2(reviewees, { stage_types: ['review'] }));
      const got = resultsV2Values(data.datas);
      const expected = expectedResultsV2(reviewees, [SELF_REVIEW_STAGE]);
      expect(same(got, expected), `stage_types [review]: ${show(got, expected)}`);
      // review_stage_roles filter review stages: the self review is the reviewee's.
      const roles = ['solid_line_leader', 'dotted_line_leader'];
      const leaders = ok(await queryResultsV2(reviewees, { stage_types: ['review'], review_stage_roles: roles }));
      expect(same(leaders.datas, []), `review_stage_roles ${roles}: ${JSON.stringify(leaders.datas)}`);
    } finally {
      await admin.call('PATCH', path, { results_open_time: SELF_REVIEW_OPENS });
    }
    const closed = ok(await queryResultsV2(reviewees, { stage_ids: [SELF_REVIEW_STAGE] }));
    expect(same(closed.datas, []), `closed again: ${JSON.stringify(closed.datas)}`);
  });

  await check(REVIEW_DATA_V2, 'stage_ids win over stage_types; stage_progresses filter records', async () => {
    const reviewees = ['c01', 'c02', 'c03'];
    const data = ok(await queryResultsV2(reviewees, {
      stage_types: ['review'], stage_ids: [LEADER_REVIEW_STAGE], stage_progresses: [3],
    }));
    const got = resultsV2Values(data.datas);
    const expected = expectedResultsV2(reviewees, [LEADER_REVIEW_STAGE], { progresses: [3] });
    expect(same(got, expected), show(got, expected));
  });

  await check(REVIEW_DATA_V2, 'a missing semester_ids throws HTTP 400, 1580102',
    () => rejects(client.performance.v2.reviewData.query({ data: { reviewee_user_ids: ['c01'], stage_types: ['review'] } }),
      400, 1580102));

  await check(REVIEW_DATA_V2, 'stage_progresses [5] throws HTTP 400, 1580102',
    () => rejects(queryResultsV2(['c01'], { stage_types: ['review'], stage_progresses: [5] }), 400, 1580102));

  const queryResultsV1 = (reviewees, extra = {}, token) => client.performance.v1.reviewData.query({
    params: { user_id_type: 'user_id' }, data: { reviewee_user_id_list: reviewees, ...extra },
  }, token ? lark.withUserAccessToken(token) : undefined);
  // v1 names as the Node SDK types them (zh-CN/en-US).
  const v1Name = (n) => [n['zh-CN'], n['en-US']];
  const resultsV1Values = (datas) => (datas || []).map((p) => [p.user_id.user_id, p.semester_id, p.activity_id,
    (p.stages || []).map((s) => [s.stage_type, s.progress, (s.data || []).map((d) => [d.template_id, d.unit_id, d.field_id,
      person(d.reviewer_user_id), orNull(d.submit_time), d.indicator_id, orNull(d.option_id), orNull(d.score), orNull(d.text)])])]);

  const NAMED = 'the leader review\'s records with the semesters, activities, indicators, templates, units and fields';
  await check(REVIEW_DATA_V1, NAMED, async () => {
    const reviewees = ['c01', NOT_REVIEWEE, 'c02', 'c03'];
    const data = ok(await queryResultsV1(reviewees, { semester_id_list: [SEMESTER_ID] }));
    const got = resultsV1Values(data.datas);
    const expected = expectedResultsV1(reviewees);
    expect(same(got, expected), `datas: ${show(got, expected)}`);
    const parts = {
      semesters: data.semesters.map((s) => [s.id, semesterValues(s)]),
      activities: data.activities.map((a) => [a.id, ...v1Name(a.name), a.semester_id]),
      indicators: data.indicators.map((i) => [i.id, ...v1Name(i.name), i.options.map((o) => [o.id, ...v1Name(o.name), o.label])]),
      templates: data.templates.map((t) => [t.id, ...v1Name(t.name), t.stage]),
      units: data.units.map((u) => [u.id, ...v1Name(u.name)]),
      fields: data.fields.map((f) => [f.id, ...v1Name(f.name), f.indicator_id, orNull(f.parent_field_id)]),
    };
    const [indicatorId, indicatorZh, indicatorEn, , options] = INDICATORS_EXPECTED[0];
    const expectedParts = {
      semesters: [[SEMESTER_ID, SEMESTERS_EXPECTED[SEMESTER_ID]]],
      activities: [[REVIEW_ACTIVITY, '兼容评估', 'Compat review', SEMESTER_ID]],
      indicators: [[indicatorId, indicatorZh, indicatorEn, options]], // v1 spells the level label
      templates: [STAGE_TEMPLATE],
      units: [RESULT_UNIT],
      fields: [[...RESULT_FIELD, null]],
    };
    expect(same(parts, expectedParts), show(parts, expectedParts));
  });

  await check(REVIEW_DATA_V1, 'start_time/end_time as strings select the semesters within them', async () => {
    const { start_time: start, end_time: end } = SEMESTERS_EXPECTED[SEMESTER_ID];
    const data = ok(await queryResultsV1(['c03', 'c01'], { start_time: start, end_time: end, stage_progress: [1] }));
    const got = resultsV1Values(data.datas);
    const expected = expectedResultsV1(['c03', 'c01'], [1]);
    expect(same(got, expected), show(got, expected));
    const narrow = ok(await queryResultsV1(['c03'], { start_time: start, end_time: String(Number(end) - 1) }));
    expect(same(narrow.datas, []), `a narrower window: ${JSON.stringify(narrow.datas)}`);
  });

  await check(REVIEW_DATA_V1, 'stage_types [review] throws HTTP 400, 1580102',
    () => rejects(queryResultsV1(['c01'], { semester_id_list: [SEMESTER_ID], stage_types: ['review'] }), 400, 1580102));

  await check(REVIEW_DATA_V1, 'a user token gets its own user\'s results only (else HTTP 400, 1580102)', async () => {
    const token = await admin.userToken('c03');
    const data = ok(await queryResultsV1(['c03'], { semester_id_list: [SEMESTER_ID] }, token));
    const got = resultsV1Values(data.datas);
    const expected = expectedResultsV1(['c03']);
    expect(same(got, expected), show(got, expected));
    return rejects(queryResultsV1(['c01'], { semester_id_list: [SEMESTER_ID] }, token), 400, 1580102);
  });

  // ------------------------------------------------------------------ additional information

  // items as [item_id or null, external_id or null, reviewee, item, time, description].
  const importInfos = (items, clientToken, c = client) => c.performance.v2.additionalInformation.import({
    params: { client_token: clientToken, user_id_type: 'user_id' },
    data: {
      semester_id: SEMESTER_ID,
      import_record_name: '兼容 Node 导入',
      additional_informations: items.map(([itemId, externalId, reviewee, item, time, description]) => ({
        ...(itemId === null ? {} : { item_id: itemId }),
        ...(externalId === null ? {} : { external_id: externalId }),
        reviewee_user_id: reviewee, item, time, detailed_description: description,
      })),
    },
  });
  const queryInfos = (data, params = { user_id_type: 'user_id' }) =>
    client.performance.v2.additionalInformation.query({ params, data: { semester_id: SEMESTER_ID, ...data } });
  const deleteInfos = (itemIds) => client.performance.v2.additionalInformationsBatch.delete({
    params: { user_id_type: 'user_id' }, data: { semester_id: SEMESTER_ID, additional_informations: itemIds },
  });
  const infoValues = (infos) => (infos || []).map((i) => [orNull(i.item_id), orNull(i.external_id), i.reviewee_user_id, i.item,
    i.time, i.detailed_description]);
  const withoutOtherClients = (values) => values.filter((v) => !OTHER_CLIENTS_INFOS.some((p) => (v[1] || '').startsWith(p)));
  // This script's items with these external IDs, as the query answers them.
  const ownInfos = async (externalIds) => infoValues(ok(await queryInfos({ external_ids: externalIds })).additional_informations);
  // [item_id, external_id, ...] of this script's items, in item_id order.
  const expectedOwn = (ids, items) => items.map((item) => [ids[item[0]], ...item])
    .sort((a, b) => (BigInt(a[0]) < BigInt(b[0]) ? -1 : 1));

  await check(INFO_QUERY, 'queryWithIterator walks every page (page_size 2): the fixture\'s items', async () => {
    const seen = [];
    let pages = 0;
    for await (const page of await client.performance.v2.additionalInformation.queryWithIterator({
      params: { user_id_type: 'user_id', page_size: 2 }, data: { semester_id: SEMESTER_ID },
    })) {
      pages += 1;
      expect(page && Array.isArray(page.additional_informations), `page ${pages}: ${JSON.stringify(page)}`);
      expect(page.additional_informations.length <= 2, `${page.additional_informations.length} on a page of 2`);
      seen.push(...infoValues(page.additional_informations));
      expect(pages <= 5, 'the iterator does not stop');
    }
    const got = withoutOtherClients(seen);
    expect(same(got, ADDITIONAL_INFOS), show(got, ADDITIONAL_INFOS));
    return `${seen.length} items on ${pages} pages`;
  });

  await check(INFO_QUERY, 'item_ids win over external_ids: by item_id, unknown left out', async () => {
    const data = ok(await queryInfos({
      item_ids: [ADDITIONAL_INFOS[2][0], UNKNOWN_INFO_ID, ADDITIONAL_INFOS[0][0]], external_ids: [ADDITIONAL_INFOS[1][1]],
    }));
    const got = infoValues(data.additional_informations);
    const expected = [ADDITIONAL_INFOS[0], ADDITIONAL_INFOS[2]];
    expect(same(got, expected), show(got, expected));
    expect(!data.has_more && !data.page_token, data);
  });

  await check(INFO_QUERY, 'external_ids win over reviewee_user_ids', async () => {
    const data = ok(await queryInfos({ external_ids: [ADDITIONAL_INFOS[0][1], 'node-nope'], reviewee_user_ids: ['c02'] }));
    const got = infoValues(data.additional_informations);
    expect(same(got, [ADDITIONAL_INFOS[0]]), show(got, [ADDITIONAL_INFOS[0]]));
  });

  await check(INFO_QUERY, 'reviewee_user_ids as user_ids; users without items find none', async () => {
    const data = ok(await queryInfos({ reviewee_user_ids: ['c02', NOT_REVIEWEE, 'nobody'] }));
    const got = withoutOtherClients(infoValues(data.additional_informations));
    const expected = ADDITIONAL_INFOS.filter((i) => i[2] === 'c02');
    expect(same(got, expected), show(got, expected));
  });

  await check(INFO_IMPORT, 'creates the items under new item_ids (strings); the query shows them', async () => {
    const data = ok(await importInfos(NODE_INFOS.map((item) => [null, ...item]), NODE_INFO_TOKEN));
    expect(typeof data.import_record_id === 'string' && data.import_record_id, `import_record_id ${data.import_record_id}`);
    const got = infoValues(data.additional_informations);
    expect(same(got.map((v) => v.slice(1)), NODE_INFOS), show(got, NODE_INFOS));
    const ids = Object.fromEntries(got.map((v) => [v[1], v[0]]));
    const values = Object.values(ids);
    expect(values.length === 2 && new Set(values).size === 2 && values.every((i) => typeof i === 'string' && /^\d+$/.test(i))
      && !values.some((i) => ADDITIONAL_INFOS.some((s) => s[0] === i)), `item_ids ${JSON.stringify(ids)}`);
    state.nodeInfos = ids;
    const queried = await ownInfos(Object.keys(ids));
    const expected = expectedOwn(ids, NODE_INFOS);
    expect(same(queried, expected), `queried: ${show(queried, expected)}`);
    return `import_record_id ${data.import_record_id}`;
  });

  await check(INFO_IMPORT, 'by external_id and by item_id updates, never duplicates', async () => {
    const ids = state.nodeInfos;
    expect(ids, 'the first import did not happen');
    // node-1 by its external_id, node-2 by its item_id (without an external_id: it keeps its own).
    const [first, second] = NODE_INFOS;
    const changed = [[...first.slice(0, 2), 'Node 事项一（改）', ...first.slice(3)], [...second.slice(0, 4), 'Node 导入的第二项（改）']];
    const data = ok(await importInfos([[null, ...changed[0]], [ids['node-2'], null, ...changed[1].slice(1)]], 'compat-node-info-2'));
    const got = infoValues(data.additional_informations);
    const expected = [[ids['node-1'], ...changed[0]], [ids['node-2'], ...changed[1]]];
    expect(same(got, expected), show(got, expected));
    state.nodeCurrent = changed;
    const queried = await ownInfos(Object.keys(ids));
    const expectedQueried = expectedOwn(ids, changed);
    expect(same(queried, expectedQueried), `queried (no duplicate): ${show(queried, expectedQueried)}`);
  });

  await check(INFO_IMPORT, 'a repeated client_token throws HTTP 400, 1580110 and applies nothing', async () => {
    const ids = state.nodeInfos;
    expect(ids && state.nodeCurrent, 'the imports before did not happen');
    const detail = await rejects(importInfos([[null, 'node-3', 'c02', 'Node 事项三', '2024-05-13', '不应写入']], NODE_INFO_TOKEN),
      400, 1580110);
    const queried = await ownInfos([...Object.keys(ids), 'node-3']);
    const expected = expectedOwn(ids, state.nodeCurrent);
    expect(same(queried, expected), `the refused import changed items: ${show(queried, expected)}`);
    return detail;
  });

  // The whole import is refused: node-4 is never written (the deletion check's query shows it).
  await check(INFO_IMPORT, 'a reviewee not reviewed in the semester throws HTTP 400, 1580111',
    () => rejects(importInfos([[null, 'node-4', 'c02', 'Node 事项四', '2024-05-14', '不应写入'],
      [null, 'node-5', NOT_REVIEWEE, 'Node 事项五', '2024-05-15', '不应写入']], 'compat-node-info-3'), 400, 1580111));

  await check(INFO_IMPORT, 'an unknown item_id throws HTTP 400, 1580201',
    () => rejects(importInfos([[UNKNOWN_INFO_ID, 'node-6', 'c02', 'Node 事项六', '2024-05-16', '不应写入']], 'compat-node-info-4'),
      400, 1580201));

  // cli_compat_plain may read performance data only.
  await check(INFO_IMPORT, 'a read-only app throws HTTP 400, 99991672',
    () => rejects(importInfos([[null, 'node-7', 'c02', 'Node 事项七', '2024-05-17', '不应写入']], 'compat-node-info-plain', plain),
      400, 99991672));

  await check(INFO_DELETE, 'an unknown item_id throws HTTP 400, 1580201 and deletes nothing', async () => {
    const ids = state.nodeInfos;
    expect(ids, 'the first import did not happen');
    return rejects(deleteInfos([UNKNOWN_INFO_ID, ids['node-2']]), 400, 1580201);
  });

  await check(INFO_DELETE, 'deletes the listed items; the refused imports wrote none', async () => {
    const ids = state.nodeInfos;
    expect(ids, 'the first import did not happen');
    const listed = [ids['node-1'], ids['node-2']]; // both still there: the refused deletion removed neither
    const data = ok(await deleteInfos(listed));
    expect(same(data.additional_informations, listed), show(data.additional_informations, listed));
    const externalIds = [1, 2, 3, 4, 5, 6, 7].map((n) => `node-${n}`).concat([ADDITIONAL_INFOS[1][1]]);
    const left = await ownInfos(externalIds);
    expect(same(left, [ADDITIONAL_INFOS[1]]), `after the deletion: ${show(left, [ADDITIONAL_INFOS[1]])}`);
  });

  // ------------------------------------------------------------------ key-performance metrics

  const tagValues = (t) => [t.tag_id, t.tag_name.zh_cn, t.tag_name.en_us, t.index, t.create_time, t.update_time];
  const metricFieldValues = (f) => [f.field_id, f.name.zh_cn, f.name.en_us, f.type];
  const metricValues = (m) => [m.metric_id, m.name, m.type_id,
    (m.tags || []).map((t) => [t.tag_id, t.tag_name.zh_cn, t.tag_name.en_us]),
    (m.fields || []).map((f) => [f.field_id, f.input_setting, orNull(f.field_value),
      f.field_value_person ? f.field_value_person.user_id : null]),
    m.scoring_setting_type,
    m.scoring_formula ? [m.scoring_formula.formula_id, m.scoring_formula.formula_name, m.scoring_formula.formula_details] : null,
    (m.data_source_inputters || []).map((u) => u.user_id), m.range_of_availability, m.is_active];
  const listTags = (params, sdk = client) => sdk.performance.v2.metricTag.list({ params });
  const queryFields = (data) => client.performance.v2.metricField.query({ data });
  const queryLibs = (data, params = {}) => client.performance.v2.metricLib.query({ params: { user_id_type: 'user_id', ...params }, data });
  // Every page of the library for a filter.
  const walkLibs = async (pageSize, data) => {
    const seen = [];
    let pageToken;
    let pages = 0;
    for (; pages < 10;) {
      const page = ok(await queryLibs(data, { page_size: pageSize, ...(pageToken ? { page_token: pageToken } : {}) }));
      pages += 1;
      expect(page.items.length <= pageSize, `${page.items.length} on a page of ${pageSize}`);
      seen.push(...page.items.map(metricValues));
      if (!page.has_more) {
        expect(!page.page_token, `page_token ${page.page_token} with has_more false`);
        break;
      }
      expect(page.page_token, 'has_more without a page_token');
      pageToken = page.page_token;
    }
    return [seen, pages];
  };
  const metricsOf = (ids) => METRICS_EXPECTED.filter((m) => ids.includes(m[0]));

  await check(METRIC_TAGS, 'every page (page_size 2) equals the fixture\'s tags, index and times', async () => {
    const [seen, pages] = await walkPages((p) => listTags(p.params), 'items', tagValues, 2);
    expect(same(seen, METRIC_TAGS_EXPECTED), show(seen, METRIC_TAGS_EXPECTED));
    expect(pages === 2, `${pages} pages, expected 2`);
    return `${seen.length} tags on ${pages} pages`;
  });

  await check(METRIC_TAGS, 'listWithIterator walks every page (page_size 2)', async () => {
    const [seen, pages] = await iterate((p) => client.performance.v2.metricTag.listWithIterator({ params: p.params }), 'items', tagValues);
    expect(same(seen, METRIC_TAGS_EXPECTED), show(seen, METRIC_TAGS_EXPECTED));
    expect(pages === 2, `${pages} pages, expected 2`);
  });

  await check(METRIC_TAGS, 'tag_ids (repeated keys) in one page, by tag_id, unknown left out', async () => {
    const data = ok(await listTags({ page_size: 1, tag_ids: ['7370000000000000003', '7379999999999999999', '7370000000000000001'] }));
    const got = data.items.map(tagValues);
    const expected = [METRIC_TAGS_EXPECTED[0], METRIC_TAGS_EXPECTED[2]];
    expect(same(got, expected), show(got, expected));
    expect(!data.has_more && !data.page_token, 'the listed tags are one page');
  });

  await check(METRIC_TAGS, 'an app without the metric scopes throws HTTP 400, 99991672',
    () => rejects(listTags({}, plain), 400, 99991672));

  await check(METRIC_FIELDS, 'every field by field_id with its type, in one answer', async () => {
    const data = ok(await queryFields({}));
    const got = data.items.map(metricFieldValues);
    expect(same(got, METRIC_FIELDS_EXPECTED), show(got, METRIC_FIELDS_EXPECTED));
    expect(data.has_more === undefined, 'not paged');
    return `${got.length} fields`;
  });

  await check(METRIC_FIELDS, 'field_ids as strings, unknown left out', async () => {
    const data = ok(await queryFields({ field_ids: ['7380000000000000004', '7389999999999999999', '7380000000000000002'] }));
    const got = data.items.map(metricFieldValues);
    const expected = [METRIC_FIELDS_EXPECTED[1], METRIC_FIELDS_EXPECTED[3]];
    expect(same(got, expected), show(got, expected));
  });

  await check(METRIC_FIELDS, '51 field_ids throws HTTP 400, 1580102',
    () => rejects(queryFields({ field_ids: Array.from({ length: 51 }, (_, i) => String(i + 1)) }), 400, 1580102));

  await check(METRIC_LIBS, 'every page (page_size 3) equals the fixture\'s metrics with tags, fields, formula and people', async () => {
    const [seen, pages] = await walkLibs(3, {});
    expect(same(seen, METRICS_EXPECTED), show(seen, METRICS_EXPECTED));
    expect(pages === 2, `${pages} pages, expected 2`);
    return `${seen.length} metrics on ${pages} pages`;
  });

  const libFilters = [
    ['is_active false gives the inactive metric only', { is_active: false }, ['7390000000000000003']],
    ['tag_ids narrow to metrics with any of them', { tag_ids: ['7370000000000000002', '7370000000000000001'] },
      ['7390000000000000001', '7390000000000000003', '7390000000000000004']],
    ['type_ids narrow', { type_ids: ['7391000000000000001'] }, ['7390000000000000001', '7390000000000000003']],
    ['range_of_availability narrows', { range_of_availability: 'admins_and_reviewees' },
      ['7390000000000000002', '7390000000000000003', '7390000000000000004']],
    ['scoring_setting_type and tag_ids narrow together', { scoring_setting_type: 'score_by_formula', tag_ids: ['7370000000000000003'] },
      ['7390000000000000001']],
  ];
  for (const [name, data, ids] of libFilters) {
    await check(METRIC_LIBS, name, async () => {
      const [seen] = await walkLibs(50, data);
      const expected = metricsOf(ids);
      expect(same(seen, expected), show(seen, expected));
      return JSON.stringify(seen.map((m) => m[0]));
    });
  }

  await check(METRIC_LIBS, 'a filtered library pages too (page_size 1)', async () => {
    const [seen, pages] = await walkLibs(1, { is_active: true, scoring_setting_type: 'score_by_formula' });
    const expected = metricsOf(['7390000000000000001', '7390000000000000004']);
    expect(same(seen, expected), show(seen, expected));
    expect(pages === 2, `${pages} pages, expected 2`);
  });

  await check(METRIC_LIBS, 'people as open_ids by default', async () => {
    const data = ok(await client.performance.v2.metricLib.query({ params: { page_size: 1 }, data: {} }));
    const metric = data.items[0];
    const ids = await Promise.all(['c01', 'c03', 'c02'].map((u) => admin.ids(u)));
    const got = [metric.fields[1].field_value_person.open_id, ...metric.data_source_inputters.map((u) => u.open_id)];
    const expected = ids.map((i) => i.open_id);
    expect(same(got, expected), show(got, expected));
  });

  await check(METRIC_LIBS, 'a misspelt range_of_availability throws HTTP 400, 1580102',
    () => rejects(queryLibs({ range_of_availability: 'only_admin' }), 400, 1580102));

  // A template's fields write `id` and `filed_value` (sic).
  const metricTemplateValues = (t) => [t.id, t.name.zh_cn, t.name.en_us, t.description.zh_cn, t.description.en_us, t.status,
    t.is_set_by_group, t.total_metric_score_method, t.metric_weight_method,
    (t.metric_dimensions || []).map((d) => [d.metric_dimension_id, d.name.zh_cn, d.name.en_us, orNull(d.dimension_weight),
      d.description.zh_cn, d.description.en_us]),
    (t.metrics || []).map((m) => [m.metric_id, m.name, m.type_id,
      (m.fields || []).map((f) => [f.id, f.input_setting, orNull(f.filed_value),
        f.field_value_person ? f.field_value_person.user_id : null]),
      m.is_from_library, m.scoring_setting_type, (m.data_source_inputters || []).map((u) => u.user_id), m.metric_dimension_id,
      m.review_rule_config ? orNull(m.review_rule_config.min) : null, m.review_rule_config ? orNull(m.review_rule_config.max) : null]),
    (t.groups || []).map((g) => [g.group_id, g.name])];
  const queryMetricTemplates = (data, params = {}) =>
    client.performance.v2.metricTemplate.query({ params: { user_id_type: 'user_id', ...params }, data });
  // Every page of the templates for a filter.
  const walkMetricTemplates = async (pageSize, data) => {
    const seen = [];
    let pageToken;
    let pages = 0;
    for (; pages < 10;) {
      const page = ok(await queryMetricTemplates(data, { page_size: pageSize, ...(pageToken ? { page_token: pageToken } : {}) }));
      pages += 1;
      expect(page.items.length <= pageSize, `${page.items.length} on a page of ${pageSize}`);
      seen.push(...page.items.map(metricTemplateValues));
      if (!page.has_more) {
        expect(!page.page_token, `page_token ${page.page_token} with has_more false`);
        break;
      }
      expect(page.page_token, 'has_more without a page_token');
      pageToken = page.page_token;
    }
    return [seen, pages];
  };
  const metricTemplatesOf = (ids) => METRIC_TEMPLATES_EXPECTED.filter((t) => ids.includes(t[0])).map(expectedMetricTemplate);

  await check(METRIC_TEMPLATES, 'every page (page_size 2) equals the fixture\'s templates with dimensions, library metrics and rules',
    async () => {
      const [seen, pages] = await walkMetricTemplates(2, {});
      const expected = METRIC_TEMPLATES_EXPECTED.map(expectedMetricTemplate);
      expect(same(seen, expected), show(seen, expected));
      expect(pages === 2, `${pages} pages, expected 2`);
      return `${seen.length} templates on ${pages} pages`;
    });

  await check(METRIC_TEMPLATES, 'metrics_template_ids (strings) narrow, unknown left out; the result pages', async () => {
    const [seen, pages] = await walkMetricTemplates(1,
      { metrics_template_ids: ['7393000000000000003', UNKNOWN_TEMPLATE_ID, '7393000000000000001'] });
    const expected = metricTemplatesOf(['7393000000000000001', '7393000000000000003']);
    expect(same(seen, expected), show(seen, expected));
    expect(pages === 2, `${pages} pages, expected 2`);
  });

  const metricTemplateFilters = [
    ['status disabled gives the disabled template only', { status: 'disabled' }, ['7393000000000000002']],
    ['status to_be_activated gives the pending template only', { status: 'to_be_activated' }, ['7393000000000000003']],
    ['status to_be_configured gives none', { status: 'to_be_configured' }, []],
    ['metrics_template_ids and status combine (AND)',
      { metrics_template_ids: ['7393000000000000001', '7393000000000000002'], status: 'enabled' }, ['7393000000000000001']],
  ];
  for (const [name, data, ids] of metricTemplateFilters) {
    await check(METRIC_TEMPLATES, name, async () => {
      const [seen] = await walkMetricTemplates(50, data);
      const expected = metricTemplatesOf(ids);
      expect(same(seen, expected), show(seen, expected));
      return JSON.stringify(seen.map((t) => t[0]));
    });
  }

  await check(METRIC_TEMPLATES, 'people as open_ids by default', async () => {
    const data = ok(await client.performance.v2.metricTemplate.query({ data: { metrics_template_ids: ['7393000000000000001'] } }));
    const metric = data.items[0].metrics[0];
    const ids = await Promise.all(['c01', 'c03', 'c02'].map((u) => admin.ids(u)));
    const got = [metric.fields[1].field_value_person.open_id, ...metric.data_source_inputters.map((u) => u.open_id)];
    const expected = ids.map((i) => i.open_id);
    expect(same(got, expected), show(got, expected));
  });

  await check(METRIC_TEMPLATES, 'a misspelt status throws HTTP 400, 1580102',
    () => rejects(queryMetricTemplates({ status: 'enable' }), 400, 1580102));

  // ------------------------------------------------------------------ metric details

  // metrics as [reviewee, metric_id, fields as [field_id, field_value, field_value_person]]; the Node
  // SDK types the IDs as strings.
  const importMetricDetails = (metrics, clientToken, { semesterId = SEMESTER_ID, c = client } = {}) =>
    c.performance.v2.metricDetail.import({
      params: { client_token: clientToken, user_id_type: 'user_id' },
      data: {
        semester_id: semesterId,
        import_record_name: '兼容 Node 指标导入',
        imported_metrics: metrics.map(([reviewee, metricId, fields]) => ({
          reviewee_user_id: reviewee,
          metric_id: metricId,
          fields: fields.map(([fieldId, value, person]) => ({
            field_id: fieldId,
            ...(value === null ? {} : { field_value: value }),
            ...(person === null ? {} : { field_value_person: person }),
          })),
        })),
      },
    });
  const queryMetricDetails = (reviewees, { params = { user_id_type: 'user_id' }, semesterId = SEMESTER_ID } = {}) =>
    client.performance.v2.metricDetail.query({ params, data: { semester_id: semesterId, reviewee_user_ids: reviewees } });
  // `metric_details` is one object per entry.
  const metricDetailValues = (entries, user = (u) => u.user_id) => (entries || []).map((e) => {
    const d = e.metric_details;
    return [user(e.reviewee_user_id), e.metric_template_id, d.metric_id, d.name, d.dimension_id, d.dimension_name.zh_cn,
      d.dimension_name.en_us, orNull(d.dimension_weight), d.add_from, d.is_from_library,
      (d.fields || []).map((f) => [f.field_id, orNull(f.field_value), f.field_value_person ? user(f.field_value_person) : null]),
      (e.reviewee_stage_statuses || []).map((st) => [st.stage_id, st.stage_type, st.stage_status])];
  });
  // c03's entries as the query answers them (user_ids).
  const ownMetricDetails = async () => metricDetailValues(ok(await queryMetricDetails([NODE_REVIEWEE])).reviewee_metrics);
  const expectedOwnMetricDetails = () => expectedMetricDetails(NODE_REVIEWEE, importedValues(NODE_METRICS));

  await check(METRIC_DETAIL_IMPORT, 'imports; the query shows exactly them, the library\'s and the fixture\'s values', async () => {
    const data = ok(await importMetricDetails(NODE_METRICS, NODE_METRIC_TOKEN));
    expect(typeof data.import_record_id === 'string' && /^\d+$/.test(data.import_record_id), `import_record_id ${data.import_record_id}`);
    state.nodeMetrics = true;
    // c09 is reviewed by 兼容 Node 组 (no template), c13 by nothing: both left out.
    const queried = ok(await queryMetricDetails(['c01', 'c09', NOT_REVIEWEE, NODE_REVIEWEE]));
    expect(queried.semester_id === SEMESTER_ID, `semester_id ${queried.semester_id}`);
    const got = metricDetailValues(queried.reviewee_metrics);
    const expected = [...expectedMetricDetails('c01', FIXTURE_METRIC_VALUES), ...expectedOwnMetricDetails()];
    expect(same(got, expected), show(got, expected));
    return `import_record_id ${data.import_record_id}; ${got.length} reviewee metrics`;
  });

  await check(METRIC_DETAIL_QUERY, 'people as {open_id, user_id}, open_ids by default (an imported person too)', async () => {
    expect(state.nodeMetrics, 'the import did not happen');
    const users = Object.fromEntries(await Promise.all([NODE_REVIEWEE, 'c01', 'c10']
      .map(async (u) => [u, (await admin.ids(u)).open_id])));
    const data = ok(await queryMetricDetails([users[NODE_REVIEWEE]], { params: {} }));
    const got = metricDetailValues(data.reviewee_metrics, (u) => [u.open_id, u.user_id]);
    // The default user_id_type is open_id: user_id repeats it.
    const expected = expectedMetricDetails(NODE_REVIEWEE, importedValues(NODE_METRICS), (u) => [users[u], users[u]]);
    expect(same(got, expected), show(got, expected));
  });

  await check(METRIC_DETAIL_IMPORT, 'a repeated client_token throws HTTP 400, 1580110 and changes nothing', async () => {
    expect(state.nodeMetrics, 'the import did not happen');
    const changed = [[NODE_REVIEWEE, '7390000000000000001', [['7380000000000000002', '10', null]]]];
    const detail = await rejects(importMetricDetails(changed, NODE_METRIC_TOKEN), 400, 1580110);
    const got = await ownMetricDetails();
    const expected = expectedOwnMetricDetails();
    expect(same(got, expected), `the refused import changed values: ${show(got, expected)}`);
    return detail;
  });

  // Each refused import holds a good value first (for c03, that must never land) and then one
  // breaking a rule; the whole import is refused.
  const unwritten = [NODE_REVIEWEE, '7390000000000000002', [['7380000000000000003', '不应写入', null]]];
  const unwrittenRate = [NODE_REVIEWEE, '7390000000000000001', [['7380000000000000002', '99', null]]];
  const metricRefusals = [
    ['a field the admin fills in throws HTTP 400, 1580311', unwritten,
      [NODE_REVIEWEE, '7390000000000000004', [['7380000000000000001', '90', null]]], 1580311],
    ['a number with thousands separators throws HTTP 400, 1580301', unwritten,
      [NODE_REVIEWEE, '7390000000000000001', [['7380000000000000002', '1,000', null]]], 1580301],
    ['a metric outside the reviewee\'s template throws HTTP 400, 1580312', unwritten,
      [NODE_REVIEWEE, '7390000000000000003', [['7380000000000000002', '1', null]]], 1580312],
    ['a person field given a field_value, not field_value_person, throws HTTP 400, 1580302', unwrittenRate,
      [NODE_REVIEWEE, '7390000000000000002', [['7380000000000000004', 'c10', null]]], 1580302],
    ['a reviewee\'s metric twice throws HTTP 400, 1580307', unwritten, unwritten, 1580307],
  ];
  for (const [n, [name, good, bad, code]] of metricRefusals.entries()) {
    await check(METRIC_DETAIL_IMPORT, name,
      () => rejects(importMetricDetails([good, bad], `compat-node-metric-bad-${n}`), 400, code));
  }

  await check(METRIC_DETAIL_IMPORT, '51 metrics throws HTTP 400, 1580102',
    () => rejects(importMetricDetails(Array(51).fill(unwritten), 'compat-node-metric-51'), 400, 1580102));

  await check(METRIC_DETAIL_QUERY, 'the refused imports wrote nothing', async () => {
    expect(state.nodeMetrics, 'the import did not happen');
    const got = await ownMetricDetails();
    const expected = expectedOwnMetricDetails();
    expect(same(got, expected), show(got, expected));
  });

  await check(METRIC_DETAIL_QUERY, 'an unknown semester throws HTTP 400, 1580105',
    () => rejects(queryMetricDetails([NODE_REVIEWEE], { semesterId: UNKNOWN_SEMESTER_ID }), 400, 1580105));

  // ------------------------------------------------------------------ report tasks

  const reportValues = (r) => [r.task_id, r.rule_name, r.rule_id, r.from_user_id, r.from_user_name, r.department_name,
    r.commit_time, (r.form_contents || []).map((f) => [f.field_id, f.field_name, f.field_value]), r.to_user_ids, r.to_user_names];
  const expectedReport = ([taskId, sender, commitTime, work]) => [taskId, '兼容周报', RULE_ID, sender, userName(sender), '研发部',
    commitTime, [['7510000000000000001', '本周工作', work], ['7510000000000000002', '附件', '']], // attachments: value empty
    ['c01'], ['成员1']];
  const newestFirst = (reports) => [...reports].sort((a, b) => b[2] - a[2] || b[0].localeCompare(a[0])).map(expectedReport);
  const FIRST = REPORTS[0][2];
  const LAST = REPORTS[REPORTS.length - 1][2];

  await check(REPORT_TASKS, 'every page (page_size 3) equals the fixture\'s reports, newest first', async () => {
    const seen = [];
    const departments = new Set();
    let pageToken = '';
    let pages = 0;
    for (; pages < 10;) {
      const data = ok(await queryReports({ commit_start_time: FIRST - 86400, commit_end_time: LAST + 86400, page_size: 3, page_token: pageToken }));
      pages += 1;
      expect(data.items.length <= 3, `${data.items.length} on a page of 3`);
      seen.push(...data.items.map(reportValues));
      data.items.forEach((r) => departments.add(JSON.stringify(r.department_ids)));
      if (!data.has_more) break;
      expect(data.page_token, 'has_more without a page_token');
      pageToken = data.page_token;
    }
    const expected = newestFirst(REPORTS);
    expect(same(seen, expected), show(seen, expected));
    // every sender is in 研发部 only: one open_department_id
    const [only] = [...departments];
    expect(departments.size === 1 && JSON.parse(only).length === 1 && JSON.parse(only)[0].startsWith('od-'), [...departments]);
    return `${seen.length} reports on ${pages} pages`;
  });

  await check(REPORT_TASKS, 'rule_id (a string) and sender filters, inclusive bounds', async () => {
    // Bounds exactly at reports 2 and 8: both included.
    const data = ok(await queryReports({ commit_start_time: REPORTS[1][2], commit_end_time: LAST, page_size: 20, rule_id: RULE_ID, user_id: 'c04' }));
    const expected = newestFirst(REPORTS.filter((r) => r[1] === 'c04'));
    const got = data.items.map(reportValues);
    expect(same(got, expected), show(got, expected));
    expect(!data.has_more, 'has_more on the only page');
  });

  await check(REPORT_TASKS, 'a user token gets the user\'s sent and received reports in one response', async () => {
    const token = await admin.userToken('c01'); // every report goes to c01
    const data = ok(await queryReports({ commit_start_time: FIRST, commit_end_time: LAST, page_size: 1 }, { token }));
    const got = data.items.map((r) => r.task_id);
    const expected = newestFirst(REPORTS).map((r) => r[0]);
    expect(same(got, expected) && !data.has_more, show([got, data.has_more], [expected, false]));
  });

  await check(REPORT_TASKS, 'page_size 21 throws HTTP 400, 1430002',
    () => rejects(queryReports({ commit_start_time: FIRST, commit_end_time: LAST, page_size: 21 }), 400, 1430002));

  await check(REPORT_TASKS, 'an unknown rule_id throws HTTP 400, 1430003',
    () => rejects(queryReports({ commit_start_time: FIRST, commit_end_time: LAST, page_size: 5, rule_id: '7500000000000000099' }), 400, 1430003));

  await check(REPORT_TASKS, 'a missing commit_end_time throws HTTP 400, 99992402',
    () => rejects(queryReports({ commit_start_time: FIRST, page_size: 5 }), 400, 99992402));

  await check(REPORT_TASKS, 'an app without the scope throws HTTP 400, 99991672',
    () => rejects(queryReports({ commit_start_time: FIRST, commit_end_time: LAST, page_size: 5 }, { c: noscope }), 400, 99991672));

  // ------------------------------------------------------------------ report rules

  await check(REPORT_RULES, 'finds the fixture rule by name with every field', async () => {
    const data = ok(await queryRules({ rule_name: '兼容周报' }));
    expect(data.rules.length === 1, `${data.rules.length} rules`);
    const r = data.rules[0];
    const got = [r.rule_id, r.name, r.icon_name, r.created_at, r.creator_user_id, r.creator_user_name, r.owner_user_id,
      r.owner_user_name, r.form_schema.map((f) => [f.name, f.type]), r.is_deleted, r.need_report_user_ids, r.to_user_ids,
      r.cc_user_ids, r.manager_user_ids];
    const expected = [RULE_ID, '兼容周报', 'weekly', NOW_MS / 1000, // created_at defaults to the tenant's now
      'c01', '成员1', 'c01', '成员1', [['本周工作', 'text'], ['附件', 'attachement']], 0, ['c02', 'c03'], ['c01'], [], []];
    expect(same(got, expected), show(got, expected));
  });

  await check(REPORT_RULES, 'a deleted rule only with include_deleted=1', async () => {
    const hidden = ok(await queryRules({ rule_name: '兼容旧周报' }));
    expect(hidden.rules.length === 0, `a deleted rule without include_deleted: ${JSON.stringify(hidden.rules)}`);
    const data = ok(await queryRules({ rule_name: '兼容旧周报', include_deleted: 1 }));
    const got = data.rules.map((r) => [r.rule_id, r.is_deleted, r.owner_user_id, r.need_report_user_ids]);
    expect(same(got, [[DELETED_RULE_ID, 1, 'c01', ['c02']]]), got);
  });

  await check(REPORT_RULES, 'a missing rule_name throws HTTP 400, 99992402', () => rejects(queryRules({}), 400, 99992402));

  await check(REPORT_RULES, 'an app without the scope throws HTTP 400, 99991672',
    () => rejects(queryRules({ rule_name: '兼容周报' }, noscope), 400, 99991672));

  // ------------------------------------------------------------------ rule views

  await check(RULE_VIEWS_REMOVE, 'removes the view for the listed users', async () => {
    ok(await removeViews(VIEWS_RULE_ID, ['c09', 'c10']));
    const views = await admin.call('GET', `/tenants/${TENANT}/report_rules/${VIEWS_RULE_ID}/views`);
    expect(same([...views.removed_user_ids].sort(), ['c09', 'c10']) && views.removed_for_everyone === false, views);
  });

  await check(RULE_VIEWS_REMOVE, 'an empty user_ids removes it for everyone', async () => {
    ok(await removeViews(VIEWS_RULE_ID, []));
    const views = await admin.call('GET', `/tenants/${TENANT}/report_rules/${VIEWS_RULE_ID}/views`);
    expect(views.removed_for_everyone === true, views);
  });

  await check(RULE_VIEWS_REMOVE, 'a deleted rule throws HTTP 400, 1430003', () => rejects(removeViews(DELETED_RULE_ID, ['c02']), 400, 1430003));

  await check(RULE_VIEWS_REMOVE, 'an app without the scope throws HTTP 400, 99991672',
    () => rejects(removeViews(VIEWS_RULE_ID, ['c09'], noscope), 400, 99991672));

  // ------------------------------------------------------------------ OAuth (OIDC) and userInfo

  const expectC03 = async (data) => {
    const ids = await admin.ids('c03');
    const got = [data.name, data.en_name, data.open_id, data.union_id, data.user_id, data.email, data.tenant_key, data.mobile];
    const expected = ['成员3', 'Member 3', ids.open_id, ids.union_id, 'c03', 'c3@compat.example', TENANT,
      undefined]; // no contact:user.phone:readonly scope: no mobile
    expect(same(got, expected) && data.mobile === undefined, show(got, expected));
  };

  await check(OIDC_ACCESS_TOKEN, 'exchanges a code from the authorization page (tenant token)', async () => {
    const code = await authorizationCode(base, 'c03');
    state.code = code;
    const data = ok(await exchangeCode(code)); // the Node SDK sends its tenant_access_token here
    expect(typeof data.access_token === 'string' && data.access_token.startsWith('u-'), data.access_token);
    expect(typeof data.refresh_token === 'string' && data.refresh_token, data.refresh_token);
    expect(data.token_type === 'Bearer' && data.expires_in === 7200, data);
    expect(Number.isInteger(data.refresh_expires_in) && data.refresh_expires_in > 7200, data);
    expect(typeof data.scope === 'string', data);
    state.oidc = data;
  });

  await check(OIDC_ACCESS_TOKEN, 'a code is single use: resolves 20003 (HTTP 200)', async () => {
    expect(state.code, 'no code from the exchange check');
    return refused(await exchangeCode(state.code), 20003);
  });

  await check(OIDC_ACCESS_TOKEN, 'a missing code resolves 20001', async () =>
    refused(await client.authen.v1.oidcAccessToken.create({ data: { grant_type: 'authorization_code' } }), 20001));

  await check(OIDC_ACCESS_TOKEN, 'client.userAccessToken.initWithCode/get keep the exchanged token', async () => {
    const code = await authorizationCode(base, 'c03', 'node-helper');
    const stored = await client.userAccessToken.initWithCode({ c03: code });
    expect(stored.c03 && stored.c03.token && stored.c03.refreshToken, stored);
    const token = await client.userAccessToken.get('c03');
    expect(token === stored.c03.token, `get() gave ${token}`);
    await expectC03(ok(await userInfo(token)));
    state.helperRefreshToken = stored.c03.refreshToken;
  });

  await check(OIDC_REFRESH, 'client.userAccessToken.get refreshes an expired token', async () => {
    expect(state.helperRefreshToken, 'no token from the initWithCode check');
    // Mark it expired, as time would: get() must then refresh with the stored refresh token.
    await client.userAccessToken.update({ c03: { expiredTime: 0 } });
    const token = await client.userAccessToken.get('c03');
    expect(typeof token === 'string' && token.startsWith('u-'), `get() after expiry gave ${token}`);
    await expectC03(ok(await userInfo(token)));
    // The refresh happened: the refresh token it used is spent.
    return refused(await refresh(state.helperRefreshToken), 20038);
  });

  await check(USER_INFO, 'the user token\'s user, with the fields its scopes allow', async () => {
    expect(state.oidc, 'no user token from the exchange check');
    await expectC03(ok(await userInfo(state.oidc.access_token)));
  });

  await check(OIDC_REFRESH, 'refreshes: a rotated refresh token and an access token that works', async () => {
    expect(state.oidc, 'no refresh token from the exchange check');
    const data = ok(await refresh(state.oidc.refresh_token));
    // Not asserted: that the access token differs from the first one (openwork derives user tokens
    // from app, user and issue second; see the Python checks).
    expect(data.access_token.startsWith('u-') && data.token_type === 'Bearer' && data.expires_in === 7200, data);
    expect(data.refresh_token && data.refresh_token !== state.oidc.refresh_token, 'the refresh token did not rotate');
    await expectC03(ok(await userInfo(data.access_token)));
    state.refreshed = data;
  });

  await check(OIDC_REFRESH, 'the used refresh token resolves 20038', async () => {
    expect(state.refreshed, 'no refresh happened');
    return refused(await refresh(state.oidc.refresh_token), 20038);
  });

  await check(USER_INFO, 'without a user token (the SDK sends its tenant token) throws HTTP 400, 99991663',
    () => rejects(client.authen.v1.userInfo.get({}), 400, 99991663));

  await check(USER_INFO, 'an invalid user token throws HTTP 400, 99991668',
    () => rejects(userInfo('u-not-a-token'), 400, 99991668));

  // ------------------------------------------------------------------ contact v2 (raw client.request)

  const setRunnerPaused = async (paused) => {
    const answer = await admin.call('PUT', '/jobs/runner', { paused });
    expect(answer.paused === paused, answer);
  };
  const stepRunner = () => admin.call('POST', '/jobs/runner/step', { items: 1000 });
  const getTask = (taskId, c = client) => c.request({ method: 'GET', url: '/open-apis/contact/v2/task/get', params: { task_id: taskId } });
  const batchAdd = (kind, data, c = client) => c.request({ method: 'POST', url: `/open-apis/contact/v2/${kind}/batch_add`, data });
  const isTaskId = (id) => typeof id === 'string' && /^[0-9a-f]{32}$/.test(id);

  try {
    await check(DEPARTMENT_BATCH_ADD, 'a job whose items get their own codes, in order', async () => {
      await setRunnerPaused(true);
      const data = ok(await batchAdd('department', {
        departments: [
          { id: NEW_DEPARTMENT, name: 'Node 部门', parent_id: '0' },
          { id: 'ops', name: '重复的运营部', parent_id: '0' }, // 40018 id already exists
          { id: 'node_orphan', name: '孤儿', parent_id: 'no_such_department' }, // 40017
          { id: '-bad', name: '坏 ID', parent_id: '0' }, // 40013 invalid id
        ],
      }));
      expect(isTaskId(data.task_id), `task_id ${data.task_id}`);
      await stepRunner();
      const task = ok(await getTask(data.task_id));
      expect(same([task.type, task.status, task.progress, task.total_num, task.success_num, task.fail_num],
        ['add_department', 9, 100, 4, 1, 3]), task);
      const got = task.task_info.map((i) => [i.code, i.department_id, i.parent_id]);
      const expected = [[0, NEW_DEPARTMENT, '0'], [40018, 'ops', '0'], [40017, 'node_orphan', 'no_such_department'], [40013, '-bad', '0']];
      expect(same(got, expected), show(got, expected));
    });

    await check(USER_BATCH_ADD, 'queues a job (32-hex task_id); a JSON answer with X-Tt-Logid', async () => {
      const resp = await client.request({
        method: 'POST',
        url: '/open-apis/contact/v2/user/batch_add',
        $return_headers: true,
        data: {
          users: [
            { name: '诺德', departments: [NEW_DEPARTMENT], mobile: NEW_USER_MOBILE, user_id: NEW_USER, email: 'node1@compat.example' },
            { name: '重号', departments: ['ops'], mobile: '+8615000000007' }, // 40015: c07's mobile
            { name: '无部门', departments: ['no_such_department'], mobile: '+8613900002002' }, // 40016
            { name: '坏 ID', departments: ['ops'], mobile: '+8613900002003', user_id: 'bad id' }, // 10013
          ],
          need_send_notification: false,
        },
      });
      const data = ok(resp.data);
      expect(isTaskId(data.task_id), `task_id ${data.task_id}`);
      expect(/^application\/json/.test(resp.headers['content-type']) && resp.headers['x-tt-logid'], resp.headers);
      state.userTask = data.task_id;
    });

    await check(TASK_GET, 'a queued job: status 1, progress 0, no task_info', async () => {
      expect(state.userTask, 'no user import was queued');
      const task = ok(await getTask(state.userTask));
      const got = [task.task_id, task.type, task.status, task.progress, task.total_num, task.success_num, task.fail_num];
      expect(same(got, [state.userTask, 'add_user', 1, 0, 4, 0, 0]), got);
      expect(task.task_info === undefined && task.finish_time === undefined, task);
    });

    await check(TASK_GET, 'a finished job: status 9, task_info in request order with item codes', async () => {
      expect(state.userTask, 'no user import was queued');
      await stepRunner();
      const task = ok(await getTask(state.userTask));
      const counts = [task.status, task.progress, task.total_num, task.success_num, task.fail_num];
      expect(same(counts, [9, 100, 4, 1, 3]), counts);
      expect(Number.isInteger(task.finish_time), task);
      const got = task.task_info.map((i) => [i.code, i.name, i.user_id, i.mobile, i.departments]);
      const expected = [
        [0, '诺德', NEW_USER, NEW_USER_MOBILE, [NEW_DEPARTMENT]],
        [40015, '重号', undefined, '+8615000000007', ['ops']],
        [40016, '无部门', undefined, '+8613900002002', ['no_such_department']],
        [10013, '坏 ID', 'bad id', '+8613900002003', ['ops']],
      ];
      expect(same(got, expected), show(got, expected));
      expect(task.task_info[0].action === 1, task.task_info[0]);
      const ids = await admin.ids(NEW_USER);
      expect(task.task_info[0].open_id === ids.open_id, `task_info open_id ${task.task_info[0].open_id} != ${ids.open_id}`);
    });

    await check(USER_BATCH_ADD, 'the imported user is visible to findByUserList', async () => {
      expect(state.userTask, 'no user import was queued');
      const data = ok(await findByUserList([NEW_USER, 'c01'], { options: [2] }));
      const expected = [[NEW_USER, [[2, 0]], []], ...expectedStageTasks({ users: ['c01'], options: [2], keepEmpty: true })];
      const got = stageTaskValues(data.items);
      expect(same(got, expected), show(got, expected));
    });
  } finally {
    await setRunnerPaused(false);
  }

  await check(TASK_GET, 'an unknown task_id throws HTTP 400, 40020', () => rejects(getTask('0'.repeat(32)), 400, 40020));

  await check(TASK_GET, 'an app without the scope throws HTTP 400, 99991672', async () => {
    expect(state.userTask, 'no user import was queued');
    return rejects(getTask(state.userTask, noscope), 400, 99991672);
  });

  await check(USER_BATCH_ADD, 'a users list of the wrong type throws HTTP 400, 99992402',
    () => rejects(batchAdd('user', { users: { name: 'not a list' } }), 400, 99992402));

  await check(DEPARTMENT_BATCH_ADD, 'an app without the scope throws HTTP 400, 99991672',
    () => rejects(batchAdd('department', { departments: [{ id: 'x1', name: 'x', parent_id: '0' }] }, noscope), 400, 99991672));
}

main().catch((err) => {
  console.error(err);
  process.exit(2);
});

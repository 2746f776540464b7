"""lark-oapi (the official Feishu/Lark Python SDK) against openwork.

Drives the SDK's generated methods, unchanged but for `.domain(base)` and the app credentials
(app cli_compat_py), on:
  - the tenant/app token fetch the SDK does by itself (and a wrong secret);
  - performance v1 stage_task.find_by_page / find_by_user_list and semester.list, v2
    review_template.query, activity.query, reviewee.query, indicator.query, question.query,
    user_group_user_rel.write, user_info.query, review_data.query (v1 and v2),
    additional_information.import_ / query and additional_informations_batch.delete,
    metric_tag.list, metric_field.query, metric_lib.query, metric_template.query, and
    metric_detail.import_ / query;
  - report v1 task.query, rule.query and rule_view.remove;
  - authen v1 oidc_access_token / oidc_refresh_access_token and user_info, after a code from
    openwork's authorization page;
  - and, through the raw `client.request()` (no SDK wraps contact v2), the asynchronous
    contact v2 batch imports and task/get.

Every check compares what the SDK returns with compat/fixture.yaml and the rules of
docs/compat.md / docs/semantics.md: ids, names, statuses, counts and order, every page of a paged
call. Every response must carry the `X-Tt-Logid` header the SDK reads (case-sensitively) with
`get_log_id()`. Error paths are checked the way the SDK surfaces them against the real vendor:
a response with `success() == False`, the vendor code and the HTTP status.

Rate limits (per app, per minute): find_by_page 20 and find_by_user_list 20, semesters and
review templates 10, activities, indicators and questions 10, reviewees 20, user-group writes 20,
user_info 100, v1 and v2 review_datas 20 each, additional-information imports, queries and
deletions 10 each. This script stays under them: about 15, 8 (3 answered by an injected fault), 4 and 5 counted calls, then 3
activity queries, 12 reviewee queries, 6 indicator and 3 question queries, 2 writes, 4 user_info
queries (and 1 by cli_compat_plain), 7 v1 and 9 v2 review-data queries, 5 additional-information
imports (and 1 by cli_compat_plain), 9 queries and 2 deletions. Metric tags (10 a second), metric
fields, the metric library and metric templates (20 a minute each): 4 tag lists (and 1 by
cli_compat_plain), 3 field queries, 10 library queries, 9 template queries. Metric-detail imports
(10 a minute) and queries (20 a minute): 8 imports (and 1 by cli_compat_plain), 5 queries.
"""

import http.client
import json
import time
import urllib.parse
import urllib.request
from datetime import datetime

import lark_oapi as lark
from lark_oapi.api.auth.v3 import InternalTenantAccessTokenRequest, InternalTenantAccessTokenRequestBody
from lark_oapi.api.authen.v1 import (
    CreateOidcAccessTokenRequest,
    CreateOidcAccessTokenRequestBody,
    CreateOidcRefreshAccessTokenRequest,
    CreateOidcRefreshAccessTokenRequestBody,
    GetUserInfoRequest,
)
from lark_oapi.api.performance.v1 import (
    FindByPageStageTaskRequest,
    FindByPageStageTaskRequestBody,
    FindByUserListStageTaskRequest,
    FindByUserListStageTaskRequestBody,
    ListSemesterRequest,
)
from lark_oapi.api.performance.v1 import QueryReviewDataRequest as V1ReviewDataRequest
from lark_oapi.api.performance.v1 import QueryReviewDataRequestBody as V1ReviewDataRequestBody
from lark_oapi.api.performance.v2 import (
    AdditionalInformation,
    DeleteAdditionalInformationsBatchRequest,
    DeleteAdditionalInformationsBatchRequestBody,
    ImportAdditionalInformationRequest,
    ImportAdditionalInformationRequestBody,
    ImportedMetric,
    ImportedMetricField,
    ImportMetricDetailRequest,
    ImportMetricDetailRequestBody,
    ListMetricTagRequest,
    QueryActivityRequest,
    QueryActivityRequestBody,
    QueryAdditionalInformationRequest,
    QueryAdditionalInformationRequestBody,
    QueryIndicatorRequest,
    QueryIndicatorRequestBody,
    QueryMetricDetailRequest,
    QueryMetricDetailRequestBody,
    QueryMetricFieldRequest,
    QueryMetricFieldRequestBody,
    QueryMetricLibRequest,
    QueryMetricLibRequestBody,
    QueryMetricTemplateRequest,
    QueryMetricTemplateRequestBody,
    QueryQuestionRequest,
    QueryQuestionRequestBody,
    QueryReviewTemplateRequest,
    QueryReviewTemplateRequestBody,
    QueryRevieweeRequest,
    QueryRevieweeRequestBody,
    QueryUserInfoRequest,
    QueryUserInfoRequestBody,
    WriteUserGroupUserRelRequest,
    WriteUserGroupUserRelRequestBody,
)
from lark_oapi.api.performance.v2 import QueryReviewDataRequest as V2ReviewDataRequest
from lark_oapi.api.performance.v2 import QueryReviewDataRequestBody as V2ReviewDataRequestBody
from lark_oapi.api.report.v1 import (
    QueryRuleRequest,
    QueryTaskRequest,
    QueryTaskRequestBody,
    RemoveRuleViewRequest,
    RemoveRuleViewRequestBody,
)
from lark_oapi.core.exception import ObtainAccessTokenException
from lark_oapi.core.token import TokenManager

from harness import AdminApi, Harness, expect

SDK = "lark-oapi"
TENANT = "compat"
APP_ID, APP_SECRET = "cli_compat_py", "py-secret"
NOSCOPE_ID, NOSCOPE_SECRET = "cli_compat_noscope", "noscope-secret"
# performance read access without the user_snapshot field scopes (appended; Node uses it too)
PLAIN_ID, PLAIN_SECRET = "cli_compat_plain", "plain-secret"

# Endpoints, as the vendor documents them.
TENANT_TOKEN = "POST /open-apis/auth/v3/tenant_access_token/internal"
APP_TOKEN = "POST /open-apis/auth/v3/app_access_token/internal"
FIND_BY_PAGE = "POST /open-apis/performance/v1/stage_tasks/find_by_page"
FIND_BY_USER_LIST = "POST /open-apis/performance/v1/stage_tasks/find_by_user_list"
SEMESTERS = "GET /open-apis/performance/v1/semesters"
REVIEW_TEMPLATES = "POST /open-apis/performance/v2/review_templates/query"
ACTIVITIES = "POST /open-apis/performance/v2/activity/query"
REVIEWEES = "POST /open-apis/performance/v2/reviewees/query"
INDICATORS = "POST /open-apis/performance/v2/indicators/query"
QUESTIONS = "POST /open-apis/performance/v2/questions/query"
GROUP_WRITE = "POST /open-apis/performance/v2/user_group_user_rels/write"
PERF_USER_INFO = "POST /open-apis/performance/v2/user_info/query"
REVIEW_DATA_V1 = "POST /open-apis/performance/v1/review_datas/query"
REVIEW_DATA_V2 = "POST /open-apis/performance/v2/review_datas/query"
INFO_IMPORT = "POST /open-apis/performance/v2/additional_informations/import"
INFO_QUERY = "POST /open-apis/performance/v2/additional_informations/query"
INFO_DELETE = "DELETE /open-apis/performance/v2/additional_informations/batch"
METRIC_TAGS = "GET /open-apis/performance/v2/metric_tags"
METRIC_FIELDS = "POST /open-apis/performance/v2/metric_fields/query"
METRIC_LIBS = "POST /open-apis/performance/v2/metric_libs/query"
METRIC_TEMPLATES = "POST /open-apis/performance/v2/metric_templates/query"
METRIC_DETAIL_IMPORT = "POST /open-apis/performance/v2/metric_details/import"
METRIC_DETAIL_QUERY = "POST /open-apis/performance/v2/metric_details/query"
REPORT_TASKS = "POST /open-apis/report/v1/tasks/query"
REPORT_RULES = "GET /open-apis/report/v1/rules/query"
RULE_VIEWS_REMOVE = "POST /open-apis/report/v1/rules/:rule_id/views/remove"
OIDC_ACCESS_TOKEN = "POST /open-apis/authen/v1/oidc/access_token"
OIDC_REFRESH = "POST /open-apis/authen/v1/oidc/refresh_access_token"
USER_INFO = "GET /open-apis/authen/v1/user_info"
USER_BATCH_ADD = "POST /open-apis/contact/v2/user/batch_add"
DEPARTMENT_BATCH_ADD = "POST /open-apis/contact/v2/department/batch_add"
TASK_GET = "GET /open-apis/contact/v2/task/get"


def ms(rfc3339):
    return int(datetime.fromisoformat(rfc3339).timestamp() * 1000)


def seconds(rfc3339):
    return int(datetime.fromisoformat(rfc3339).timestamp())


# ---------------------------------------------------------------------------------------------
# The fixture (compat/fixture.yaml) as these checks expect to see it.

NOW_MS = ms("2024-06-15T10:00:00+08:00")  # the tenant's fixed clock
USER_IDS = [f"c{n:02d}" for n in range(1, 13)]
USER_NAMES = {uid: f"成员{int(uid[1:])}" for uid in USER_IDS}

SEMESTER_ID = "7300000000000000001"
EMPTY_SEMESTER_ID = "7300000000000000002"  # appended for these checks: no stages
STAGES = [
    {
        "stage_id": "7300000000000000011", "zh": "自评", "en": "Self review",
        "deadline": ms("2024-06-10T23:59:59+08:00"), "paused": False,
        "tasks": {uid: (2, 2 if uid in ("c03", "c06", "c09", "c12") else 1) for uid in USER_IDS},
    },
    {
        "stage_id": "7300000000000000012", "zh": "上级评估", "en": "Leader review",
        "deadline": ms("2024-06-30T23:59:59+08:00"), "paused": True,
        "tasks": {uid: (1, 0) for uid in USER_IDS[:6]},
    },
]

SEMESTERS_EXPECTED = {
    "7300000000000000001": {
        "year": 2024, "type_group": "Semi-annual", "type": "H1", "zh": "兼容性周期", "en": "Compat semester",
        "progress": "enabled", "start_time": str(ms("2024-01-01T00:00:00+08:00")),
        "end_time": str(ms("2024-06-30T23:59:59+08:00")),
        # create_time defaults to start_time, modify_time to create_time.
        "create_time": str(ms("2024-01-01T00:00:00+08:00")), "modify_time": str(ms("2024-01-01T00:00:00+08:00")),
        "create_user_id": "c01", "modify_user_id": None,
    },
    "7300000000000000002": {
        "year": 2023, "type_group": "Annual", "type": "Annual", "zh": "兼容性年度周期", "en": "Compat annual semester",
        "progress": "initiating", "start_time": str(ms("2023-01-01T00:00:00+08:00")),
        "end_time": str(ms("2023-12-31T23:59:59+08:00")),
        "create_time": str(ms("2022-12-01T10:00:00+08:00")), "modify_time": str(ms("2023-02-01T10:00:00+08:00")),
        "create_user_id": "c02", "modify_user_id": "c03",
    },
}

REVIEW_TEMPLATE_IDS = [f"740000000000000000{n}" for n in range(1, 6)]

# Activities, as (id, zh_cn, en_us, semester_id, mode, progress, create_time, modify_time,
# create_user_id, modify_user_id). Unset times default to the semester's create_time, an unset
# modify_time to the activity's create_time.
S1_CREATED = SEMESTERS_EXPECTED[SEMESTER_ID]["create_time"]
S2_CREATED = SEMESTERS_EXPECTED[EMPTY_SEMESTER_ID]["create_time"]
ACTIVITIES_EXPECTED = [
    ("7310000000000000001", "兼容评估", "Compat review", SEMESTER_ID, "performance_review", "enabled",
     str(ms("2024-01-02T09:00:00+08:00")), str(ms("2024-01-03T09:00:00+08:00")), "c01", "c02"),
    ("7310000000000000002", "兼容指标", "Compat metrics", SEMESTER_ID, "metric_development", "unable",
     S1_CREATED, S1_CREATED, None, None),
    ("7310000000000000003", "兼容 Python 组", "Compat Python group", SEMESTER_ID, "performance_review", "initiating",
     S1_CREATED, S1_CREATED, None, None),
    ("7310000000000000004", "兼容 Node 组", "Compat Node group", SEMESTER_ID,
     "metric_development_and_performance_review", "finished", S1_CREATED, S1_CREATED, None, None),
    ("7320000000000000001", "兼容年度评估", "Compat annual review", EMPTY_SEMESTER_ID, "performance_review",
     "configurable", S2_CREATED, S2_CREATED, None, None),
]
REVIEW_ACTIVITY, METRIC_ACTIVITY, PY_ACTIVITY = (a[0] for a in ACTIVITIES_EXPECTED[:3])
# The user groups the activities of the semester review (compat_py is this script's to write; Node
# writes compat_node, whose activity these checks leave out).
GROUP_MEMBERS = {
    REVIEW_ACTIVITY: ["c01", "c02", "c03"],   # compat_rd
    METRIC_ACTIVITY: ["c01", "c02", "c03", "c07", "c08"],  # compat_ops and compat_rd
    PY_ACTIVITY: ["c04", "c05"],  # compat_py
}
PY_GROUP = "compat_py"
PY_CLIENT_TOKEN = "compat-py-write-1"

# Indicators (id, zh_cn, en_us, type, options as (id, zh_cn, en_us, lable)) and questions (id,
# zh_cn, en_us, tag items as (id, zh_cn, en_us)), in ID order.
INDICATORS_EXPECTED = [
    ("7330000000000000001", "业绩", "Results", "general_review_item", [
        ("7330000000000000011", "卓越", "Outstanding", "S"),
        ("7330000000000000012", "良好", "Good", "A"),
        ("7330000000000000013", "待改进", "Needs improvement", "C"),
    ]),
    ("7330000000000000002", "加分项", "Bonus", "plus", []),
    ("7330000000000000003", "价值观", "Values", "okr_review_item", [("7330000000000000031", "符合", "Meets", "M")]),
]
QUESTIONS_EXPECTED = [
    ("7340000000000000001", "协作", "Collaboration", [
        ("7340000000000000011", "主动沟通", "Communicates proactively"),
        ("7340000000000000012", "乐于助人", "Helpful"),
    ]),
    ("7340000000000000002", "成长", "Growth", [("7340000000000000021", "学习快", "Learns fast")]),
]

# The module's view of the semester's reviewees (user_infos, appended): by user, (department as
# (department_id, name), direct leader, job family and job level as (id, zh_cn, en_us)). The
# directory fills in department and leader where the semester recorded none; the directory has
# one name per department, written in both languages. c13 is in no group: never a reviewee.
PERF_USER_INFOS = {
    "c01": (("rd", "研发部"), None, ("compat_rd_family", "研发", "Engineering"), ("compat_p6", "P6", "P6")),
    "c02": (("ops", "运营部"), "c01", None, None),  # the snapshot's department and leader
    "c03": (("rd", "研发部"), None, None, None),
    "c07": (("ops", "运营部"), None, None, ("compat_p5", "P5", "P5")),
}
NOT_REVIEWEE = "c13"

# Review results (appended): the records of the activity 兼容评估 (review template 模板1, whose one
# field 评分 rates with indicator 业绩 and tags with question 协作), in two stages that both follow
# the stage template 7410000000000000001. 自评 is a review stage (role reviewee) whose results open
# on 2024-06-20, after the tenant's clock; 上级评估 is the leader review, open since 2024-06-12.
SELF_REVIEW_STAGE, LEADER_REVIEW_STAGE = (s["stage_id"] for s in STAGES)
SELF_REVIEW_OPENS = "2024-06-20T00:00:00+08:00"
RESULT_STAGES = {  # stage_id: (stage_type, review_stage_role), in the semester's stage order
    SELF_REVIEW_STAGE: ("review", "reviewee"),
    LEADER_REVIEW_STAGE: ("leader_review", None),
}
STAGE_TEMPLATE_ID = "7410000000000000001"
STAGE_TEMPLATE = (STAGE_TEMPLATE_ID, "评估", "Review", "review")  # v1 templates: (id, zh, en, stage)
RESULT_UNIT = ("7420000000000000001", "业绩", "Results")
RESULT_FIELD = ("7430000000000000001", "评分", "Score", "7330000000000000001")  # (id, zh, en, indicator_id)
RESULT_QUESTION = "7340000000000000001"
# record_id: (stage_id, reviewee, reviewer, submit_time, values as (option_id, score, text, tags
# as (tag_id, text))), in record_id order. Every value answers the field 评分.
RESULT_RECORDS = {
    "7350000000000000001": (LEADER_REVIEW_STAGE, "c02", "c01", ms("2024-06-14T12:00:00+08:00"),
                            [("7330000000000000011", "95", "很好", [("7340000000000000011", "带新人")])]),
    "7350000000000000002": (LEADER_REVIEW_STAGE, "c03", "c01", None, [("7330000000000000012", None, None, [])]),
    "7350000000000000003": (LEADER_REVIEW_STAGE, "c01", None, ms("2024-06-13T09:00:00+08:00"),  # anonymous
                            [("7330000000000000013", None, "待提升", [])]),
    "7350000000000000004": (SELF_REVIEW_STAGE, "c02", "c02", ms("2024-06-09T12:00:00+08:00"),
                            [(None, "90", "自评", [("7340000000000000012", "答疑")])]),
    "7350000000000000005": (SELF_REVIEW_STAGE, "c03", "c03", None, []),
}


def record_progress(record_id):
    """docs/semantics.md: 3 once submitted; else 2 after the stage's deadline, 1 before it."""
    stage_id, _, _, submit_time, _ = RESULT_RECORDS[record_id]
    if submit_time is not None:
        return 3
    deadline = next(s["deadline"] for s in STAGES if s["stage_id"] == stage_id)
    return 2 if NOW_MS > deadline else 1


def result_details(record_id):
    """A record's values as (field_id, reviewer, submit_time, indicator_id, option_id, score, text,
    tag_based_question_id, tags): v2's ReviewDetail; v1 writes the same but the question."""
    _, _, reviewer, submit_time, values = RESULT_RECORDS[record_id]
    return [(RESULT_FIELD[0], reviewer, None if submit_time is None else str(submit_time), RESULT_FIELD[3],
             option, score, text, RESULT_QUESTION, tags) for option, score, text, tags in values]


def expected_results_v2(reviewees, stages, progresses=None, later_than=None):
    """v2 review_datas/query's datas as plain values: one profile per listed reviewee with records
    (all of activity 兼容评估), its stages in semester order, each stage's records by record_id."""
    datas = []
    for user in reviewees:
        found = []
        for stage_id, (stage_type, role) in RESULT_STAGES.items():
            records = [
                (record_id, record_progress(record_id),
                 [(RESULT_UNIT[0], result_details(record_id))] if record[4] else [])
                for record_id, record in RESULT_RECORDS.items()
                if record[0] == stage_id and record[1] == user and stage_id in stages
                and (progresses is None or record_progress(record_id) in progresses)
                and (later_than is None or (record[3] is not None and record[3] > later_than))
            ]
            if records:
                found.append((stage_id, stage_type, role, STAGE_TEMPLATE_ID, records))
        if found:
            datas.append((user, SEMESTER_ID, REVIEW_ACTIVITY, REVIEW_TEMPLATE_IDS[0], found))
    return datas


def expected_results_v1(reviewees, progresses=None):
    """v1 review_datas/query's datas as plain values: its stage types (the leader review here, the
    self review being a review stage) with the least advanced record's progress and every value."""
    datas = []
    for user in reviewees:
        records = [record_id for record_id, record in RESULT_RECORDS.items()
                   if record[0] == LEADER_REVIEW_STAGE and record[1] == user
                   and (progresses is None or record_progress(record_id) in progresses)]
        if not records:
            continue
        progress = min(record_progress(r) for r in records)
        details = [(STAGE_TEMPLATE_ID, RESULT_UNIT[0]) + d[:-2] for r in records for d in result_details(r)]
        datas.append((user, SEMESTER_ID, REVIEW_ACTIVITY, [("leader_review", progress, details)]))
    return datas


def expected_reviewees(activities, users=None):
    """(user_id, activity_ids) of the reviewees of `activities`, by user: members of their groups."""
    by_user = {}
    for activity in sorted(activities):
        for user in GROUP_MEMBERS[activity]:
            by_user.setdefault(user, []).append(activity)
    return [(user, by_user[user]) for user in sorted(by_user) if users is None or user in users]

# Additional information (补充信息, appended): the semester's items as (item_id, external_id,
# reviewee, item, time, detailed_description), in item_id order; an item imported without an
# external_id answers an empty one. This script imports, updates and deletes only items with the
# external IDs py-… and contents of its own; Node's (node-…) and openwork-sdk's (rust-…) are left
# out of what it compares, should one of them be left behind.
ADDITIONAL_INFOS = [
    ("7360000000000000001", "compat-okr-1", "c01", "主导评审", "2024-03", "按期上线"),
    ("7360000000000000002", "compat-okr-2", "c02", "带新人", "2024-04-01", "带两名新人入职"),
    ("7360000000000000003", "", "c01", "值班", "2024-05", "五月值班"),
]
OTHER_CLIENTS_INFOS = ("node-", "rust-")
PY_INFO_TOKEN = "compat-py-info-1"  # the first import's client_token, reused to be refused
# The items this script imports, as (external_id, reviewee, item, time, detailed_description).
PY_INFOS = [
    ("py-1", "c02", "Python 事项一", "2024-05-01", "Python 导入的第一项"),
    ("py-2", "c03", "Python 事项二", "2024-05-02", "Python 导入的第二项"),
]
UNKNOWN_INFO_ID = "7369999999999999999"

# Key-performance metrics (关键指标, appended), read only. Tags as (tag_id, zh_cn, en_us, index,
# create_time, update_time), by tag_id: an unset index is the tag's place in the fixture's list,
# an unset update_time its create_time. Fields as (field_id, zh_cn, en_us, type), by field_id.
METRIC_TAGS_EXPECTED = [
    ("7370000000000000001", "业务", "Business", 1, str(ms("2024-01-01T10:00:00+08:00")),
     str(ms("2024-01-01T10:00:00+08:00"))),
    ("7370000000000000002", "效率", "Efficiency", 5, str(ms("2024-01-02T10:00:00+08:00")),
     str(ms("2024-01-02T10:00:00+08:00"))),
    ("7370000000000000003", "质量", "Quality", 0, str(ms("2024-01-03T10:00:00+08:00")),
     str(ms("2024-02-01T10:00:00+08:00"))),
]
METRIC_FIELDS_EXPECTED = [
    ("7380000000000000001", "目标值", "Target", "number"),
    ("7380000000000000002", "完成率", "Completion", "pencentage"),
    ("7380000000000000003", "说明", "Notes", "text"),
    ("7380000000000000004", "负责人", "Owner", "person"),
]
# The library by metric_id: (metric_id, name, type_id, tags as (tag_id, zh_cn, en_us), fields as
# (field_id, input_setting, field_value, the person's user_id), scoring_setting_type, formula as
# (id, name, details), data-source inputters' user_ids, range_of_availability, is_active). Tags,
# fields and inputters come in the fixture's order.
QUALITY_TAG = ("7370000000000000003", "质量", "Quality")
BUSINESS_TAG = ("7370000000000000001", "业务", "Business")
EFFICIENCY_TAG = ("7370000000000000002", "效率", "Efficiency")
METRICS_EXPECTED = [
    ("7390000000000000001", "季度营收", "7391000000000000001", [QUALITY_TAG, BUSINESS_TAG],
     [("7380000000000000001", "admin", "1000000", None), ("7380000000000000004", "admin", None, "c01"),
      ("7380000000000000002", "data_source_inputter", None, None)],
     "score_by_formula", ("7392000000000000001", "线性", "score = completion * 100"), ["c03", "c02"],
     "only_admins", True),
    ("7390000000000000002", "故障数", "7391000000000000002", [QUALITY_TAG],
     [("7380000000000000003", "reviewee", None, None), ("7380000000000000004", "reviewee", None, None)],
     "score_manually", None, [], "admins_and_reviewees", True),
    ("7390000000000000003", "交付效率", "7391000000000000001", [EFFICIENCY_TAG], [], "score_manually", None, [],
     "admins_and_reviewees", False),
    ("7390000000000000004", "客户满意度", "7391000000000000002", [BUSINESS_TAG],
     [("7380000000000000001", "admin", "95", None)], "score_by_formula",
     ("7392000000000000002", "分段", "score = min(100, value)"), [], "admins_and_reviewees", True),
]
# The metric templates by ID: (id, zh_cn, en_us, description zh_cn, en_us, status,
# total_metric_score_method, metric_weight_method, dimensions as (dimension_id, zh_cn, en_us, weight,
# description zh_cn, en_us), metrics as (metric_id, dimension_id, min, max)). Dimensions and metrics
# come in the fixture's order; an unset weight, min or max is left out of the answer (None here), an
# unset description is empty in both languages.
METRIC_TEMPLATES_EXPECTED = [
    ("7393000000000000001", "研发指标", "R&D metrics", "研发团队的关键指标", "Key metrics of R&D", "enabled", "weight",
     "total_sum_of_all_metric_weight_equals_1",
     [("7394000000000000011", "业绩", "Results", "70", "业务结果", "Business results"),
      ("7394000000000000012", "质量", "Quality", "30", "", "")],
     [("7390000000000000001", "7394000000000000011", "0", "120"),
      ("7390000000000000002", "7394000000000000012", "0", None),
      ("7390000000000000004", "7394000000000000011", None, None)]),
    ("7393000000000000002", "运营指标", "Ops metrics", "", "", "disabled", "sum",
     "sum_of_metric_weights_for_each_dimension_equals_1",
     [("7394000000000000021", "效率", "Efficiency", None, "", "")],
     [("7390000000000000003", "7394000000000000021", None, "100")]),
    ("7393000000000000003", "待启用指标", "Pending metrics", "", "", "to_be_activated", "formula",
     "total_sum_of_all_metric_weight_equals_1",
     [("7394000000000000031", "综合", "Overall", "100", "", "")],
     [("7390000000000000002", "7394000000000000031", "1", "10")]),
]
UNKNOWN_TEMPLATE_ID = "7393999999999999999"


def expected_metric_template(template):
    """A template of METRIC_TEMPLATES_EXPECTED as the answer has it: each metric with the library's
    name, type, fields, scoring (manual scoring spelt `socre_manually`, as the vendor does) and
    data-source inputters, `is_from_library` true; never set per group."""
    *head, dimensions, metrics = template
    library = {m[0]: m for m in METRICS_EXPECTED}

    def metric(metric_id, dimension_id, low, high):
        _, name, type_id, _, fields, scoring, _, inputters, _, _ = library[metric_id]
        scoring = "socre_manually" if scoring == "score_manually" else scoring
        return (metric_id, name, type_id, fields, True, scoring, inputters, dimension_id, low, high)

    return (*head[:6], False, *head[6:], dimensions, [metric(*m) for m in metrics], [])

# Metric details (指标明细, appended): the activity 兼容指标 names the template 研发指标, so its
# reviewees (c01, c02, c03 of compat_rd, c07, c08 of compat_ops) have the template's metrics; c04
# and c05 (兼容 Python 组, no template) have none. The fixture loads c01's values, which no check
# writes; each client imports into a reviewee of its own (this script c02, Node c03, openwork-sdk
# c07), so that what it reads back is its own. The semester's kpi_metric_setting stage has no
# tasks: status 0 for everyone.
DETAILS_TEMPLATE_ID = "7393000000000000001"
DETAILS_STAGES = [("7300000000000000013", "kpi_metric_setting", 0)]
# c01's values as the fixture loads them: {(metric_id, field_id): (field_value, person's user_id)}.
FIXTURE_METRIC_VALUES = {
    ("7390000000000000001", "7380000000000000002"): ("92.5", None),
    ("7390000000000000002", "7380000000000000003"): ("兼容说明", None),
    ("7390000000000000002", "7380000000000000004"): (None, "c02"),
}
PY_REVIEWEE = "c02"
PY_METRIC_TOKEN = "compat-py-metric-1"  # the first import's client_token, reused to be refused
# What this script imports for c02: (reviewee, metric_id, fields as (field_id, field_value,
# field_value_person)).
PY_METRICS = [
    (PY_REVIEWEE, "7390000000000000001", [("7380000000000000002", "87.5", None)]),
    (PY_REVIEWEE, "7390000000000000002", [("7380000000000000003", "Python 导入的说明", None),
                                          ("7380000000000000004", None, "c05")]),
]
# A value for c02 that only refused imports carry: it must never land.
PY_UNWRITTEN = (PY_REVIEWEE, "7390000000000000002", [("7380000000000000003", "不应写入", None)])
UNKNOWN_SEMESTER_ID = "7309999999999999999"


def imported_values(metrics):
    """{(metric_id, field_id): (field_value, person)} of imported metrics."""
    return {(metric_id, field_id): (value, person)
            for _, metric_id, fields in metrics for field_id, value, person in fields}


def expected_metric_details(reviewee, values, user=lambda user_id: user_id):
    """metric_details/query's entries for one reviewee of template 研发指标: one per metric, in the
    template's order, with its dimension, `add_from` admin, from the library, and every field of the
    library metric with the value written (`values`), else the library's (admin fields). People are
    named by `user(user_id)`."""
    template = next(t for t in METRIC_TEMPLATES_EXPECTED if t[0] == DETAILS_TEMPLATE_ID)
    dimensions = {d[0]: d for d in template[8]}
    library = {m[0]: m for m in METRICS_EXPECTED}
    entries = []
    for metric_id, dimension_id, _, _ in template[9]:
        name, fields = library[metric_id][1], library[metric_id][4]
        _, zh, en, weight, _, _ = dimensions[dimension_id]
        written = []
        for field_id, _, value, person in fields:
            value, person = values.get((metric_id, field_id), (value, person))
            written.append((field_id, value, None if person is None else user(person)))
        entries.append((user(reviewee), DETAILS_TEMPLATE_ID, metric_id, name, dimension_id, zh, en, weight, "admin",
                        True, written, DETAILS_STAGES))
    return entries


RULE_ID = "7500000000000000001"  # 兼容周报
DELETED_RULE_ID = "7500000000000000002"  # 兼容旧周报, deleted (appended)
VIEWS_RULE_ID = "7500000000000000003"  # 兼容看板 Python: only this script removes its views (appended)
# The eight reports of rule 兼容周报: (task_id, sender, commit time, value of 本周工作).
REPORTS = [
    (f"752000000000000000{n}", sender, seconds(f"2024-06-0{n}T18:00:00+08:00"), f"工作{n}")
    for n, sender in zip(range(1, 9), ["c03", "c04", "c02", "c03", "c04", "c02", "c03", "c04"])
]

# Contact v2 imports: IDs and mobiles only this client uses (Node runs against the same server).
NEW_DEPARTMENT = "py_dept"
NEW_USER = "py_user1"
NEW_USER_MOBILE = "+8613900001001"


def stage_task_status(stage, need_todo, finished):
    """docs/semantics.md, "Performance": the status and task option of one (user, stage)."""
    if stage["paused"]:
        return "stage_pause", 1
    if finished >= need_todo:
        return "all_done", 2
    if stage["deadline"] < NOW_MS:  # the compat tenant does not allow late submission
        return "overdue", 3
    return "need_todo", 1


def expected_stage_tasks(users=None, options=None, after=None, before=None, keep_empty=False):
    """The items find_by_page (users=None) or find_by_user_list would return, as plain values."""
    items = []
    for user in users if users is not None else USER_IDS:
        infos = []
        for stage in sorted(STAGES, key=lambda s: (s["deadline"], s["stage_id"])):
            if user not in stage["tasks"]:
                continue
            need_todo, finished = stage["tasks"][user]
            status, option = stage_task_status(stage, need_todo, finished)
            if options and option not in options:
                continue
            if (after is not None and stage["deadline"] < after) or (before is not None and stage["deadline"] > before):
                continue
            infos.append((stage["stage_id"], stage["zh"], stage["en"], str(stage["deadline"]),
                          need_todo, finished, status, option))
        counts = [(option, sum(1 for info in infos if info[7] == option)) for option in (options or [1, 2, 3])]
        if infos or keep_empty:
            items.append((user, counts, infos))
    return items


def stage_task_values(items, user_of=lambda user_id: user_id):
    """The SDK's StageTask models as the plain values expected_stage_tasks() builds."""
    return [
        (
            user_of(item.user_id),
            [(n.task_option_id, n.stage_num) for n in item.stage_num_lists or []],
            [(t.stage_id, t.name.zh_cn, t.name.en_us, t.deadline, t.need_todo_count, t.finished_count,
              t.stage_task_status, t.task_option_id) for t in item.stage_task_info_lists or []],
        )
        for item in items or []
    ]


# ---------------------------------------------------------------------------------------------
# How a response must look.

def log_id(resp):
    """The SDK's get_log_id(): the `X-Tt-Logid` header, looked up case-sensitively."""
    value = resp.get_log_id()
    expect(isinstance(value, str) and value != "", f"get_log_id() gave {value!r}: no X-Tt-Logid header")
    return value


def ok(resp):
    """A successful SDK response: log id, code 0, HTTP 200. Returns `data` (None if the model has none)."""
    log_id(resp)
    expect(resp.success(), f"code={resp.code} msg={resp.msg} HTTP {resp.raw.status_code}")
    expect(resp.raw.status_code == 200, f"HTTP {resp.raw.status_code}")
    return getattr(resp, "data", None)


def refused(resp, code, status):
    """A refusal as the SDK surfaces it: success() is False, with the vendor's code and HTTP status."""
    lid = log_id(resp)
    expect(not resp.success(), f"expected code {code}, got success: {resp.raw.content[:300]!r}")
    expect(resp.code == code, f"expected code {code}, got {resp.code} {resp.msg}")
    expect(resp.raw.status_code == status, f"expected HTTP {status}, got {resp.raw.status_code}")
    if isinstance(resp.error, dict) and "log_id" in resp.error:
        expect(resp.error["log_id"] == lid, f"error.log_id {resp.error['log_id']} != X-Tt-Logid {lid}")
    return f"code {resp.code} (HTTP {resp.raw.status_code}): {resp.msg}"


def raw_json(resp):
    return json.loads(resp.raw.content)


# ---------------------------------------------------------------------------------------------
# openwork's admin API and its authorization page (plain HTTP, not the SDK).

class Admin(AdminApi):
    def ids(self, user_id, app_id=APP_ID):
        """{"user_id","open_id","union_id"} of a user as `app_id` sees them."""
        return self.call("GET", f"/tenants/{TENANT}/users/{urllib.parse.quote(user_id)}/ids?app_id={app_id}")

    def user_token(self, user_id):
        return self.call("POST", f"/tenants/{TENANT}/user_access_tokens",
                         {"app_id": APP_ID, "user_id": user_id})["access_token"]


def authorization_code(base, user_id, state="s"):
    """A code from openwork's authorization page: GET .../authorize answers 302 to redirect_uri.
    Fetched without following the redirect (http.client never follows one)."""
    url = urllib.parse.urlsplit(base)
    query = urllib.parse.urlencode({"client_id": APP_ID, "redirect_uri": "https://example.invalid/cb",
                                    "state": state, "user_id": user_id})
    conn = http.client.HTTPConnection(url.hostname, url.port)
    try:
        conn.request("GET", f"/open-apis/authen/v1/authorize?{query}")
        res = conn.getresponse()
        res.read()
        location = res.getheader("Location") or ""
        expect(res.status == 302, f"authorize answered HTTP {res.status}, not 302")
    finally:
        conn.close()
    target = urllib.parse.urlsplit(location)
    expect(f"{target.scheme}://{target.netloc}{target.path}" == "https://example.invalid/cb", location)
    params = urllib.parse.parse_qs(target.query)
    expect(params.get("state") == [state], f"state not echoed: {location}")
    expect(params.get("code", [""])[0] != "", f"no code: {location}")
    return params["code"][0]


# ---------------------------------------------------------------------------------------------

def build_client(base, app_id, app_secret, set_token=False):
    builder = lark.Client.builder().app_id(app_id).app_secret(app_secret).domain(base).log_level(lark.LogLevel.ERROR)
    if set_token:
        builder = builder.enable_set_token(True)
    return builder.build()


def user_option(token):
    return lark.RequestOption.builder().user_access_token(token).build()


def raw_request(client, method, uri, body=None, queries=None):
    """client.request(): the SDK's raw call. It adds no Content-Type, so JSON bodies say so."""
    builder = (lark.BaseRequest.builder().http_method(method).uri(uri)
               .token_types({lark.AccessTokenType.TENANT}))
    if body is not None:
        builder = builder.headers({"Content-Type": "application/json; charset=utf-8"}).body(body)
    if queries:
        builder = builder.queries(queries)
    return client.request(builder.build())


def raw_ok(resp):
    """A raw client.request() answer: the SDK parsed `code` 0 from the JSON body."""
    expect(resp.code == 0, f"client.request parsed code={resp.code} (HTTP {resp.raw.status_code}): {resp.raw.content[:300]!r}")
    payload = raw_json(resp)
    expect(payload.get("code") == 0, f"client.request said code 0 for {resp.raw.content[:300]!r}")
    log_id(resp)
    return payload["data"]


def main():
    h = Harness()
    base = h.base
    admin = Admin(base, h.admin_token)
    client = build_client(base, APP_ID, APP_SECRET)
    noscope = build_client(base, NOSCOPE_ID, NOSCOPE_SECRET)
    plain = build_client(base, PLAIN_ID, PLAIN_SECRET)
    # enable_set_token: tokens passed in RequestOption are used (the only way to a user token).
    token_client = build_client(base, APP_ID, APP_SECRET, set_token=True)
    state = {}

    def find_by_page(page_size=None, page_token=None, options=None, after=None, before=None,
                     semester_id=SEMESTER_ID, user_id_type="user_id", sdk_client=None):
        body = FindByPageStageTaskRequestBody.builder().semester_id(semester_id)
        if page_size is not None:
            body = body.page_size(page_size)
        if page_token is not None:
            body = body.page_token(page_token)
        if options is not None:
            body = body.task_option_lists(options)
        if after is not None:
            body = body.after_time(after)
        if before is not None:
            body = body.before_time(before)
        request = FindByPageStageTaskRequest.builder().user_id_type(user_id_type).request_body(body.build()).build()
        return (sdk_client or client).performance.v1.stage_task.find_by_page(request)

    def find_by_user_list(users, options=None, user_id_type=None, option=None, sdk_client=None):
        body = FindByUserListStageTaskRequestBody.builder().semester_id(SEMESTER_ID).user_id_lists(users)
        if options is not None:
            body = body.task_option_lists(options)
        request = FindByUserListStageTaskRequest.builder()
        if user_id_type is not None:
            request = request.user_id_type(user_id_type)
        request = request.request_body(body.build()).build()
        return (sdk_client or client).performance.v1.stage_task.find_by_user_list(request, option)

    def list_semesters(year=None, type_group=None, semester_type=None, user_id_type=None, sdk_client=None):
        request = ListSemesterRequest.builder()
        if year is not None:
            request = request.year(year)
        if type_group is not None:
            request = request.type_group(type_group)
        if semester_type is not None:
            request = request.type(semester_type)
        if user_id_type is not None:
            request = request.user_id_type(user_id_type)
        return (sdk_client or client).performance.v1.semester.list(request.build())

    def query_review_templates(page_size=None, page_token=None, ids=None, sdk_client=None):
        request = QueryReviewTemplateRequest.builder()
        if page_size is not None:
            request = request.page_size(page_size)
        if page_token is not None:
            request = request.page_token(page_token)
        body = QueryReviewTemplateRequestBody.builder()
        if ids is not None:
            body = body.review_template_ids(ids)
        return (sdk_client or client).performance.v2.review_template.query(request.request_body(body.build()).build())

    def query_activities(semester_ids=None, activity_ids=None, user_id_type="user_id", sdk_client=None):
        body = QueryActivityRequestBody.builder()
        if semester_ids is not None:
            body = body.semester_ids(semester_ids)
        if activity_ids is not None:
            body = body.activity_ids(activity_ids)
        request = QueryActivityRequest.builder()
        if user_id_type is not None:
            request = request.user_id_type(user_id_type)
        return (sdk_client or client).performance.v2.activity.query(request.request_body(body.build()).build())

    def query_reviewees(semester_id=int(SEMESTER_ID), activity_ids=None, user_ids=None, page_size=None,
                        page_token=None, user_id_type="user_id", sdk_client=None):
        body = QueryRevieweeRequestBody.builder().semester_id(semester_id)
        if activity_ids is not None:
            body = body.activity_ids(activity_ids)  # typed List[str] by lark-oapi
        if user_ids is not None:
            body = body.user_ids(user_ids)
        request = QueryRevieweeRequest.builder().user_id_type(user_id_type)
        if page_size is not None:
            request = request.page_size(page_size)
        if page_token is not None:
            request = request.page_token(page_token)
        return (sdk_client or client).performance.v2.reviewee.query(request.request_body(body.build()).build())

    def query_indicators(page_size=None, page_token=None, ids=None, sdk_client=None):
        request = QueryIndicatorRequest.builder()
        if page_size is not None:
            request = request.page_size(page_size)
        if page_token is not None:
            request = request.page_token(page_token)
        body = QueryIndicatorRequestBody.builder()
        if ids is not None:
            body = body.indicator_ids(ids)
        return (sdk_client or client).performance.v2.indicator.query(request.request_body(body.build()).build())

    def query_questions(page_size=None, page_token=None, ids=None, sdk_client=None):
        request = QueryQuestionRequest.builder()
        if page_size is not None:
            request = request.page_size(page_size)
        if page_token is not None:
            request = request.page_token(page_token)
        body = QueryQuestionRequestBody.builder()
        if ids is not None:
            body = body.tag_based_question_ids(ids)
        return (sdk_client or client).performance.v2.question.query(request.request_body(body.build()).build())

    def write_group(group_id, user_ids, client_token, scope_visible_setting=None, sdk_client=None):
        body = WriteUserGroupUserRelRequestBody.builder().group_id(group_id).user_ids(user_ids)
        if scope_visible_setting is not None:
            body = body.scope_visible_setting(scope_visible_setting)
        request = (WriteUserGroupUserRelRequest.builder().client_token(client_token).user_id_type("user_id")
                   .request_body(body.build()).build())
        return (sdk_client or client).performance.v2.user_group_user_rel.write(request)

    def query_user_infos(user_ids, department_id_type=None, semester_id=SEMESTER_ID, sdk_client=None):
        body = QueryUserInfoRequestBody.builder().semester_id(semester_id).user_ids(user_ids).build()
        request = QueryUserInfoRequest.builder().user_id_type("user_id")
        if department_id_type is not None:
            request = request.department_id_type(department_id_type)
        return (sdk_client or client).performance.v2.user_info.query(request.request_body(body).build())

    def query_results_v1(reviewees, semester_ids=None, window=None, stage_types=None, progresses=None,
                         option=None, sdk_client=None):
        body = V1ReviewDataRequestBody.builder().reviewee_user_id_list(reviewees)
        if semester_ids is not None:
            body = body.semester_id_list(semester_ids)
        if window is not None:
            body = body.start_time(window[0]).end_time(window[1])
        if stage_types is not None:
            body = body.stage_types(stage_types)
        if progresses is not None:
            body = body.stage_progress(progresses)
        request = V1ReviewDataRequest.builder().user_id_type("user_id").request_body(body.build()).build()
        return (sdk_client or client).performance.v1.review_data.query(request, option)

    def query_results_v2(reviewees, stage_types=None, stage_ids=None, roles=None, progresses=None, later_than=None):
        # lark-oapi types semester_ids and stage_ids as List[int]: it sends JSON numbers.
        body = V2ReviewDataRequestBody.builder().semester_ids([int(SEMESTER_ID)]).reviewee_user_ids(reviewees)
        if stage_types is not None:
            body = body.stage_types(stage_types)
        if stage_ids is not None:
            body = body.stage_ids(stage_ids)
        if roles is not None:
            body = body.review_stage_roles(roles)
        if progresses is not None:
            body = body.stage_progresses(progresses)
        if later_than is not None:
            body = body.updated_later_than(later_than)
        request = V2ReviewDataRequest.builder().user_id_type("user_id").request_body(body.build()).build()
        return client.performance.v2.review_data.query(request)

    def import_infos(items, client_token, sdk_client=None):
        """items as (item_id or None, external_id or None, reviewee, item, time, description)."""
        infos = []
        for item_id, external_id, reviewee, item, time, description in items:
            info = (AdditionalInformation.builder().reviewee_user_id(reviewee).item(item).time(time)
                    .detailed_description(description))
            if item_id is not None:
                info = info.item_id(int(item_id))  # lark-oapi types item_id as int: a JSON number
            if external_id is not None:
                info = info.external_id(external_id)
            infos.append(info.build())
        body = (ImportAdditionalInformationRequestBody.builder().semester_id(SEMESTER_ID)
                .additional_informations(infos).import_record_name("兼容 Python 导入").build())
        request = (ImportAdditionalInformationRequest.builder().client_token(client_token).user_id_type("user_id")
                   .request_body(body).build())
        return (sdk_client or client).performance.v2.additional_information.import_(request)

    def query_infos(item_ids=None, external_ids=None, reviewee_ids=None, page_size=None, page_token=None,
                    user_id_type="user_id"):
        body = QueryAdditionalInformationRequestBody.builder().semester_id(SEMESTER_ID)
        if item_ids is not None:
            body = body.item_ids(item_ids)  # typed List[str] by lark-oapi
        if external_ids is not None:
            body = body.external_ids(external_ids)
        if reviewee_ids is not None:
            body = body.reviewee_user_ids(reviewee_ids)
        request = QueryAdditionalInformationRequest.builder()
        if user_id_type is not None:
            request = request.user_id_type(user_id_type)
        if page_size is not None:
            request = request.page_size(page_size)
        if page_token is not None:
            request = request.page_token(page_token)
        return client.performance.v2.additional_information.query(request.request_body(body.build()).build())

    def delete_infos(item_ids):
        # lark-oapi types the item IDs as List[int]: it sends JSON numbers, in a DELETE's body.
        body = (DeleteAdditionalInformationsBatchRequestBody.builder().semester_id(SEMESTER_ID)
                .additional_informations([int(i) for i in item_ids]).build())
        request = DeleteAdditionalInformationsBatchRequest.builder().user_id_type("user_id").request_body(body).build()
        return client.performance.v2.additional_informations_batch.delete(request)

    def list_metric_tags(page_size=None, page_token=None, tag_ids=None, sdk_client=None):
        request = ListMetricTagRequest.builder()
        if page_size is not None:
            request = request.page_size(page_size)
        if page_token is not None:
            request = request.page_token(page_token)
        if tag_ids is not None:
            request = request.tag_ids(tag_ids)  # a list: the SDK repeats the query key
        return (sdk_client or client).performance.v2.metric_tag.list(request.build())

    def query_metric_fields(field_ids=None):
        body = QueryMetricFieldRequestBody.builder()
        if field_ids is not None:
            body = body.field_ids(field_ids)
        return client.performance.v2.metric_field.query(QueryMetricFieldRequest.builder().request_body(body.build()).build())

    def query_metric_libs(page_size=None, page_token=None, user_id_type="user_id", **filters):
        body = QueryMetricLibRequestBody.builder()
        for name, value in filters.items():  # is_active, tag_ids, type_ids, range_of_availability, ...
            body = getattr(body, name)(value)
        request = QueryMetricLibRequest.builder()
        if user_id_type is not None:
            request = request.user_id_type(user_id_type)
        if page_size is not None:
            request = request.page_size(page_size)
        if page_token is not None:
            request = request.page_token(page_token)
        return client.performance.v2.metric_lib.query(request.request_body(body.build()).build())

    def query_metric_templates(page_size=None, page_token=None, user_id_type="user_id", ids=None, status=None):
        body = QueryMetricTemplateRequestBody.builder()
        if ids is not None:
            body = body.metrics_template_ids(ids)  # the vendor's name, with the `s`
        if status is not None:
            body = body.status(status)
        request = QueryMetricTemplateRequest.builder()
        if user_id_type is not None:
            request = request.user_id_type(user_id_type)
        if page_size is not None:
            request = request.page_size(page_size)
        if page_token is not None:
            request = request.page_token(page_token)
        return client.performance.v2.metric_template.query(request.request_body(body.build()).build())

    def import_metric_details(metrics, client_token, semester_id=SEMESTER_ID, sdk_client=None):
        """metrics as (reviewee, metric_id, fields as (field_id, field_value, field_value_person)).
        lark-oapi types semester_id, metric_id and field_id as int: it sends JSON numbers."""
        imported = []
        for reviewee, metric_id, fields in metrics:
            built = []
            for field_id, value, person in fields:
                field = ImportedMetricField.builder().field_id(int(field_id))
                if value is not None:
                    field = field.field_value(value)
                if person is not None:
                    field = field.field_value_person(person)
                built.append(field.build())
            imported.append(ImportedMetric.builder().reviewee_user_id(reviewee).metric_id(int(metric_id))
                            .fields(built).build())
        body = (ImportMetricDetailRequestBody.builder().semester_id(int(semester_id))
                .import_record_name("兼容 Python 指标导入").imported_metrics(imported).build())
        request = (ImportMetricDetailRequest.builder().client_token(client_token).user_id_type("user_id")
                   .request_body(body).build())
        return (sdk_client or client).performance.v2.metric_detail.import_(request)

    def query_metric_details(reviewees, user_id_type="user_id", semester_id=SEMESTER_ID):
        body = (QueryMetricDetailRequestBody.builder().semester_id(int(semester_id))  # a JSON number
                .reviewee_user_ids(reviewees).build())
        request = QueryMetricDetailRequest.builder()
        if user_id_type is not None:
            request = request.user_id_type(user_id_type)
        return client.performance.v2.metric_detail.query(request.request_body(body).build())

    def query_reports(start, end, page_size, page_token="", rule_id=None, user_id=None,
                      user_id_type="user_id", option=None, sdk_client=None):
        body = QueryTaskRequestBody.builder().page_size(page_size).page_token(page_token)
        if start is not None:
            body = body.commit_start_time(start)
        if end is not None:
            body = body.commit_end_time(end)
        if rule_id is not None:
            body = body.rule_id(rule_id)
        if user_id is not None:
            body = body.user_id(user_id)
        request = QueryTaskRequest.builder().user_id_type(user_id_type).request_body(body.build()).build()
        return (sdk_client or client).report.v1.task.query(request, option)

    def query_rules(rule_name=None, include_deleted=None, user_id_type="user_id", sdk_client=None):
        request = QueryRuleRequest.builder().user_id_type(user_id_type)
        if rule_name is not None:
            request = request.rule_name(rule_name)
        if include_deleted is not None:
            request = request.include_deleted(include_deleted)
        return (sdk_client or client).report.v1.rule.query(request.build())

    def remove_views(rule_id, user_ids, sdk_client=None):
        request = (RemoveRuleViewRequest.builder().rule_id(rule_id).user_id_type("user_id")
                   .request_body(RemoveRuleViewRequestBody.builder().user_ids(user_ids).build()).build())
        return (sdk_client or client).report.v1.rule_view.remove(request)

    def exchange_code(code, option=None, sdk_client=None):
        body = CreateOidcAccessTokenRequestBody.builder().grant_type("authorization_code").code(code).build()
        request = CreateOidcAccessTokenRequest.builder().request_body(body).build()
        return (sdk_client or client).authen.v1.oidc_access_token.create(request, option)

    def refresh(refresh_token):
        body = CreateOidcRefreshAccessTokenRequestBody.builder().grant_type("refresh_token").refresh_token(refresh_token).build()
        return client.authen.v1.oidc_refresh_access_token.create(
            CreateOidcRefreshAccessTokenRequest.builder().request_body(body).build())

    def user_info(token):
        return token_client.authen.v1.user_info.get(GetUserInfoRequest.builder().build(), user_option(token))

    # ------------------------------------------------------------------ tokens

    def wrong_secret_raises():
        # Runs before anything else: the SDK's token cache is process-global and keyed by app_id,
        # so this must be the first tenant token fetch for cli_compat_py.
        wrong = build_client(base, APP_ID, "not-the-secret")
        try:
            wrong.performance.v1.semester.list(ListSemesterRequest.builder().build())
        except ObtainAccessTokenException as err:
            expect(err.code == 10003, f"code {err.code}: {err.msg}")
            expect(err.msg == "invalid param", err.msg)
            return str(err)
        raise AssertionError("a wrong app_secret did not raise ObtainAccessTokenException")

    def generated_internal_with_wrong_secret():
        body = InternalTenantAccessTokenRequestBody.builder().app_id(APP_ID).app_secret("not-the-secret").build()
        resp = client.auth.v3.tenant_access_token.internal(InternalTenantAccessTokenRequest.builder().request_body(body).build())
        return refused(resp, 10003, 200)

    def sdk_obtains_tenant_token():
        token = TokenManager.get_self_tenant_token(client.config)
        expect(isinstance(token, str) and token.startswith("t-"), f"tenant token {token!r}")
        expect(TokenManager.get_self_tenant_token(client.config) == token, "the SDK did not cache the token")
        body = InternalTenantAccessTokenRequestBody.builder().app_id(APP_ID).app_secret(APP_SECRET).build()
        resp = client.auth.v3.tenant_access_token.internal(InternalTenantAccessTokenRequest.builder().request_body(body).build())
        ok(resp)
        payload = raw_json(resp)
        expect(payload.get("tenant_access_token") == token, f"same token while >= 30 min remain: {payload}")
        expect(isinstance(payload.get("expire"), int) and 600 < payload["expire"] <= 7200, payload)
        return f"expire {payload['expire']}"

    def sdk_obtains_app_token():
        token = TokenManager.get_self_app_token(client.config)
        expect(isinstance(token, str) and token.startswith("t-"), f"app token {token!r}")
        expect(TokenManager.get_self_app_token(client.config) == token, "the SDK did not cache the app token")

    # ------------------------------------------------------------------ find_by_page

    def find_by_page_every_page():
        seen, tokens = [], []
        page_token = None
        for _ in range(10):
            data = ok(find_by_page(page_size=5, page_token=page_token))
            expect(data.base.semester_id == SEMESTER_ID, f"base.semester_id {data.base.semester_id!r}")
            expect((data.base.semester_name.zh_cn, data.base.semester_name.en_us) == ("兼容性周期", "Compat semester"),
                   vars(data.base.semester_name))
            expect((data.base.start_time, data.base.end_time) == (SEMESTERS_EXPECTED[SEMESTER_ID]["start_time"],
                                                                  SEMESTERS_EXPECTED[SEMESTER_ID]["end_time"]),
                   (data.base.start_time, data.base.end_time))
            expect(len(data.items) <= 5, f"{len(data.items)} items on a page of 5")
            seen += stage_task_values(data.items)
            if not data.has_more:
                expect(not data.page_token, f"page_token {data.page_token!r} with has_more false")
                break
            expect(data.page_token, "has_more without a page_token")
            tokens.append(data.page_token)
            page_token = data.page_token
        expected = expected_stage_tasks()
        expect(seen == expected, f"got {seen}\nexpected {expected}")
        return f"{len(seen)} users on {len(tokens) + 1} pages"

    def find_by_page_vendor_i18n_keys():
        resp = find_by_page(page_size=1)
        ok(resp)
        item = raw_json(resp)["data"]["items"][0]["stage_task_info_lists"][0]
        expect(item["name"].get("zh-CN") == "自评" and item["name"].get("en-US") == "Self review", item["name"])

    def find_by_page_overdue_only():
        data = ok(find_by_page(page_size=50, options=[3]))
        expected = expected_stage_tasks(options=[3])
        got = stage_task_values(data.items)
        expect(got == expected, f"got {got}\nexpected {expected}")
        expect(not data.has_more, "has_more on the only page")
        return f"{len(got)} users overdue"

    def find_by_page_deadline_window():
        after = STAGES[1]["deadline"]  # inclusive bound: exactly the leader review's deadline
        data = ok(find_by_page(page_size=50, after=after))
        expected = expected_stage_tasks(after=after)
        got = stage_task_values(data.items)
        expect(got == expected, f"after_time: got {got}\nexpected {expected}")
        before = STAGES[0]["deadline"]
        data = ok(find_by_page(page_size=50, before=before))
        expected = expected_stage_tasks(before=before)
        got = stage_task_values(data.items)
        expect(got == expected, f"before_time: got {got}\nexpected {expected}")

    def find_by_page_open_ids():
        data = ok(find_by_page(page_size=2, user_id_type="open_id"))
        open_ids = [admin.ids(uid)["open_id"] for uid in USER_IDS[:2]]
        expect([item.user_id for item in data.items] == open_ids, ([i.user_id for i in data.items], open_ids))

    def find_by_page_empty_semester():
        data = ok(find_by_page(semester_id=EMPTY_SEMESTER_ID))
        expect(data.base.semester_id == EMPTY_SEMESTER_ID, f"base.semester_id {data.base.semester_id!r}")
        expect(not data.items and not data.has_more, (data.items, data.has_more))

    def find_by_page_page_size_too_big():
        return refused(find_by_page(page_size=51), 1580102, 400)

    def find_by_page_unknown_semester():
        return refused(find_by_page(semester_id="7300000000000000099"), 1580102, 400)

    def find_by_page_token_with_other_filters():
        first = ok(find_by_page(page_size=5))
        expect(first.has_more and first.page_token, "no page token on a first page of 5")
        return refused(find_by_page(page_size=5, page_token=first.page_token, options=[2]), 1580102, 400)

    def find_by_page_unknown_user_id_type():
        return refused(find_by_page(user_id_type="people_id"), 99992402, 400)

    def find_by_page_without_scope():
        return refused(find_by_page(sdk_client=noscope), 99991672, 400)

    def find_by_page_invalid_tenant_token():
        option = lark.RequestOption.builder().tenant_access_token("t-not-a-token").build()
        request = (FindByPageStageTaskRequest.builder().request_body(
            FindByPageStageTaskRequestBody.builder().semester_id(SEMESTER_ID).build()).build())
        return refused(token_client.performance.v1.stage_task.find_by_page(request, option), 99991663, 400)

    # ------------------------------------------------------------------ find_by_user_list

    def find_by_user_list_keeps_order():
        # Default user_id_type (open_id): ids from the admin API; an unknown open_id is left out.
        order = ["c12", "c07", "c03"]
        open_ids = {admin.ids(uid)["open_id"]: uid for uid in order}
        listed = list(open_ids) + ["ou_00000000000000000000000000000000"]
        data = ok(find_by_user_list(listed, options=[2]))
        expect(data.base.semester_id == SEMESTER_ID, f"base.semester_id {data.base.semester_id!r}")
        got = stage_task_values(data.items, user_of=lambda open_id: open_ids.get(open_id, open_id))
        expected = expected_stage_tasks(users=order, options=[2], keep_empty=True)
        expect(got == expected, f"got {got}\nexpected {expected}")

    def find_by_user_list_by_user_id():
        data = ok(find_by_user_list(["c05", "c01"], user_id_type="user_id"))
        got = stage_task_values(data.items)
        expected = expected_stage_tasks(users=["c05", "c01"], keep_empty=True)
        expect(got == expected, f"got {got}\nexpected {expected}")

    def find_by_user_list_user_token():
        token = admin.user_token("c03")
        data = ok(find_by_user_list(["c03"], user_id_type="user_id", option=user_option(token), sdk_client=token_client))
        expected = expected_stage_tasks(users=["c03"], keep_empty=True)
        expect(stage_task_values(data.items) == expected, stage_task_values(data.items))
        return refused(find_by_user_list(["c04"], user_id_type="user_id", option=user_option(token),
                                         sdk_client=token_client), 1580102, 400)

    def find_by_user_list_too_many():
        return refused(find_by_user_list([f"u{n}" for n in range(51)], user_id_type="user_id"), 1580102, 400)

    def find_by_user_list_retries_an_injected_rate_limit():
        # The way an integration handles 99991400: back off and retry. openwork's admin API
        # makes the next two calls fail with it; the third answers as usual.
        fault = admin.call("POST", "/faults", {
            "operation": "performance.v1.stage_task.find_by_user_list", "app_id": APP_ID, "times": 2,
            "action": {"kind": "vendor_error", "code": 99991400, "msg": "request trigger frequency limit"}})
        outcomes, delay, failed = [], 0.05, None
        for _ in range(5):
            resp = find_by_user_list(["c05", "c01"], user_id_type="user_id")
            outcomes.append((resp.code, resp.raw.status_code))
            if resp.success():
                break
            failed = resp
            time.sleep(delay)
            delay *= 2
        expect(outcomes == [(99991400, 400), (99991400, 400), (0, 200)], outcomes)
        expect(failed.msg == "request trigger frequency limit", failed.msg)
        expected = expected_stage_tasks(users=["c05", "c01"], keep_empty=True)
        expect(stage_task_values(resp.data.items) == expected, stage_task_values(resp.data.items))
        entry = admin.call("GET", f"/requests?log_id={failed.get_log_id()}")["entries"][0]
        expect(entry["fault"].startswith(f"injected fault {fault['id']}"), entry.get("fault"))
        left = [f["id"] for f in admin.call("GET", "/faults")["faults"]]
        expect(fault["id"] not in left, f"the fault outlived its two calls: {left}")
        return f"{len(outcomes)} attempts"

    def find_by_user_list_without_scope():
        return refused(find_by_user_list(["c01"], user_id_type="user_id", sdk_client=noscope), 99991672, 400)

    # ------------------------------------------------------------------ semesters

    def semester_values(item):
        return {
            "year": item.year, "type_group": item.type_group, "type": item.type, "zh": item.name.zh_cn,
            "en": item.name.en_us, "progress": item.progress, "start_time": item.start_time,
            "end_time": item.end_time, "create_time": item.create_time, "modify_time": item.modify_time,
            "create_user_id": item.create_user_id, "modify_user_id": item.modify_user_id,
        }

    def semesters_all():
        data = ok(list_semesters(user_id_type="user_id"))
        got = {item.id: semester_values(item) for item in data.items}
        expect(len(data.items) == len(got), "a semester listed twice")
        expect(got == SEMESTERS_EXPECTED, f"got {got}\nexpected {SEMESTERS_EXPECTED}")
        return f"{len(got)} semesters"

    def semesters_by_year():
        data = ok(list_semesters(year=2023, user_id_type="user_id"))
        expect([item.id for item in data.items] == [EMPTY_SEMESTER_ID], [item.id for item in data.items])

    def semesters_by_type():
        data = ok(list_semesters(type_group="Semi-annual", semester_type="H1"))
        expect([item.id for item in data.items] == [SEMESTER_ID], [item.id for item in data.items])
        creator = admin.ids("c01")["open_id"]
        expect(data.items[0].create_user_id == creator, f"create_user_id {data.items[0].create_user_id} != open_id {creator}")

    def semesters_unknown_user_id_type():
        return refused(list_semesters(user_id_type="people_id"), 99992402, 400)

    def semesters_without_scope():
        return refused(list_semesters(sdk_client=noscope), 99991672, 400)

    # ------------------------------------------------------------------ review templates

    def review_template_values(t):
        return (
            t.review_template_id, t.name.zh_cn, t.name.en_us, t.description.zh_cn, t.description.en_us, t.status,
            [(s.template_id, s.name.zh_cn, s.name.en_us, s.stage_type, s.review_stage_role) for s in t.templates or []],
            [(u.unit_id, u.name.zh_cn, u.name.en_us, [(f.field_id, f.name.zh_cn, f.name.en_us) for f in u.fields or []])
             for u in t.units or []],
        )

    def expected_review_template(template_id):
        n = int(template_id[-1])
        return (
            template_id, f"模板{n}", f"Template {n}", f"描述{n}", f"Description {n}", "enabled",
            [(f"741000000000000000{n}", "评估", "Review", "review", "solid_line_leader")],
            [(f"742000000000000000{n}", "业绩", "Results", [(f"743000000000000000{n}", "评分", "Score")])],
        )

    def review_templates_every_page():
        seen, pages, page_token = [], 0, None
        for _ in range(10):
            data = ok(query_review_templates(page_size=2, page_token=page_token))
            pages += 1
            expect(len(data.review_templates) <= 2, f"{len(data.review_templates)} on a page of 2")
            seen += [review_template_values(t) for t in data.review_templates]
            if not data.has_more:
                expect(not data.page_token, f"page_token {data.page_token!r} with has_more false")
                break
            expect(data.page_token, "has_more without a page_token")
            page_token = data.page_token
        expected = [expected_review_template(t) for t in REVIEW_TEMPLATE_IDS]
        expect(seen == expected, f"got {seen}\nexpected {expected}")
        return f"{len(seen)} templates on {pages} pages"

    def review_templates_by_id():
        # lark-oapi types review_template_ids as List[int]: it sends JSON numbers.
        data = ok(query_review_templates(ids=[7400000000000000004, 7400000000000000002, 7499999999999999999]))
        got = [review_template_values(t) for t in data.review_templates]
        expected = [expected_review_template(REVIEW_TEMPLATE_IDS[1]), expected_review_template(REVIEW_TEMPLATE_IDS[3])]
        expect(got == expected, f"got {got}\nexpected {expected}")
        expect(not data.has_more, "has_more on the only page")

    def review_templates_page_size_too_big():
        return refused(query_review_templates(page_size=51), 1580102, 400)

    def review_templates_without_scope():
        return refused(query_review_templates(sdk_client=noscope), 99991672, 400)

    # ------------------------------------------------------------------ activities

    def activity_values(a):
        return (a.id, a.name.zh_cn, a.name.en_us, a.semester_id, a.mode, a.progress, a.create_time, a.modify_time,
                a.create_user_id, a.modify_user_id)

    def activities_by_semester():
        # lark-oapi types semester_ids as List[int]: it sends JSON numbers.
        data = ok(query_activities(semester_ids=[int(EMPTY_SEMESTER_ID), int(SEMESTER_ID)]))
        got = [activity_values(a) for a in data.activities]
        expect(got == ACTIVITIES_EXPECTED, f"got {got}\nexpected {ACTIVITIES_EXPECTED}")
        first = data.activities[0].description
        expect((first.zh_cn, first.en_us) == ("兼容性绩效评估", "Compat performance review"), vars(first))
        return f"{len(got)} activities"

    def activities_by_id():
        data = ok(query_activities(semester_ids=[int(SEMESTER_ID)],
                                   activity_ids=[7320000000000000001, 7399999999999999999, int(METRIC_ACTIVITY)]))
        got = [activity_values(a) for a in data.activities]
        expected = [ACTIVITIES_EXPECTED[1], ACTIVITIES_EXPECTED[4]]
        expect(got == expected, f"got {got}\nexpected {expected}")

    def activities_open_ids():
        data = ok(query_activities(activity_ids=[int(REVIEW_ACTIVITY)], user_id_type=None))
        expected = (admin.ids("c01")["open_id"], admin.ids("c02")["open_id"])
        got = tuple((a.create_user_id, a.modify_user_id) for a in data.activities)
        expect(got == (expected,), f"got {got}\nexpected {(expected,)}")

    def activities_without_scope():
        return refused(query_activities(semester_ids=[int(SEMESTER_ID)], sdk_client=noscope), 99991672, 400)

    # ------------------------------------------------------------------ reviewees

    def walk_reviewees(page_size, **query):
        """Every page of a reviewee query: [(user_id, activity_ids)], with open_ids checked, and the page count."""
        seen, pages, page_token = [], 0, None
        for _ in range(20):
            data = ok(query_reviewees(page_size=page_size, page_token=page_token, **query))
            pages += 1
            expect(data.semester_id == str(query.get("semester_id", SEMESTER_ID)), f"semester_id {data.semester_id!r}")
            expect(len(data.reviewees) <= page_size, f"{len(data.reviewees)} on a page of {page_size}")
            for r in data.reviewees:
                open_id = admin.ids(r.reviewee_user_id.user_id)["open_id"]
                expect(r.reviewee_user_id.open_id == open_id, f"{r.reviewee_user_id.user_id}: open_id "
                                                             f"{r.reviewee_user_id.open_id} != {open_id}")
                seen.append((r.reviewee_user_id.user_id, r.activity_ids))
            if not data.has_more:
                expect(not data.page_token, f"page_token {data.page_token!r} with has_more false")
                break
            expect(data.page_token, "has_more without a page_token")
            page_token = data.page_token
        return seen, pages

    def reviewees_every_page():
        activities = [REVIEW_ACTIVITY, METRIC_ACTIVITY, PY_ACTIVITY]
        seen, pages = walk_reviewees(1, activity_ids=activities)
        expected = expected_reviewees(activities)
        expect(seen == expected, f"got {seen}\nexpected {expected}")
        expect(pages == len(expected), f"{pages} pages for {len(expected)} reviewees")
        return f"{len(seen)} reviewees on {pages} pages"

    def reviewees_by_user():
        seen, _ = walk_reviewees(50, activity_ids=[METRIC_ACTIVITY, REVIEW_ACTIVITY], user_ids=["c08", "c02", "nobody", "c04"])
        expected = expected_reviewees([METRIC_ACTIVITY, REVIEW_ACTIVITY], users=["c08", "c02"])
        expect(seen == expected, f"got {seen}\nexpected {expected}")

    def reviewees_unknown_semester():
        return refused(query_reviewees(semester_id=7300000000000000099), 1580102, 400)

    def reviewees_without_scope():
        return refused(query_reviewees(sdk_client=noscope), 99991672, 400)

    # ------------------------------------------------------------------ indicators and questions

    def indicator_values(i):
        return (i.id, i.name.zh_cn, i.name.en_us, i.type,
                [(o.id, o.name.zh_cn, o.name.en_us, o.lable) for o in i.options or []])

    def question_values(q):
        return (q.question_id, q.name.zh_cn, q.name.en_us, [(t.id, t.name.zh_cn, t.name.en_us) for t in q.tag_items or []])

    def walk(query, items_of, values, page_size):
        seen, pages, page_token = [], 0, None
        for _ in range(10):
            data = ok(query(page_size=page_size, page_token=page_token))
            pages += 1
            items = items_of(data) or []
            expect(len(items) <= page_size, f"{len(items)} on a page of {page_size}")
            seen += [values(item) for item in items]
            if not data.has_more:
                expect(not data.page_token, f"page_token {data.page_token!r} with has_more false")
                break
            expect(data.page_token, "has_more without a page_token")
            page_token = data.page_token
        return seen, pages

    def indicators_every_page():
        seen, pages = walk(query_indicators, lambda d: d.indicators, indicator_values, 1)
        expect(seen == INDICATORS_EXPECTED, f"got {seen}\nexpected {INDICATORS_EXPECTED}")
        expect(pages == 3, f"{pages} pages, expected 3")
        return f"{len(seen)} indicators on {pages} pages"

    def indicators_by_id():
        # lark-oapi types indicator_ids as List[int]: it sends JSON numbers.
        data = ok(query_indicators(ids=[7330000000000000003, 7339999999999999999, 7330000000000000001]))
        got = [indicator_values(i) for i in data.indicators]
        expected = [INDICATORS_EXPECTED[0], INDICATORS_EXPECTED[2]]
        expect(got == expected, f"got {got}\nexpected {expected}")
        expect(not data.has_more, "has_more on the only page")

    def indicators_vendor_spelling():
        resp = query_indicators(ids=[7330000000000000001])
        ok(resp)
        option = raw_json(resp)["data"]["indicators"][0]["options"][0]
        expect(option.get("lable") == "S" and "label" not in option, option)

    def indicators_page_size_too_big():
        return refused(query_indicators(page_size=51), 1580102, 400)

    def questions_every_page():
        seen, pages = walk(query_questions, lambda d: d.tag_based_questions, question_values, 1)
        expect(seen == QUESTIONS_EXPECTED, f"got {seen}\nexpected {QUESTIONS_EXPECTED}")
        expect(pages == 2, f"{pages} pages, expected 2")
        return f"{len(seen)} questions on {pages} pages"

    def questions_by_id():
        data = ok(query_questions(ids=[7340000000000000002, 7349999999999999999]))
        got = [question_values(q) for q in data.tag_based_questions]
        expect(got == QUESTIONS_EXPECTED[1:], f"got {got}\nexpected {QUESTIONS_EXPECTED[1:]}")

    def questions_without_scope():
        return refused(query_questions(sdk_client=noscope), 99991672, 400)

    # ------------------------------------------------------------------ user-group writes

    def group_write_replaces_members():
        data = ok(write_group(PY_GROUP, ["c11", "py_nobody", "c06", "c11"], PY_CLIENT_TOKEN, scope_visible_setting=0))
        got = (data.data.success_user_ids, [(f.user_id, f.fail_code) for f in data.data.fail_user_datas or []])
        expected = (["c11", "c06"], [("py_nobody", 1)])
        expect(got == expected, f"got {got}\nexpected {expected}")
        state["group_written"] = True
        # The effect: c04 and c05 left the activity's group (in listed order), c11 and c06 joined it.
        seen, _ = walk_reviewees(50, activity_ids=[PY_ACTIVITY])
        expected = [("c06", [PY_ACTIVITY]), ("c11", [PY_ACTIVITY])]
        expect(seen == expected, f"reviewees after the write: got {seen}\nexpected {expected}")
        seen, _ = walk_reviewees(50, activity_ids=[PY_ACTIVITY, REVIEW_ACTIVITY], user_ids=["c04", "c06", "c01"])
        expected = [("c01", [REVIEW_ACTIVITY]), ("c06", [PY_ACTIVITY])]
        expect(seen == expected, f"reviewees of c04, c06, c01: got {seen}\nexpected {expected}")

    def group_write_repeated_client_token():
        expect(state.get("group_written"), "the first write did not happen")
        detail = refused(write_group(PY_GROUP, ["c01"], PY_CLIENT_TOKEN), 1580110, 400)
        seen, _ = walk_reviewees(50, activity_ids=[PY_ACTIVITY])
        expected = [("c06", [PY_ACTIVITY]), ("c11", [PY_ACTIVITY])]
        expect(seen == expected, f"the refused write changed the group: got {seen}\nexpected {expected}")
        return detail

    def group_write_without_scope():
        # cli_compat_noscope has no scope at all; performance:semester_activity:write is the only one taken.
        return refused(write_group(PY_GROUP, ["c01"], "compat-py-noscope", sdk_client=noscope), 99991672, 400)

    # ------------------------------------------------------------------ user_info (the module's view of users)

    def user_info_values(info):
        def named(n):
            return None if n is None else (n.id, n.name.zh_cn, n.name.en_us)
        leader = info.direct_leader_user_id
        return (info.user_id.user_id, named(info.department), None if leader is None else leader.user_id,
                named(info.job_family), named(info.job_level))

    def expected_user_info(user):
        (department_id, department_name), leader, family, level = PERF_USER_INFOS[user]
        return (user, (department_id, department_name, department_name), leader, family, level)

    def user_infos_in_callers_order():
        listed = ["c07", NOT_REVIEWEE, "c02", "nobody", "c01", "c03"]
        data = ok(query_user_infos(listed, department_id_type="department_id"))
        expect(data.semester_id == SEMESTER_ID, f"semester_id {data.semester_id!r}")
        got = [user_info_values(info) for info in data.user_infos or []]
        expected = [expected_user_info(user) for user in ["c07", "c02", "c01", "c03"]]
        expect(got == expected, f"got {got}\nexpected {expected}")
        c02 = data.user_infos[1]
        got = (c02.user_id.open_id, c02.direct_leader_user_id.open_id)
        expected = (admin.ids("c02")["open_id"], admin.ids("c01")["open_id"])
        expect(got == expected, f"open_ids {got}, expected {expected}")
        return f"{len(data.user_infos)} of {len(listed)} listed users"

    def user_infos_open_department_ids():
        data = ok(query_user_infos(["c01", "c02", "c07"]))  # department_id_type: open_department_id
        got = [(info.department.id, info.department.name.zh_cn) for info in data.user_infos]
        expect([name for _, name in got] == ["研发部", "运营部", "运营部"], got)
        ids = [department_id for department_id, _ in got]
        expect(all(i.startswith("od-") for i in ids) and ids[0] != ids[1] == ids[2], ids)

    def user_infos_without_field_scopes():
        resp = query_user_infos(["c02", "c01"], department_id_type="department_id", sdk_client=plain)
        data = ok(resp)
        got = [user_info_values(info) for info in data.user_infos]
        expect(got == [("c02", None, None, None, None), ("c01", None, None, None, None)], got)
        keys = [sorted(info) for info in raw_json(resp)["data"]["user_infos"]]
        expect(keys == [["user_id"], ["user_id"]], keys)

    def user_infos_too_many_users():
        return refused(query_user_infos(USER_IDS[:11]), 1580102, 400)

    def user_infos_unknown_semester():
        return refused(query_user_infos(["c01"], semester_id="7300000000000000099"), 1580102, 400)

    # ------------------------------------------------------------------ review results (v2, then v1)

    def results_v2_values(datas):
        def detail(d):
            reviewer = d.reviewer_user_id
            # lark-oapi types submit_time and option_id as int and keeps what the JSON holds:
            # openwork writes them as strings, as the vendor does.
            return (d.field_id, None if reviewer is None else reviewer.user_id,
                    None if d.submit_time is None else str(d.submit_time), d.indicator_id,
                    None if d.option_id is None else str(d.option_id), d.score, d.text, d.tag_based_question_id,
                    [(t.tag_text_id, t.tag_text) for t in d.tag_text_item_data or []])
        return [
            (p.user_id.user_id, p.semester_id, p.activity_id, p.review_template_id,
             [(s.stage_id, s.stage_type, s.review_stage_role, s.template_id,
               [(r.record_id, r.progress, [(u.unit_id, [detail(d) for d in u.data or []]) for u in r.units or []])
                for r in s.records or []])
              for s in p.stages or []])
            for p in datas or []
        ]

    def results_v2_open_stages_only():
        reviewees = ["c03", NOT_REVIEWEE, "c01", "c02"]
        data = ok(query_results_v2(reviewees, stage_types=["review", "leader_review"]))
        got = results_v2_values(data.datas)
        expected = expected_results_v2(reviewees, [LEADER_REVIEW_STAGE])
        expect(got == expected, f"got {got}\nexpected {expected}")
        records = sum(len(stage[4]) for profile in got for stage in profile[4])
        got = (data.datas[0].user_id.open_id, data.datas[0].stages[0].records[0].units[0].data[0].reviewer_user_id.open_id)
        expected = (admin.ids("c03")["open_id"], admin.ids("c01")["open_id"])
        expect(got == expected, f"open_ids {got}, expected {expected}")
        return f"{records} leader-review records; the self review's hidden"

    def results_v2_neither_types_nor_ids():
        data = ok(query_results_v2(["c01", "c02", "c03"]))
        expect(not data.datas, f"datas {results_v2_values(data.datas)}")

    def results_v2_when_results_open():
        # The self review's results open on 2024-06-20: opened now (admin API), its records show,
        # with their progress; closed again, they are hidden.
        path = f"/tenants/{TENANT}/stages/{SELF_REVIEW_STAGE}"
        reviewees = ["c02", "c03"]
        try:
            admin.call("PATCH", path, {"results_open_time": "2024-06-14T00:00:00+08:00"})
            data = ok(query_results_v2(reviewees, stage_types=["leader_review"], stage_ids=[int(SELF_REVIEW_STAGE)]))
            got, expected = results_v2_values(data.datas), expected_results_v2(reviewees, [SELF_REVIEW_STAGE])
            expect(got == expected, f"stage_ids (winning over stage_types): got {got}\nexpected {expected}")
            # review_stage_roles filter review stages only: not the leader review.
            data = ok(query_results_v2(reviewees, stage_types=["review", "leader_review"], roles=["solid_line_leader"]))
            got, expected = results_v2_values(data.datas), expected_results_v2(reviewees, [LEADER_REVIEW_STAGE])
            expect(got == expected, f"review_stage_roles: got {got}\nexpected {expected}")
        finally:
            admin.call("PATCH", path, {"results_open_time": SELF_REVIEW_OPENS})
        data = ok(query_results_v2(reviewees, stage_ids=[int(SELF_REVIEW_STAGE)]))
        expect(not data.datas, f"closed again: {results_v2_values(data.datas)}")

    def results_v2_progress_and_update_filters():
        reviewees = ["c01", "c02", "c03"]
        data = ok(query_results_v2(reviewees, stage_types=["leader_review"], progresses=[1]))
        got, expected = results_v2_values(data.datas), expected_results_v2(reviewees, [LEADER_REVIEW_STAGE], progresses=[1])
        expect(got == expected, f"stage_progresses [1]: got {got}\nexpected {expected}")
        later = RESULT_RECORDS["7350000000000000003"][3]  # c01's submit time: later ones only
        data = ok(query_results_v2(reviewees, stage_types=["leader_review"], later_than=later))
        got = results_v2_values(data.datas)
        expected = expected_results_v2(reviewees, [LEADER_REVIEW_STAGE], later_than=later)
        expect(got == expected, f"updated_later_than: got {got}\nexpected {expected}")

    def results_v2_calibration_refused():
        return refused(query_results_v2(["c01"], stage_types=["calibration"]), 1580102, 400)

    def results_v2_too_many_reviewees():
        return refused(query_results_v2(USER_IDS[:11], stage_types=["review"]), 1580102, 400)

    def results_v1_values(datas):
        return [
            (p.user_id.user_id, p.semester_id, p.activity_id,
             [(s.stage_type, s.progress,
               [(d.template_id, d.unit_id, d.field_id, None if d.reviewer_user_id is None else d.reviewer_user_id.user_id,
                 None if d.submit_time is None else str(d.submit_time), d.indicator_id, d.option_id, d.score, d.text)
                for d in s.data or []])
              for s in p.stages or []])
            for p in datas or []
        ]

    def results_v1_with_what_they_name():
        reviewees = ["c03", "c01", NOT_REVIEWEE, "c02"]
        data = ok(query_results_v1(reviewees, semester_ids=[SEMESTER_ID]))
        got, expected = results_v1_values(data.datas), expected_results_v1(reviewees)
        expect(got == expected, f"datas: got {got}\nexpected {expected}")
        got = [(s.id, semester_values(s)) for s in data.semesters or []]
        expected = [(SEMESTER_ID, SEMESTERS_EXPECTED[SEMESTER_ID])]
        expect(got == expected, f"semesters: got {got}\nexpected {expected}")
        got = [(a.id, a.name.zh_cn, a.name.en_us, a.semester_id) for a in data.activities or []]
        expected = [(REVIEW_ACTIVITY, "兼容评估", "Compat review", SEMESTER_ID)]
        expect(got == expected, f"activities: got {got}\nexpected {expected}")
        got = [(i.id, i.name.zh_cn, i.name.en_us, [(o.id, o.name.zh_cn, o.name.en_us, o.label) for o in i.options or []])
               for i in data.indicators or []]
        expected = [INDICATORS_EXPECTED[0][:3] + INDICATORS_EXPECTED[0][4:]]  # v1 spells the level label
        expect(got == expected, f"indicators: got {got}\nexpected {expected}")
        got = [(t.id, t.name.zh_cn, t.name.en_us, t.stage) for t in data.templates or []]
        expect(got == [STAGE_TEMPLATE], f"templates: got {got}")
        got = [(u.id, u.name.zh_cn, u.name.en_us) for u in data.units or []]
        expect(got == [RESULT_UNIT], f"units: got {got}")
        got = [(f.id, f.name.zh_cn, f.name.en_us, f.indicator_id, f.parent_field_id) for f in data.fields or []]
        expect(got == [RESULT_FIELD + (None,)], f"fields: got {got}")

    def results_v1_time_window():
        # lark-oapi types start_time and end_time as int: it sends JSON numbers.
        start, end = (int(SEMESTERS_EXPECTED[SEMESTER_ID][k]) for k in ("start_time", "end_time"))
        data = ok(query_results_v1(["c02"], window=(start, end)))
        got, expected = results_v1_values(data.datas), expected_results_v1(["c02"])
        expect(got == expected, f"got {got}\nexpected {expected}")
        data = ok(query_results_v1(["c02"], window=(start + 1, end)))  # the semester starts before it
        expect(not data.datas and not data.semesters, f"a narrower window: {results_v1_values(data.datas)}")

    def results_v1_stage_progress():
        reviewees = ["c01", "c02", "c03"]
        data = ok(query_results_v1(reviewees, semester_ids=[SEMESTER_ID], progresses=[1]))
        got, expected = results_v1_values(data.datas), expected_results_v1(reviewees, progresses=[1])
        expect(got == expected, f"got {got}\nexpected {expected}")

    def results_v1_review_stage_refused():
        return refused(query_results_v1(["c01"], semester_ids=[SEMESTER_ID], stage_types=["review"]), 1580102, 400)

    def results_v1_user_token():
        token = admin.user_token("c02")
        data = ok(query_results_v1(["c02"], semester_ids=[SEMESTER_ID], option=user_option(token), sdk_client=token_client))
        got, expected = results_v1_values(data.datas), expected_results_v1(["c02"])
        expect(got == expected, f"got {got}\nexpected {expected}")
        return refused(query_results_v1(["c02", "c03"], semester_ids=[SEMESTER_ID], option=user_option(token),
                                        sdk_client=token_client), 1580102, 400)

    # ------------------------------------------------------------------ additional information

    def info_values(infos):
        # lark-oapi types item_id as int and keeps what the JSON holds: openwork writes it as a string.
        return [(None if i.item_id is None else str(i.item_id), i.external_id, i.reviewee_user_id, i.item, i.time,
                 i.detailed_description) for i in infos or []]

    def without_other_clients(values):
        return [v for v in values if not (v[1] or "").startswith(OTHER_CLIENTS_INFOS)]

    def own_infos(external_ids):
        """This script's items with these external IDs, as the query answers them."""
        return info_values(ok(query_infos(external_ids=external_ids)).additional_informations)

    def expected_own(ids, items):
        """(item_id, external_id, ...) of this script's items, in item_id order."""
        return sorted(((ids[item[0]],) + item for item in items), key=lambda v: int(v[0]))

    def infos_every_page():
        seen, pages, page_token = [], 0, None
        for _ in range(10):
            resp = query_infos(page_size=2, page_token=page_token)
            data = ok(resp)
            pages += 1
            expect(len(data.additional_informations) <= 2, f"{len(data.additional_informations)} on a page of 2")
            raw = raw_json(resp)["data"]["additional_informations"]
            expect(all(isinstance(i["item_id"], str) for i in raw), f"item_id not a string: {raw}")
            seen += info_values(data.additional_informations)
            if not data.has_more:
                expect(not data.page_token, f"page_token {data.page_token!r} with has_more false")
                break
            expect(data.page_token, "has_more without a page_token")
            page_token = data.page_token
        got = without_other_clients(seen)
        expect(got == ADDITIONAL_INFOS, f"got {got}\nexpected {ADDITIONAL_INFOS}")
        return f"{len(seen)} items on {pages} pages"

    def infos_by_item_ids():
        data = ok(query_infos(item_ids=[ADDITIONAL_INFOS[2][0], UNKNOWN_INFO_ID, ADDITIONAL_INFOS[0][0]],
                              external_ids=[ADDITIONAL_INFOS[1][1]]))
        got = info_values(data.additional_informations)
        expected = [ADDITIONAL_INFOS[0], ADDITIONAL_INFOS[2]]
        expect(got == expected, f"got {got}\nexpected {expected}")
        expect(not data.has_more, "has_more on the only page")

    def infos_by_external_ids():
        data = ok(query_infos(external_ids=["py-nope", ADDITIONAL_INFOS[1][1]], reviewee_ids=["c01"]))
        got = info_values(data.additional_informations)
        expect(got == [ADDITIONAL_INFOS[1]], f"got {got}\nexpected {[ADDITIONAL_INFOS[1]]}")

    def infos_by_reviewee_open_ids():
        open_id = admin.ids("c01")["open_id"]
        data = ok(query_infos(reviewee_ids=[open_id, "ou_00000000000000000000000000000000"], user_id_type=None))
        got = without_other_clients(info_values(data.additional_informations))
        expected = [info[:2] + (open_id,) + info[3:] for info in ADDITIONAL_INFOS if info[2] == "c01"]
        expect(got == expected, f"got {got}\nexpected {expected}")

    def info_import_creates():
        data = ok(import_infos([(None,) + item for item in PY_INFOS], PY_INFO_TOKEN))
        expect(isinstance(data.import_record_id, str) and data.import_record_id, f"import_record_id {data.import_record_id!r}")
        got = info_values(data.additional_informations)
        expect([v[1:] for v in got] == PY_INFOS, f"got {got}\nexpected {PY_INFOS}")
        ids = {v[1]: v[0] for v in got}
        seeded = {info[0] for info in ADDITIONAL_INFOS}
        expect(len(set(ids.values())) == 2 and not set(ids.values()) & seeded and all(i.isdigit() for i in ids.values()),
               f"item_ids {ids}")
        state["py_infos"] = ids
        got, expected = own_infos(list(ids)), expected_own(ids, PY_INFOS)
        expect(got == expected, f"queried: got {got}\nexpected {expected}")
        return f"import_record_id {data.import_record_id}"

    def info_reimport_updates():
        ids = state.get("py_infos")
        expect(ids, "the first import did not happen")
        # py-1 by its external_id, py-2 by its item_id (without an external_id: it keeps its own).
        first, second = PY_INFOS
        changed = [first[:2] + ("Python 事项一（改）",) + first[3:],
                   second[:4] + ("Python 导入的第二项（改）",)]
        data = ok(import_infos([(None,) + changed[0], (ids["py-2"], None) + changed[1][1:]], "compat-py-info-2"))
        got = info_values(data.additional_informations)
        expected = [(ids["py-1"],) + changed[0], (ids["py-2"],) + changed[1]]
        expect(got == expected, f"got {got}\nexpected {expected}")
        state["py_current"] = changed
        got, expected = own_infos(list(ids)), expected_own(ids, changed)
        expect(got == expected, f"queried (no duplicate): got {got}\nexpected {expected}")

    def info_import_repeated_client_token():
        ids, current = state.get("py_infos"), state.get("py_current")
        expect(ids and current, "the imports before did not happen")
        detail = refused(import_infos([(None, "py-3", "c01", "Python 事项三", "2024-05-03", "不应写入")], PY_INFO_TOKEN),
                         1580110, 400)
        got, expected = own_infos(list(ids) + ["py-3"]), expected_own(ids, current)
        expect(got == expected, f"the refused import changed items: got {got}\nexpected {expected}")
        return detail

    def info_import_not_a_reviewee():
        # The whole import is refused: py-4 is never written (the deletion check's query shows it).
        return refused(import_infos([(None, "py-4", "c01", "Python 事项四", "2024-05-04", "不应写入"),
                                     (None, "py-5", NOT_REVIEWEE, "Python 事项五", "2024-05-05", "不应写入")],
                                    "compat-py-info-3"), 1580111, 400)

    def info_import_duplicate_external_id():
        return refused(import_infos([(None, "py-6", "c01", "Python 事项六", "2024-05-06", "不应写入"),
                                     (None, "py-6", "c02", "Python 事项七", "2024-05-07", "不应写入")],
                                    "compat-py-info-4"), 1580202, 400)

    def info_import_read_only_app():
        # cli_compat_plain may read performance data only.
        return refused(import_infos([(None, "py-8", "c01", "Python 事项八", "2024-05-08", "不应写入")],
                                    "compat-py-info-plain", sdk_client=plain), 99991672, 400)

    def info_delete_unknown_deletes_nothing():
        ids = state.get("py_infos")
        expect(ids, "the first import did not happen")
        return refused(delete_infos([ids["py-1"], UNKNOWN_INFO_ID]), 1580201, 400)

    def info_delete_own_items():
        ids = state.get("py_infos")
        expect(ids, "the first import did not happen")
        listed = [ids["py-2"], ids["py-1"]]  # both still there: the refused deletion removed neither
        data = ok(delete_infos(listed))
        expect(data.additional_informations == listed, f"deleted {data.additional_informations}, expected {listed}")
        external_ids = [f"py-{n}" for n in range(1, 9)] + [ADDITIONAL_INFOS[0][1]]
        got = own_infos(external_ids)
        expect(got == [ADDITIONAL_INFOS[0]], f"after the deletion: got {got}\nexpected {[ADDITIONAL_INFOS[0]]}")

    # ------------------------------------------------------------------ key-performance metrics

    # lark-oapi types the tag, field, metric, type and formula IDs as int and keeps what the JSON
    # holds: openwork writes them as strings, compared as strings.
    def tag_values(t):
        return (str(t.tag_id), t.tag_name.zh_cn, t.tag_name.en_us, t.index, t.create_time, t.update_time)

    def metric_field_values(f):
        return (str(f.field_id), f.name.zh_cn, f.name.en_us, f.type)

    def metric_values(m):
        formula = m.scoring_formula
        return (str(m.metric_id), m.name, str(m.type_id),
                [(str(t.tag_id), t.tag_name.zh_cn, t.tag_name.en_us) for t in m.tags or []],
                [(str(f.field_id), f.input_setting, f.field_value,
                  None if f.field_value_person is None else f.field_value_person.user_id) for f in m.fields or []],
                m.scoring_setting_type,
                None if formula is None else (str(formula.formula_id), formula.formula_name, formula.formula_details),
                [u.user_id for u in m.data_source_inputters or []], m.range_of_availability, m.is_active)

    def metric_tags_every_page():
        seen, pages = walk(list_metric_tags, lambda d: d.items, tag_values, 2)
        expect(seen == METRIC_TAGS_EXPECTED, f"got {seen}\nexpected {METRIC_TAGS_EXPECTED}")
        expect(pages == 2, f"{pages} pages, expected 2")
        return f"{len(seen)} tags on {pages} pages"

    def metric_tags_listed():
        resp = list_metric_tags(page_size=1, tag_ids=["7370000000000000003", "7379999999999999999", "7370000000000000001"])
        data = ok(resp)
        got = [tag_values(t) for t in data.items]
        expected = [METRIC_TAGS_EXPECTED[0], METRIC_TAGS_EXPECTED[2]]
        expect(got == expected, f"got {got}\nexpected {expected}")
        expect(not data.has_more and not data.page_token, "the listed tags are one page")
        raw = raw_json(resp)["data"]["items"]
        expect(all(isinstance(t["tag_id"], str) for t in raw), f"tag_id not a string: {raw}")

    def metric_tags_page_size_too_big():
        return refused(list_metric_tags(page_size=51), 1580102, 400)

    def metric_tags_without_scope():
        # cli_compat_plain may read performance data, but not metrics.
        return refused(list_metric_tags(sdk_client=plain), 99991672, 400)

    def metric_fields_all():
        data = ok(query_metric_fields())
        got = [metric_field_values(f) for f in data.items]
        expect(got == METRIC_FIELDS_EXPECTED, f"got {got}\nexpected {METRIC_FIELDS_EXPECTED}")
        return f"{len(got)} fields"

    def metric_fields_listed():
        # lark-oapi types field_ids as List[int]: it sends JSON numbers.
        data = ok(query_metric_fields([7380000000000000004, 7389999999999999999, 7380000000000000002]))
        got = [metric_field_values(f) for f in data.items]
        expected = [METRIC_FIELDS_EXPECTED[1], METRIC_FIELDS_EXPECTED[3]]
        expect(got == expected, f"got {got}\nexpected {expected}")

    def metric_fields_too_many():
        return refused(query_metric_fields(list(range(1, 52))), 1580102, 400)

    def metric_lib_walk(page_size, **filters):
        seen, pages, page_token = [], 0, None
        for _ in range(10):
            data = ok(query_metric_libs(page_size=page_size, page_token=page_token, **filters))
            pages += 1
            expect(len(data.items or []) <= page_size, f"{len(data.items)} on a page of {page_size}")
            seen += [metric_values(m) for m in data.items or []]
            if not data.has_more:
                expect(not data.page_token, f"page_token {data.page_token!r} with has_more false")
                break
            expect(data.page_token, "has_more without a page_token")
            page_token = data.page_token
        return seen, pages

    def metric_lib_every_page():
        seen, pages = metric_lib_walk(3)
        expect(seen == METRICS_EXPECTED, f"got {seen}\nexpected {METRICS_EXPECTED}")
        expect(pages == 2, f"{pages} pages, expected 2")
        return f"{len(seen)} metrics on {pages} pages"

    def metric_lib_filter(expected_ids, **filters):
        def run():
            seen, _ = metric_lib_walk(50, **filters)
            expected = [m for m in METRICS_EXPECTED if m[0] in expected_ids]
            expect(seen == expected, f"got {seen}\nexpected {expected}")
            return f"{[m[0] for m in seen]}"
        return run

    def metric_lib_tags_paged():
        # tag_ids as numbers (lark-oapi's List[int]); the filtered library pages too.
        seen, pages = metric_lib_walk(1, tag_ids=[7370000000000000001])
        expected = [m for m in METRICS_EXPECTED if m[0] in ("7390000000000000001", "7390000000000000004")]
        expect(seen == expected, f"got {seen}\nexpected {expected}")
        expect(pages == 2, f"{pages} pages, expected 2")

    def metric_lib_open_ids():
        data = ok(query_metric_libs(page_size=1, user_id_type=None))
        metric = data.items[0]
        person = metric.fields[1].field_value_person
        c01 = admin.ids("c01")["open_id"]
        expect(person.open_id == c01, f"person {person.open_id!r}, expected {c01}")
        inputters = [u.open_id for u in metric.data_source_inputters]
        expected = [admin.ids("c03")["open_id"], admin.ids("c02")["open_id"]]
        expect(inputters == expected, f"inputters {inputters}, expected {expected}")

    def metric_lib_misspelt_scoring_type():
        return refused(query_metric_libs(scoring_setting_type="socre_manually"), 1580102, 400)

    # lark-oapi types the template, dimension and metric IDs as int and keeps what the JSON holds,
    # compared as strings; a template's fields write `id` and `filed_value` (sic).
    def metric_template_values(t):
        def metric(m):
            rule = m.review_rule_config
            return (str(m.metric_id), m.name, str(m.type_id),
                    [(str(f.id), f.input_setting, f.filed_value,
                      None if f.field_value_person is None else f.field_value_person.user_id) for f in m.fields or []],
                    m.is_from_library, m.scoring_setting_type, [u.user_id for u in m.data_source_inputters or []],
                    str(m.metric_dimension_id), None if rule is None else rule.min, None if rule is None else rule.max)

        return (str(t.id), t.name.zh_cn, t.name.en_us, t.description.zh_cn, t.description.en_us, t.status,
                t.is_set_by_group, t.total_metric_score_method, t.metric_weight_method,
                [(str(d.metric_dimension_id), d.name.zh_cn, d.name.en_us, d.dimension_weight, d.description.zh_cn,
                  d.description.en_us) for d in t.metric_dimensions or []],
                [metric(m) for m in t.metrics or []], [(str(g.group_id), g.name) for g in t.groups or []])

    def metric_templates_of(ids):
        return [expected_metric_template(t) for t in METRIC_TEMPLATES_EXPECTED if t[0] in ids]

    def metric_template_walk(page_size, **query):
        seen, pages, page_token = [], 0, None
        for _ in range(10):
            data = ok(query_metric_templates(page_size=page_size, page_token=page_token, **query))
            pages += 1
            expect(len(data.items or []) <= page_size, f"{len(data.items)} on a page of {page_size}")
            seen += [metric_template_values(t) for t in data.items or []]
            if not data.has_more:
                expect(not data.page_token, f"page_token {data.page_token!r} with has_more false")
                break
            expect(data.page_token, "has_more without a page_token")
            page_token = data.page_token
        return seen, pages

    def metric_templates_every_page():
        seen, pages = metric_template_walk(2)
        expected = [expected_metric_template(t) for t in METRIC_TEMPLATES_EXPECTED]
        expect(seen == expected, f"got {seen}\nexpected {expected}")
        expect(pages == 2, f"{pages} pages, expected 2")
        return f"{len(seen)} templates on {pages} pages"

    def metric_templates_listed():
        # lark-oapi types metrics_template_ids as List[int]: it sends JSON numbers.
        ids = [7393000000000000003, int(UNKNOWN_TEMPLATE_ID), 7393000000000000001]
        seen, pages = metric_template_walk(1, ids=ids)
        expected = metric_templates_of({"7393000000000000001", "7393000000000000003"})
        expect(seen == expected, f"got {seen}\nexpected {expected}")
        expect(pages == 2, f"{pages} pages, expected 2")
        raw = raw_json(query_metric_templates(ids=ids[:1]))["data"]["items"][0]
        strings = [raw["id"], raw["metric_dimensions"][0]["metric_dimension_id"], raw["metrics"][0]["metric_id"],
                   raw["metrics"][0]["metric_dimension_id"]]
        expect(all(isinstance(i, str) for i in strings), f"IDs not strings: {strings}")

    def metric_template_filter(expected_ids, **query):
        def run():
            seen, _ = metric_template_walk(50, **query)
            expected = metric_templates_of(expected_ids)
            expect(seen == expected, f"got {seen}\nexpected {expected}")
            return f"{[t[0] for t in seen]}"
        return run

    def metric_templates_open_ids():
        data = ok(query_metric_templates(ids=[7393000000000000001], user_id_type=None))
        metric = data.items[0].metrics[0]
        person = metric.fields[1].field_value_person
        c01 = admin.ids("c01")["open_id"]
        expect(person.open_id == c01, f"person {person.open_id!r}, expected {c01}")
        inputters = [u.open_id for u in metric.data_source_inputters]
        expected = [admin.ids("c03")["open_id"], admin.ids("c02")["open_id"]]
        expect(inputters == expected, f"inputters {inputters}, expected {expected}")

    def metric_templates_misspelt_status():
        return refused(query_metric_templates(status="enable"), 1580102, 400)

    # ------------------------------------------------------------------ metric details

    # lark-oapi types the template, metric, dimension and field IDs as int and keeps what the JSON
    # holds: openwork writes them as strings, compared as strings. `metric_details` is one object.
    def metric_detail_values(entries, user=lambda u: u.user_id):
        values = []
        for e in entries or []:
            d = e.metric_details
            values.append((user(e.reviewee_user_id), str(e.metric_template_id), str(d.metric_id), d.name,
                           str(d.dimension_id), d.dimension_name.zh_cn, d.dimension_name.en_us, d.dimension_weight,
                           d.add_from, d.is_from_library,
                           [(str(f.field_id), f.field_value,
                             None if f.field_value_person is None else user(f.field_value_person))
                            for f in d.fields or []],
                           [(s.stage_id, s.stage_type, s.stage_status) for s in e.reviewee_stage_statuses or []]))
        return values

    def own_metric_details():
        """c02's entries as the query answers them (user_ids)."""
        return metric_detail_values(ok(query_metric_details([PY_REVIEWEE])).reviewee_metrics)

    def expected_own_metric_details():
        return expected_metric_details(PY_REVIEWEE, imported_values(PY_METRICS))

    def metric_details_import_then_query():
        data = ok(import_metric_details(PY_METRICS, PY_METRIC_TOKEN))
        record = data.import_record_id
        expect(isinstance(record, str) and record.isdigit(), f"import_record_id {record!r}")
        state["py_metrics"] = True
        # c04 is reviewed by 兼容 Python 组 (no template), c13 by nothing: both left out.
        resp = query_metric_details([PY_REVIEWEE, "c04", NOT_REVIEWEE, "c01"])
        data = ok(resp)
        expect(str(data.semester_id) == SEMESTER_ID, f"semester_id {data.semester_id!r}")
        got = metric_detail_values(data.reviewee_metrics)
        expected = (expected_own_metric_details()
                    + expected_metric_details("c01", FIXTURE_METRIC_VALUES))
        expect(got == expected, f"got {got}\nexpected {expected}")
        raw = raw_json(resp)["data"]["reviewee_metrics"][0]
        ids = [raw["metric_template_id"], raw["metric_details"]["metric_id"], raw["metric_details"]["dimension_id"],
               raw["metric_details"]["fields"][0]["field_id"]]
        expect(all(isinstance(i, str) for i in ids), f"IDs not strings: {ids}")
        return f"import_record_id {record}; {len(got)} reviewee metrics"

    def metric_details_people_as_open_ids():
        expect(state.get("py_metrics"), "the import did not happen")
        users = {u: admin.ids(u)["open_id"] for u in (PY_REVIEWEE, "c01", "c05")}
        data = ok(query_metric_details([users[PY_REVIEWEE]], user_id_type=None))
        got = metric_detail_values(data.reviewee_metrics, user=lambda u: (u.open_id, u.user_id))
        # The default user_id_type is open_id: user_id repeats it.
        expected = expected_metric_details(PY_REVIEWEE, imported_values(PY_METRICS),
                                           user=lambda u: (users[u], users[u]))
        expect(got == expected, f"got {got}\nexpected {expected}")

    def metric_details_repeated_client_token():
        expect(state.get("py_metrics"), "the import did not happen")
        changed = [(PY_REVIEWEE, "7390000000000000001", [("7380000000000000002", "10", None)])]
        detail = refused(import_metric_details(changed, PY_METRIC_TOKEN), 1580110, 400)
        got, expected = own_metric_details(), expected_own_metric_details()
        expect(got == expected, f"the refused import changed values: got {got}\nexpected {expected}")
        return detail

    # Each refused import holds a good value first (PY_UNWRITTEN) and then one breaking a rule; the
    # whole import is refused.
    def metric_details_refused(n, bad, code):
        return lambda: refused(import_metric_details([PY_UNWRITTEN, bad], f"compat-py-metric-bad-{n}"), code, 400)

    def metric_details_refused_wrote_nothing():
        expect(state.get("py_metrics"), "the import did not happen")
        got, expected = own_metric_details(), expected_own_metric_details()
        expect(got == expected, f"got {got}\nexpected {expected}")

    def metric_details_too_many():
        return refused(import_metric_details([PY_UNWRITTEN] * 51, "compat-py-metric-51"), 1580102, 400)

    def metric_details_ended_semester():
        # The annual semester ended on 2023-12-31, before the tenant's clock.
        return refused(import_metric_details([PY_UNWRITTEN], "compat-py-metric-ended", semester_id=EMPTY_SEMESTER_ID),
                       1580309, 400)

    def metric_details_read_only_app():
        # cli_compat_plain may read performance data, but not metrics.
        return refused(import_metric_details([PY_UNWRITTEN], "compat-py-metric-plain", sdk_client=plain), 99991672, 400)

    def metric_details_unknown_semester():
        return refused(query_metric_details([PY_REVIEWEE], semester_id=UNKNOWN_SEMESTER_ID), 1580105, 400)

    # ------------------------------------------------------------------ report tasks

    def report_values(item):
        return (str(item.task_id), item.rule_name, str(item.rule_id), item.from_user_id, item.from_user_name,
                item.department_name, item.commit_time,
                [(f.field_id, f.field_name, f.field_value) for f in item.form_contents or []],
                item.to_user_ids, item.to_user_names)

    def expected_report(task_id, sender, commit_time, work):
        return (task_id, "兼容周报", RULE_ID, sender, USER_NAMES[sender], "研发部", commit_time,
                [("7510000000000000001", "本周工作", work), ("7510000000000000002", "附件", "")],  # attachments: value empty
                ["c01"], ["成员1"])

    def newest_first(reports):
        return [expected_report(*r) for r in sorted(reports, key=lambda r: (r[2], r[0]), reverse=True)]

    def report_tasks_every_page():
        start, end = REPORTS[0][2] - 86400, REPORTS[-1][2] + 86400
        seen, pages, page_token, departments = [], 0, "", set()
        for _ in range(10):
            data = ok(query_reports(start, end, page_size=3, page_token=page_token))
            pages += 1
            expect(len(data.items) <= 3, f"{len(data.items)} on a page of 3")
            seen += [report_values(item) for item in data.items]
            departments |= {tuple(item.department_ids or []) for item in data.items}
            if not data.has_more:
                break
            expect(data.page_token, "has_more without a page_token")
            page_token = data.page_token
        expected = newest_first(REPORTS)
        expect(seen == expected, f"got {seen}\nexpected {expected}")
        # every sender is in 研发部 only: one open_department_id
        expect(len(departments) == 1 and len(next(iter(departments))) == 1
               and next(iter(departments))[0].startswith("od-"), departments)
        return f"{len(seen)} reports on {pages} pages"

    def report_tasks_by_rule_and_sender():
        # lark-oapi types rule_id as int: it sends a JSON number.
        data = ok(query_reports(REPORTS[0][2], REPORTS[-1][2], page_size=20, rule_id=int(RULE_ID), user_id="c03"))
        expected = newest_first([r for r in REPORTS if r[1] == "c03"])
        got = [report_values(item) for item in data.items]
        expect(got == expected, f"got {got}\nexpected {expected}")
        expect(not data.has_more, "has_more on the only page")

    def report_tasks_inclusive_window():
        data = ok(query_reports(REPORTS[2][2], REPORTS[4][2], page_size=0))  # 0 means 20
        got = [str(item.task_id) for item in data.items]
        expected = [r[0] for r in reversed(REPORTS[2:5])]
        expect(got == expected, f"got {got}, expected {expected}")

    def report_tasks_user_token():
        # A user token: the reports the user sent or received, in one response. c01 receives all.
        token = admin.user_token("c03")
        data = ok(query_reports(REPORTS[0][2], REPORTS[-1][2], page_size=1, option=user_option(token),
                                sdk_client=token_client))
        got = [str(item.task_id) for item in data.items]
        expected = [r[0] for r in sorted(REPORTS, key=lambda r: r[2], reverse=True) if r[1] == "c03"]
        expect(got == expected and not data.has_more, (got, expected, data.has_more))

    def report_tasks_page_size_too_big():
        return refused(query_reports(REPORTS[0][2], REPORTS[-1][2], page_size=21), 1430002, 400)

    def report_tasks_unknown_rule():
        return refused(query_reports(REPORTS[0][2], REPORTS[-1][2], page_size=5, rule_id=7500000000000000099), 1430003, 400)

    def report_tasks_missing_start():
        return refused(query_reports(None, REPORTS[-1][2], page_size=5), 99992402, 400)

    def report_tasks_without_scope():
        return refused(query_reports(REPORTS[0][2], REPORTS[-1][2], page_size=5, sdk_client=noscope), 99991672, 400)

    # ------------------------------------------------------------------ report rules

    def rules_by_name():
        data = ok(query_rules("兼容周报"))
        expect(len(data.rules) == 1, f"{len(data.rules)} rules")
        r = data.rules[0]
        got = (str(r.rule_id), r.name, r.icon_name, r.created_at, r.creator_user_id, r.creator_user_name,
               r.owner_user_id, r.owner_user_name, [(f.name, f.type) for f in r.form_schema or []], r.is_deleted,
               r.need_report_user_ids, r.to_user_ids, r.cc_user_ids, r.manager_user_ids)
        expected = (RULE_ID, "兼容周报", "weekly", NOW_MS // 1000,  # created_at defaults to the tenant's now
                    "c01", "成员1", "c01", "成员1", [("本周工作", "text"), ("附件", "attachement")], 0,
                    ["c02", "c03"], ["c01"], [], [])
        expect(got == expected, f"got {got}\nexpected {expected}")

    def rules_deleted_only_when_asked():
        data = ok(query_rules("兼容旧周报"))
        expect(not data.rules, f"a deleted rule without include_deleted: {data.rules}")
        data = ok(query_rules("兼容旧周报", include_deleted=1, user_id_type="open_id"))
        expect([(str(r.rule_id), r.is_deleted) for r in data.rules] == [(DELETED_RULE_ID, 1)],
               [(r.rule_id, r.is_deleted) for r in data.rules])
        owner = admin.ids("c01")["open_id"]
        expect(data.rules[0].owner_user_id == owner, f"owner_user_id {data.rules[0].owner_user_id} != {owner}")

    def rules_name_is_exact():
        data = ok(query_rules("兼容"))
        expect(not data.rules, [r.name for r in data.rules])

    def rules_missing_name():
        return refused(query_rules(), 99992402, 400)

    def rules_without_scope():
        return refused(query_rules("兼容周报", sdk_client=noscope), 99991672, 400)

    # ------------------------------------------------------------------ rule views

    def views_remove_for_users():
        ok(remove_views(VIEWS_RULE_ID, ["c06", "c07"]))
        views = admin.call("GET", f"/tenants/{TENANT}/report_rules/{VIEWS_RULE_ID}/views")
        expect(sorted(views["removed_user_ids"]) == ["c06", "c07"] and views["removed_for_everyone"] is False, views)

    def views_remove_for_everyone():
        ok(remove_views(VIEWS_RULE_ID, []))
        views = admin.call("GET", f"/tenants/{TENANT}/report_rules/{VIEWS_RULE_ID}/views")
        expect(views["removed_for_everyone"] is True, views)

    def views_remove_unknown_rule():
        return refused(remove_views("7500000000000000099", ["c06"]), 1430003, 400)

    def views_remove_deleted_rule():
        return refused(remove_views(DELETED_RULE_ID, ["c02"]), 1430003, 400)

    def views_remove_without_scope():
        return refused(remove_views(VIEWS_RULE_ID, ["c06"], sdk_client=noscope), 99991672, 400)

    # ------------------------------------------------------------------ OAuth (OIDC) and user_info

    def oidc_exchange_code():
        code = authorization_code(base, "c03")
        state["code"] = code
        data = ok(exchange_code(code))  # lark-oapi sends its app_access_token here
        expect(isinstance(data.access_token, str) and data.access_token.startswith("u-"), data.access_token)
        expect(isinstance(data.refresh_token, str) and data.refresh_token, data.refresh_token)
        expect(data.token_type == "Bearer", data.token_type)
        expect(data.expires_in == 7200, data.expires_in)
        expect(isinstance(data.refresh_expires_in, int) and data.refresh_expires_in > 7200, data.refresh_expires_in)
        expect(isinstance(data.scope, str), data.scope)
        state["oidc"] = data

    def oidc_code_is_single_use():
        expect(state.get("code"), "no code from the exchange check")
        return refused(exchange_code(state["code"]), 20003, 200)

    def oidc_unsupported_grant_type():
        body = CreateOidcAccessTokenRequestBody.builder().grant_type("password").code("x").build()
        return refused(client.authen.v1.oidc_access_token.create(
            CreateOidcAccessTokenRequest.builder().request_body(body).build()), 20036, 200)

    def oidc_invalid_app_token():
        option = lark.RequestOption.builder().app_access_token("a-not-a-token").build()
        return refused(exchange_code("whatever", option=option, sdk_client=token_client), 99991663, 400)

    def expect_c03(data):
        ids = admin.ids("c03")
        got = (data.name, data.en_name, data.open_id, data.union_id, data.user_id, data.email, data.tenant_key, data.mobile)
        expected = ("成员3", "Member 3", ids["open_id"], ids["union_id"], "c03", "c3@compat.example", TENANT,
                    None)  # no contact:user.phone:readonly scope: no mobile
        expect(got == expected, f"got {got}\nexpected {expected}")

    def user_info_with_user_token():
        expect(state.get("oidc"), "no user token from the exchange check")
        expect_c03(ok(user_info(state["oidc"].access_token)))

    def oidc_refresh():
        expect(state.get("oidc"), "no refresh token from the exchange check")
        data = ok(refresh(state["oidc"].refresh_token))
        # Not asserted: that the access token differs from the first one. openwork's user tokens are
        # derived from (app, user, issue second), so a refresh within the same second returns the
        # same string (reported to the server's owners; a check on it would be timing-dependent).
        expect(data.access_token.startswith("u-"), data.access_token)
        expect(data.refresh_token and data.refresh_token != state["oidc"].refresh_token, "the refresh token did not rotate")
        expect(data.expires_in == 7200 and data.token_type == "Bearer", (data.expires_in, data.token_type))
        expect_c03(ok(user_info(data.access_token)))
        state["refreshed"] = data

    def oidc_old_refresh_token_refused():
        expect(state.get("refreshed"), "no refresh happened")
        return refused(refresh(state["oidc"].refresh_token), 20038, 200)

    def user_info_tenant_token_refused():
        return refused(user_info(TokenManager.get_self_tenant_token(client.config)), 99991663, 400)

    def user_info_invalid_user_token():
        return refused(user_info("u-not-a-token"), 99991668, 400)

    # ------------------------------------------------------------------ contact v2 (raw client.request)

    def set_runner_paused(paused):
        answer = admin.call("PUT", "/jobs/runner", {"paused": paused})
        expect(answer.get("paused") is paused, answer)

    def step_runner():
        return admin.call("POST", "/jobs/runner/step", {"items": 1000})

    def get_task(task_id, sdk_client=None):
        return raw_request(sdk_client or client, lark.HttpMethod.GET, "/open-apis/contact/v2/task/get",
                           queries=[("task_id", task_id)])

    def departments_batch_add():
        set_runner_paused(True)
        resp = raw_request(client, lark.HttpMethod.POST, "/open-apis/contact/v2/department/batch_add", {
            "departments": [
                {"id": NEW_DEPARTMENT, "name": "Python 部门", "parent_id": "0"},
                {"id": "rd", "name": "重复的研发部", "parent_id": "0"},  # 40018 id already exists
                {"id": "py_orphan", "name": "孤儿", "parent_id": "no_such_department"},  # 40017
                {"id": "_x", "name": "坏 ID", "parent_id": "0"},  # 40013 invalid id
            ]})
        data = raw_ok(resp)
        task_id = data.get("task_id", "")
        expect(len(task_id) == 32 and all(c in "0123456789abcdef" for c in task_id), f"task_id {task_id!r}")
        state["department_task"] = task_id
        step_runner()
        data = raw_ok(get_task(task_id))
        expect((data["type"], data["status"], data["progress"]) == ("add_department", 9, 100), data)
        expect((data["total_num"], data["success_num"], data["fail_num"]) == (4, 1, 3), data)
        got = [(i["code"], i.get("department_id"), i.get("parent_id")) for i in data["task_info"]]
        expected = [(0, NEW_DEPARTMENT, "0"), (40018, "rd", "0"), (40017, "py_orphan", "no_such_department"),
                    (40013, "_x", "0")]
        expect(got == expected, f"got {got}\nexpected {expected}")

    def users_batch_add():
        resp = raw_request(client, lark.HttpMethod.POST, "/open-apis/contact/v2/user/batch_add", {
            "users": [
                {"name": "派森", "departments": [NEW_DEPARTMENT], "mobile": NEW_USER_MOBILE, "user_id": NEW_USER,
                 "email": "py1@compat.example"},
                {"name": "重号", "departments": ["rd"], "mobile": "+8615000000001"},  # 40015: c01's mobile
                {"name": "无部门", "departments": ["no_such_department"], "mobile": "+8613900001002"},  # 40016
                {"name": "坏 ID", "departments": ["rd"], "mobile": "+8613900001003", "user_id": "_x"},  # 10013
                {"name": "重 ID", "departments": ["rd"], "mobile": "+8613900001004", "user_id": "C01"},  # 40014
            ],
            "need_send_notification": False,
        })
        data = raw_ok(resp)
        state["user_task"] = data["task_id"]
        expect(len(data["task_id"]) == 32, data)

    def task_get_while_queued():
        expect(state.get("user_task"), "no user import was queued")
        data = raw_ok(get_task(state["user_task"]))
        got = (data["task_id"], data["type"], data["status"], data["progress"], data["total_num"],
               data["success_num"], data["fail_num"])
        expect(got == (state["user_task"], "add_user", 1, 0, 5, 0, 0), got)
        expect("task_info" not in data and "finish_time" not in data, data)
        expect(data["create_time"] == NOW_MS // 1000, f"create_time {data['create_time']}")

    def task_get_when_done():
        expect(state.get("user_task"), "no user import was queued")
        step_runner()
        data = raw_ok(get_task(state["user_task"]))
        got = (data["status"], data["progress"], data["total_num"], data["success_num"], data["fail_num"])
        expect(got == (9, 100, 5, 1, 4), got)
        expect(isinstance(data.get("finish_time"), int), data)
        items = data["task_info"]
        got = [(i["code"], i["name"], i.get("user_id"), i["mobile"], i["departments"]) for i in items]
        expected = [
            (0, "派森", NEW_USER, NEW_USER_MOBILE, [NEW_DEPARTMENT]),
            (40015, "重号", None, "+8615000000001", ["rd"]),
            (40016, "无部门", None, "+8613900001002", ["no_such_department"]),
            (10013, "坏 ID", "_x", "+8613900001003", ["rd"]),
            (40014, "重 ID", "C01", "+8613900001004", ["rd"]),
        ]
        expect(got == expected, f"got {got}\nexpected {expected}")
        expect(items[0].get("action") == 1 and items[0].get("email") == "py1@compat.example", items[0])
        expect(all("open_id" not in i and "action" not in i for i in items[1:]), "a failed item has open_id/action")
        ids = admin.ids(NEW_USER)
        expect(items[0].get("open_id") == ids["open_id"], f"task_info open_id {items[0].get('open_id')} != {ids}")

    def imported_user_is_visible():
        # The created user exists for the other APIs: user_info with a token for it.
        expect(state.get("user_task"), "no user import was queued")
        ids = admin.ids(NEW_USER)
        data = ok(user_info(admin.user_token(NEW_USER)))
        got = (data.name, data.user_id, data.open_id, data.email, data.tenant_key)
        expected = ("派森", NEW_USER, ids["open_id"], "py1@compat.example", TENANT)
        expect(got == expected, f"got {got}\nexpected {expected}")

    def task_get_unknown():
        return raw_refused(get_task("0" * 32), 40020, 400)

    def users_batch_add_empty():
        resp = raw_request(client, lark.HttpMethod.POST, "/open-apis/contact/v2/user/batch_add", {"users": []})
        return raw_refused(resp, 99992402, 400)

    def departments_batch_add_empty():
        resp = raw_request(client, lark.HttpMethod.POST, "/open-apis/contact/v2/department/batch_add", {"departments": []})
        return raw_refused(resp, 99992402, 400)

    def users_batch_add_without_scope():
        resp = raw_request(noscope, lark.HttpMethod.POST, "/open-apis/contact/v2/user/batch_add", {
            "users": [{"name": "x", "departments": ["rd"], "mobile": "+8613900001009"}]})
        return raw_refused(resp, 99991672, 400)

    def task_get_without_scope():
        expect(state.get("user_task"), "no user import was queued")
        return raw_refused(get_task(state["user_task"], sdk_client=noscope), 99991672, 400)

    def raw_refused(resp, code, status):
        """A raw client.request() refusal: the SDK parses `code` from the JSON body (Content-Type)."""
        expect(resp.code == code, f"client.request parsed code={resp.code}, expected {code} "
                                  f"(HTTP {resp.raw.status_code}: {resp.raw.content[:200]!r})")
        expect(resp.raw.status_code == status, f"HTTP {resp.raw.status_code}, expected {status}")
        log_id(resp)
        return f"code {resp.code} (HTTP {resp.raw.status_code}): {resp.msg}"

    h.check(SDK, TENANT_TOKEN, "a wrong app_secret raises ObtainAccessTokenException 10003", wrong_secret_raises)
    h.check(SDK, TENANT_TOKEN, "the generated internal() with a wrong secret returns 10003", generated_internal_with_wrong_secret)
    h.check(SDK, TENANT_TOKEN, "the SDK obtains and caches a tenant token (expire > 600)", sdk_obtains_tenant_token)
    h.check(SDK, APP_TOKEN, "the SDK obtains an app token", sdk_obtains_app_token)

    h.check(SDK, FIND_BY_PAGE, "every page (page_size 5) equals the fixture's users, statuses and counts", find_by_page_every_page)
    h.check(SDK, FIND_BY_PAGE, "stage names carry the vendor's zh-CN/en-US keys too", find_by_page_vendor_i18n_keys)
    h.check(SDK, FIND_BY_PAGE, "task_option_lists [3] gives the overdue tasks only", find_by_page_overdue_only)
    h.check(SDK, FIND_BY_PAGE, "after_time/before_time bounds are inclusive", find_by_page_deadline_window)
    h.check(SDK, FIND_BY_PAGE, "the default user_id_type is open_id", find_by_page_open_ids)
    h.check(SDK, FIND_BY_PAGE, "a semester without stages gives no items", find_by_page_empty_semester)
    h.check(SDK, FIND_BY_PAGE, "page_size 51 is 1580102", find_by_page_page_size_too_big)
    h.check(SDK, FIND_BY_PAGE, "an unknown semester is 1580102", find_by_page_unknown_semester)
    h.check(SDK, FIND_BY_PAGE, "a page token reused with other filters is 1580102", find_by_page_token_with_other_filters)
    h.check(SDK, FIND_BY_PAGE, "an unknown user_id_type is 99992402", find_by_page_unknown_user_id_type)
    h.check(SDK, FIND_BY_PAGE, "an app without the scope gets 99991672", find_by_page_without_scope)
    h.check(SDK, FIND_BY_PAGE, "an invalid tenant token is 99991663", find_by_page_invalid_tenant_token)

    h.check(SDK, FIND_BY_USER_LIST, "open_ids in the caller's order, users without matches kept, unknown left out", find_by_user_list_keeps_order)
    h.check(SDK, FIND_BY_USER_LIST, "user_id_type user_id, every option", find_by_user_list_by_user_id)
    h.check(SDK, FIND_BY_USER_LIST, "a user token lists its own user only (else 1580102)", find_by_user_list_user_token)
    h.check(SDK, FIND_BY_USER_LIST, "51 user ids is 1580102", find_by_user_list_too_many)
    h.check(SDK, FIND_BY_USER_LIST, "an injected 99991400 twice, then a backed-off retry answers",
            find_by_user_list_retries_an_injected_rate_limit)
    h.check(SDK, FIND_BY_USER_LIST, "an app without the scope gets 99991672", find_by_user_list_without_scope)

    h.check(SDK, SEMESTERS, "lists both fixture semesters with every field", semesters_all)
    h.check(SDK, SEMESTERS, "filters by year", semesters_by_year)
    h.check(SDK, SEMESTERS, "filters by type_group and type; creator as open_id", semesters_by_type)
    h.check(SDK, SEMESTERS, "an unknown user_id_type is 99992402", semesters_unknown_user_id_type)
    h.check(SDK, SEMESTERS, "an app without the scope gets 99991672", semesters_without_scope)

    h.check(SDK, REVIEW_TEMPLATES, "every page (page_size 2) equals the fixture's five templates", review_templates_every_page)
    h.check(SDK, REVIEW_TEMPLATES, "review_template_ids as numbers: ascending, unknown left out", review_templates_by_id)
    h.check(SDK, REVIEW_TEMPLATES, "page_size 51 is 1580102", review_templates_page_size_too_big)
    h.check(SDK, REVIEW_TEMPLATES, "an app without the scope gets 99991672", review_templates_without_scope)

    h.check(SDK, ACTIVITIES, "semester_ids as numbers: every activity of both semesters with its fields", activities_by_semester)
    h.check(SDK, ACTIVITIES, "activity_ids win over semester_ids: ascending, unknown left out", activities_by_id)
    h.check(SDK, ACTIVITIES, "the default user_id_type is open_id", activities_open_ids)
    h.check(SDK, ACTIVITIES, "an app without the scope gets 99991672", activities_without_scope)

    h.check(SDK, REVIEWEES, "every page (page_size 1) equals the groups' members and their activity_ids", reviewees_every_page)
    h.check(SDK, REVIEWEES, "user_ids and activity_ids filter; unknown users left out", reviewees_by_user)
    h.check(SDK, REVIEWEES, "an unknown semester is 1580102", reviewees_unknown_semester)
    h.check(SDK, REVIEWEES, "an app without the scope gets 99991672", reviewees_without_scope)

    h.check(SDK, INDICATORS, "every page (page_size 1) equals the fixture's indicators and options", indicators_every_page)
    h.check(SDK, INDICATORS, "indicator_ids as numbers: ascending, unknown left out", indicators_by_id)
    h.check(SDK, INDICATORS, "an option's level is spelt lable on the wire", indicators_vendor_spelling)
    h.check(SDK, INDICATORS, "page_size 51 is 1580102", indicators_page_size_too_big)

    h.check(SDK, QUESTIONS, "every page (page_size 1) equals the fixture's questions and tag items", questions_every_page)
    h.check(SDK, QUESTIONS, "tag_based_question_ids as numbers, unknown left out", questions_by_id)
    h.check(SDK, QUESTIONS, "an app without the scope gets 99991672", questions_without_scope)

    h.check(SDK, GROUP_WRITE, "replaces the members: success_user_ids, fail_user_datas, and the reviewees follow", group_write_replaces_members)
    h.check(SDK, GROUP_WRITE, "a repeated client_token is 1580110 and changes nothing", group_write_repeated_client_token)
    h.check(SDK, GROUP_WRITE, "an app without the scope gets 99991672", group_write_without_scope)

    h.check(SDK, PERF_USER_INFO, "reviewees in the caller's order with the semester's facts; others left out", user_infos_in_callers_order)
    h.check(SDK, PERF_USER_INFO, "the default department_id_type is open_department_id", user_infos_open_department_ids)
    h.check(SDK, PERF_USER_INFO, "an app without the user_snapshot scopes gets the users only", user_infos_without_field_scopes)
    h.check(SDK, PERF_USER_INFO, "11 user_ids is 1580102", user_infos_too_many_users)
    h.check(SDK, PERF_USER_INFO, "an unknown semester is 1580102", user_infos_unknown_semester)

    h.check(SDK, REVIEW_DATA_V2, "records of stages whose results are open, with units, values, tags and progress", results_v2_open_stages_only)
    h.check(SDK, REVIEW_DATA_V2, "neither stage_types nor stage_ids gives no datas", results_v2_neither_types_nor_ids)
    h.check(SDK, REVIEW_DATA_V2, "opening a stage's results shows its records, closing hides them; roles filter review stages", results_v2_when_results_open)
    h.check(SDK, REVIEW_DATA_V2, "stage_progresses and updated_later_than filter records", results_v2_progress_and_update_filters)
    h.check(SDK, REVIEW_DATA_V2, "stage_types [calibration] is 1580102", results_v2_calibration_refused)
    h.check(SDK, REVIEW_DATA_V2, "11 reviewee_user_ids is 1580102", results_v2_too_many_reviewees)

    h.check(SDK, REVIEW_DATA_V1, "the leader review's records with the semesters, activities, indicators, templates, units and fields", results_v1_with_what_they_name)
    h.check(SDK, REVIEW_DATA_V1, "start_time/end_time as numbers select the semesters within them", results_v1_time_window)
    h.check(SDK, REVIEW_DATA_V1, "stage_progress filters records", results_v1_stage_progress)
    h.check(SDK, REVIEW_DATA_V1, "stage_types [review] is 1580102", results_v1_review_stage_refused)
    h.check(SDK, REVIEW_DATA_V1, "a user token gets its own user's results only (else 1580102)", results_v1_user_token)

    h.check(SDK, INFO_QUERY, "every page (page_size 2) equals the fixture's items, item_id as a string", infos_every_page)
    h.check(SDK, INFO_QUERY, "item_ids win over external_ids: by item_id, unknown left out", infos_by_item_ids)
    h.check(SDK, INFO_QUERY, "external_ids win over reviewee_user_ids", infos_by_external_ids)
    h.check(SDK, INFO_QUERY, "reviewee_user_ids as open_ids (the default user_id_type)", infos_by_reviewee_open_ids)
    h.check(SDK, INFO_IMPORT, "creates the items under new item_ids; the query shows them", info_import_creates)
    h.check(SDK, INFO_IMPORT, "by external_id and by item_id (as a number) updates, never duplicates", info_reimport_updates)
    h.check(SDK, INFO_IMPORT, "a repeated client_token is 1580110 and applies nothing", info_import_repeated_client_token)
    h.check(SDK, INFO_IMPORT, "a reviewee not reviewed in the semester is 1580111", info_import_not_a_reviewee)
    h.check(SDK, INFO_IMPORT, "an external_id twice in one import is 1580202", info_import_duplicate_external_id)
    h.check(SDK, INFO_IMPORT, "a read-only app gets 99991672", info_import_read_only_app)
    h.check(SDK, INFO_DELETE, "an unknown item_id is 1580201 and deletes nothing", info_delete_unknown_deletes_nothing)
    h.check(SDK, INFO_DELETE, "deletes the listed items (numbers in a DELETE body); the refused imports wrote none",
            info_delete_own_items)

    h.check(SDK, METRIC_TAGS, "every page (page_size 2) equals the fixture's tags, index and times", metric_tags_every_page)
    h.check(SDK, METRIC_TAGS, "tag_ids (repeated keys) in one page, by tag_id, unknown left out", metric_tags_listed)
    h.check(SDK, METRIC_TAGS, "page_size 51 is 1580102", metric_tags_page_size_too_big)
    h.check(SDK, METRIC_TAGS, "an app without the metric scopes gets 99991672", metric_tags_without_scope)
    h.check(SDK, METRIC_FIELDS, "every field by field_id with its type, in one answer", metric_fields_all)
    h.check(SDK, METRIC_FIELDS, "field_ids as numbers, unknown left out", metric_fields_listed)
    h.check(SDK, METRIC_FIELDS, "51 field_ids is 1580102", metric_fields_too_many)
    h.check(SDK, METRIC_LIBS, "every page (page_size 3) equals the fixture's metrics with tags, fields, formula and people",
            metric_lib_every_page)
    h.check(SDK, METRIC_LIBS, "is_active false gives the inactive metric only",
            metric_lib_filter({"7390000000000000003"}, is_active=False))
    h.check(SDK, METRIC_LIBS, "tag_ids (numbers) narrow to metrics with any of them; the result pages", metric_lib_tags_paged)
    h.check(SDK, METRIC_LIBS, "type_ids narrow",
            metric_lib_filter({"7390000000000000002", "7390000000000000004"}, type_ids=[7391000000000000002]))
    h.check(SDK, METRIC_LIBS, "range_of_availability narrows",
            metric_lib_filter({"7390000000000000001"}, range_of_availability="only_admins"))
    h.check(SDK, METRIC_LIBS, "scoring_setting_type and is_active narrow together",
            metric_lib_filter({"7390000000000000002"}, scoring_setting_type="score_manually", is_active=True))
    h.check(SDK, METRIC_LIBS, "people as open_ids by default", metric_lib_open_ids)
    h.check(SDK, METRIC_LIBS, "a misspelt scoring_setting_type is 1580102", metric_lib_misspelt_scoring_type)
    h.check(SDK, METRIC_TEMPLATES,
            "every page (page_size 2) equals the fixture's templates with dimensions, library metrics and rules",
            metric_templates_every_page)
    h.check(SDK, METRIC_TEMPLATES, "metrics_template_ids (numbers) narrow, unknown left out; the result pages",
            metric_templates_listed)
    h.check(SDK, METRIC_TEMPLATES, "status disabled gives the disabled template only",
            metric_template_filter({"7393000000000000002"}, status="disabled"))
    h.check(SDK, METRIC_TEMPLATES, "metrics_template_ids and status combine (AND)",
            metric_template_filter({"7393000000000000001"}, status="enabled",
                                   ids=[7393000000000000001, 7393000000000000002]))
    h.check(SDK, METRIC_TEMPLATES, "people as open_ids by default", metric_templates_open_ids)
    h.check(SDK, METRIC_TEMPLATES, "a misspelt status is 1580102", metric_templates_misspelt_status)

    h.check(SDK, METRIC_DETAIL_IMPORT,
            "imports (IDs as numbers); the query shows exactly them, the library's and the fixture's values",
            metric_details_import_then_query)
    h.check(SDK, METRIC_DETAIL_QUERY, "people as {open_id, user_id}, open_ids by default (an imported person too)",
            metric_details_people_as_open_ids)
    h.check(SDK, METRIC_DETAIL_IMPORT, "a repeated client_token is 1580110 and changes nothing",
            metric_details_repeated_client_token)
    h.check(SDK, METRIC_DETAIL_IMPORT, "a field the admin fills in is 1580311",
            metric_details_refused(1, (PY_REVIEWEE, "7390000000000000001", [("7380000000000000001", "1", None)]),
                                   1580311))
    h.check(SDK, METRIC_DETAIL_IMPORT, "a percentage with its % sign is 1580301",
            metric_details_refused(2, (PY_REVIEWEE, "7390000000000000001", [("7380000000000000002", "85%", None)]),
                                   1580301))
    h.check(SDK, METRIC_DETAIL_IMPORT, "a metric outside the reviewee's template is 1580312",
            metric_details_refused(3, (PY_REVIEWEE, "7390000000000000003", [("7380000000000000002", "1", None)]),
                                   1580312))
    h.check(SDK, METRIC_DETAIL_IMPORT, "a reviewee not reviewed in the semester is 1580306",
            metric_details_refused(4, (NOT_REVIEWEE, "7390000000000000001", [("7380000000000000002", "1", None)]),
                                   1580306))
    h.check(SDK, METRIC_DETAIL_IMPORT, "51 metrics is 1580102", metric_details_too_many)
    h.check(SDK, METRIC_DETAIL_IMPORT, "a semester that has ended is 1580309", metric_details_ended_semester)
    h.check(SDK, METRIC_DETAIL_IMPORT, "an app without performance:metric:write gets 99991672",
            metric_details_read_only_app)
    h.check(SDK, METRIC_DETAIL_QUERY, "the refused imports wrote nothing", metric_details_refused_wrote_nothing)
    h.check(SDK, METRIC_DETAIL_QUERY, "an unknown semester is 1580105", metric_details_unknown_semester)

    h.check(SDK, REPORT_TASKS, "every page (page_size 3) equals the fixture's reports, newest first", report_tasks_every_page)
    h.check(SDK, REPORT_TASKS, "rule_id (a number) and sender filters", report_tasks_by_rule_and_sender)
    h.check(SDK, REPORT_TASKS, "commit time bounds are inclusive; page_size 0 means 20", report_tasks_inclusive_window)
    h.check(SDK, REPORT_TASKS, "a user token gets the user's reports in one response", report_tasks_user_token)
    h.check(SDK, REPORT_TASKS, "page_size 21 is 1430002", report_tasks_page_size_too_big)
    h.check(SDK, REPORT_TASKS, "an unknown rule_id is 1430003", report_tasks_unknown_rule)
    h.check(SDK, REPORT_TASKS, "a missing commit_start_time is 99992402", report_tasks_missing_start)
    h.check(SDK, REPORT_TASKS, "an app without the scope gets 99991672", report_tasks_without_scope)

    h.check(SDK, REPORT_RULES, "finds the fixture rule by name with every field", rules_by_name)
    h.check(SDK, REPORT_RULES, "a deleted rule only with include_deleted=1", rules_deleted_only_when_asked)
    h.check(SDK, REPORT_RULES, "rule_name matches exactly", rules_name_is_exact)
    h.check(SDK, REPORT_RULES, "a missing rule_name is 99992402", rules_missing_name)
    h.check(SDK, REPORT_RULES, "an app without the scope gets 99991672", rules_without_scope)

    h.check(SDK, RULE_VIEWS_REMOVE, "removes the view for the listed users", views_remove_for_users)
    h.check(SDK, RULE_VIEWS_REMOVE, "an empty user_ids removes it for everyone", views_remove_for_everyone)
    h.check(SDK, RULE_VIEWS_REMOVE, "an unknown rule is 1430003", views_remove_unknown_rule)
    h.check(SDK, RULE_VIEWS_REMOVE, "a deleted rule is 1430003", views_remove_deleted_rule)
    h.check(SDK, RULE_VIEWS_REMOVE, "an app without the scope gets 99991672", views_remove_without_scope)

    h.check(SDK, OIDC_ACCESS_TOKEN, "exchanges a code from the authorization page (app token)", oidc_exchange_code)
    h.check(SDK, OIDC_ACCESS_TOKEN, "a code is single use: 20003 with HTTP 200", oidc_code_is_single_use)
    h.check(SDK, OIDC_ACCESS_TOKEN, "an unsupported grant_type is 20036", oidc_unsupported_grant_type)
    h.check(SDK, OIDC_ACCESS_TOKEN, "an invalid app token is 99991663", oidc_invalid_app_token)
    h.check(SDK, USER_INFO, "the user token's user, with the fields its scopes allow", user_info_with_user_token)
    h.check(SDK, OIDC_REFRESH, "refreshes: a rotated refresh token and an access token that works", oidc_refresh)
    h.check(SDK, OIDC_REFRESH, "the used refresh token is 20038", oidc_old_refresh_token_refused)
    h.check(SDK, USER_INFO, "a tenant token is 99991663", user_info_tenant_token_refused)
    h.check(SDK, USER_INFO, "an invalid user token is 99991668", user_info_invalid_user_token)

    try:
        h.check(SDK, DEPARTMENT_BATCH_ADD, "a job whose items get their own codes, in order", departments_batch_add)
        h.check(SDK, USER_BATCH_ADD, "queues a job (32-hex task_id)", users_batch_add)
        h.check(SDK, TASK_GET, "a queued job: status 1, progress 0, no task_info", task_get_while_queued)
        h.check(SDK, TASK_GET, "a finished job: status 9, task_info in request order with item codes", task_get_when_done)
        h.check(SDK, USER_BATCH_ADD, "the imported user is visible to user_info", imported_user_is_visible)
    finally:
        set_runner_paused(False)
    h.check(SDK, TASK_GET, "an unknown task_id is 40020", task_get_unknown)
    h.check(SDK, TASK_GET, "an app without the scope gets 99991672", task_get_without_scope)
    h.check(SDK, USER_BATCH_ADD, "an empty users list is 99992402", users_batch_add_empty)
    h.check(SDK, USER_BATCH_ADD, "an app without the scope gets 99991672", users_batch_add_without_scope)
    h.check(SDK, DEPARTMENT_BATCH_ADD, "an empty departments list is 99992402", departments_batch_add_empty)


if __name__ == "__main__":
    main()

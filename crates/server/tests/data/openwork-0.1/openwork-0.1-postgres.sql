--
-- PostgreSQL database dump
--


-- Dumped from database version 15.20 (Debian 15.20-0+deb12u1)
-- Dumped by pg_dump version 15.20 (Debian 15.20-0+deb12u1)


--
-- Name: openwork_legacy_record; Type: SCHEMA; Schema: -; Owner: -
--



--
-- Name: bump_catalog_revision(); Type: FUNCTION; Schema: openwork_legacy_record; Owner: -
--

CREATE FUNCTION bump_catalog_revision() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
    UPDATE catalog_revision SET revision = revision + 1 WHERE id = 1;
    RETURN NULL;
END;
$$;




--
-- Name: _sqlx_migrations; Type: TABLE; Schema: openwork_legacy_record; Owner: -
--

CREATE TABLE _sqlx_migrations (
    version bigint NOT NULL,
    description text NOT NULL,
    installed_on timestamp with time zone DEFAULT now() NOT NULL,
    success boolean NOT NULL,
    checksum bytea NOT NULL,
    execution_time bigint NOT NULL
);


--
-- Name: app_token_issues; Type: TABLE; Schema: openwork_legacy_record; Owner: -
--

CREATE TABLE app_token_issues (
    app_id text NOT NULL COLLATE pg_catalog."C",
    issued_at_ms bigint NOT NULL,
    credential_fingerprint text NOT NULL COLLATE pg_catalog."C"
);


--
-- Name: apps; Type: TABLE; Schema: openwork_legacy_record; Owner: -
--

CREATE TABLE apps (
    app_id text NOT NULL COLLATE pg_catalog."C",
    tenant_key text NOT NULL COLLATE pg_catalog."C",
    app_secret text NOT NULL COLLATE pg_catalog."C",
    name text NOT NULL COLLATE pg_catalog."C",
    developer text NOT NULL COLLATE pg_catalog."C",
    scopes text NOT NULL COLLATE pg_catalog."C",
    dingtalk_app_key text COLLATE pg_catalog."C",
    dingtalk text COLLATE pg_catalog."C",
    "position" bigint NOT NULL
);


--
-- Name: catalog_revision; Type: TABLE; Schema: openwork_legacy_record; Owner: -
--

CREATE TABLE catalog_revision (
    id integer NOT NULL,
    revision bigint NOT NULL,
    CONSTRAINT catalog_revision_id_check CHECK ((id = 1))
);


--
-- Name: contact_job_items; Type: TABLE; Schema: openwork_legacy_record; Owner: -
--

CREATE TABLE contact_job_items (
    tenant_key text NOT NULL COLLATE pg_catalog."C",
    task_id text NOT NULL COLLATE pg_catalog."C",
    item_index bigint NOT NULL,
    request text NOT NULL COLLATE pg_catalog."C"
);


--
-- Name: contact_job_results; Type: TABLE; Schema: openwork_legacy_record; Owner: -
--

CREATE TABLE contact_job_results (
    tenant_key text NOT NULL COLLATE pg_catalog."C",
    task_id text NOT NULL COLLATE pg_catalog."C",
    item_index bigint NOT NULL,
    outcome text NOT NULL COLLATE pg_catalog."C"
);


--
-- Name: contact_jobs; Type: TABLE; Schema: openwork_legacy_record; Owner: -
--

CREATE TABLE contact_jobs (
    task_id text NOT NULL COLLATE pg_catalog."C",
    tenant_key text NOT NULL COLLATE pg_catalog."C",
    app_id text NOT NULL COLLATE pg_catalog."C",
    kind text NOT NULL COLLATE pg_catalog."C",
    status bigint NOT NULL,
    total_num bigint NOT NULL,
    processed_num bigint NOT NULL,
    success_num bigint NOT NULL,
    fail_num bigint NOT NULL,
    create_time_ms bigint NOT NULL,
    finish_time_ms bigint,
    submitted_at_ms bigint NOT NULL,
    lease_owner text COLLATE pg_catalog."C",
    lease_until_ms bigint
);


--
-- Name: departments; Type: TABLE; Schema: openwork_legacy_record; Owner: -
--

CREATE TABLE departments (
    tenant_key text NOT NULL COLLATE pg_catalog."C",
    department_id text NOT NULL COLLATE pg_catalog."C",
    name text NOT NULL COLLATE pg_catalog."C",
    parent_id text NOT NULL COLLATE pg_catalog."C",
    leader_user_id text COLLATE pg_catalog."C",
    open_department_id text NOT NULL COLLATE pg_catalog."C",
    "position" bigint NOT NULL,
    chat_id text COLLATE pg_catalog."C"
);


--
-- Name: dingtalk_token_issues; Type: TABLE; Schema: openwork_legacy_record; Owner: -
--

CREATE TABLE dingtalk_token_issues (
    app_id text NOT NULL COLLATE pg_catalog."C",
    issued_at_ms bigint NOT NULL,
    renewed_at_ms bigint NOT NULL,
    credential_fingerprint text NOT NULL COLLATE pg_catalog."C"
);


--
-- Name: meta; Type: TABLE; Schema: openwork_legacy_record; Owner: -
--

CREATE TABLE meta (
    key text NOT NULL COLLATE pg_catalog."C",
    value text NOT NULL COLLATE pg_catalog."C"
);


--
-- Name: oauth_grants; Type: TABLE; Schema: openwork_legacy_record; Owner: -
--

CREATE TABLE oauth_grants (
    grant_hash text NOT NULL COLLATE pg_catalog."C",
    kind text NOT NULL COLLATE pg_catalog."C",
    tenant_key text NOT NULL COLLATE pg_catalog."C",
    app_id text NOT NULL COLLATE pg_catalog."C",
    user_id text NOT NULL COLLATE pg_catalog."C",
    expires_at_ms bigint NOT NULL
);


--
-- Name: report_recipients; Type: TABLE; Schema: openwork_legacy_record; Owner: -
--

CREATE TABLE report_recipients (
    tenant_key text NOT NULL COLLATE pg_catalog."C",
    user_id text NOT NULL COLLATE pg_catalog."C",
    task_id text NOT NULL COLLATE pg_catalog."C"
);


--
-- Name: report_rules; Type: TABLE; Schema: openwork_legacy_record; Owner: -
--

CREATE TABLE report_rules (
    tenant_key text NOT NULL COLLATE pg_catalog."C",
    rule_id text NOT NULL COLLATE pg_catalog."C",
    name text NOT NULL COLLATE pg_catalog."C",
    icon_name text COLLATE pg_catalog."C",
    owner_user_id text COLLATE pg_catalog."C",
    creator_user_id text COLLATE pg_catalog."C",
    created_at_ms bigint NOT NULL,
    form text NOT NULL COLLATE pg_catalog."C",
    audience text NOT NULL COLLATE pg_catalog."C",
    deleted bigint NOT NULL
);


--
-- Name: report_view_removals; Type: TABLE; Schema: openwork_legacy_record; Owner: -
--

CREATE TABLE report_view_removals (
    tenant_key text NOT NULL COLLATE pg_catalog."C",
    rule_id text NOT NULL COLLATE pg_catalog."C",
    user_id text NOT NULL COLLATE pg_catalog."C",
    removed_at_ms bigint NOT NULL
);


--
-- Name: reports; Type: TABLE; Schema: openwork_legacy_record; Owner: -
--

CREATE TABLE reports (
    tenant_key text NOT NULL COLLATE pg_catalog."C",
    task_id text NOT NULL COLLATE pg_catalog."C",
    rule_id text NOT NULL COLLATE pg_catalog."C",
    from_user_id text NOT NULL COLLATE pg_catalog."C",
    commit_ms bigint NOT NULL,
    to_user_ids text NOT NULL COLLATE pg_catalog."C",
    form_values text NOT NULL COLLATE pg_catalog."C"
);


--
-- Name: review_templates; Type: TABLE; Schema: openwork_legacy_record; Owner: -
--

CREATE TABLE review_templates (
    tenant_key text NOT NULL COLLATE pg_catalog."C",
    review_template_id text NOT NULL COLLATE pg_catalog."C",
    body text NOT NULL COLLATE pg_catalog."C"
);


--
-- Name: semesters; Type: TABLE; Schema: openwork_legacy_record; Owner: -
--

CREATE TABLE semesters (
    tenant_key text NOT NULL COLLATE pg_catalog."C",
    semester_id text NOT NULL COLLATE pg_catalog."C",
    name_zh text NOT NULL COLLATE pg_catalog."C",
    name_en text NOT NULL COLLATE pg_catalog."C",
    year bigint NOT NULL,
    type_group text NOT NULL COLLATE pg_catalog."C",
    semester_type text NOT NULL COLLATE pg_catalog."C",
    progress text NOT NULL COLLATE pg_catalog."C",
    start_ms bigint NOT NULL,
    end_ms bigint NOT NULL,
    create_ms bigint NOT NULL,
    modify_ms bigint NOT NULL,
    create_user_id text COLLATE pg_catalog."C",
    modify_user_id text COLLATE pg_catalog."C"
);


--
-- Name: stage_tasks; Type: TABLE; Schema: openwork_legacy_record; Owner: -
--

CREATE TABLE stage_tasks (
    tenant_key text NOT NULL COLLATE pg_catalog."C",
    semester_id text NOT NULL COLLATE pg_catalog."C",
    user_id text NOT NULL COLLATE pg_catalog."C",
    stage_id text NOT NULL COLLATE pg_catalog."C",
    need_todo bigint NOT NULL,
    finished bigint NOT NULL
);


--
-- Name: stages; Type: TABLE; Schema: openwork_legacy_record; Owner: -
--

CREATE TABLE stages (
    tenant_key text NOT NULL COLLATE pg_catalog."C",
    stage_id text NOT NULL COLLATE pg_catalog."C",
    semester_id text NOT NULL COLLATE pg_catalog."C",
    name_zh text NOT NULL COLLATE pg_catalog."C",
    name_en text NOT NULL COLLATE pg_catalog."C",
    deadline_ms bigint NOT NULL,
    jump_url text COLLATE pg_catalog."C",
    paused bigint NOT NULL,
    "position" bigint NOT NULL
);


--
-- Name: tenants; Type: TABLE; Schema: openwork_legacy_record; Owner: -
--

CREATE TABLE tenants (
    tenant_key text NOT NULL COLLATE pg_catalog."C",
    name text NOT NULL COLLATE pg_catalog."C",
    dingtalk_corp_id text COLLATE pg_catalog."C",
    clock_fixed_ms bigint,
    clock_offset_ms bigint DEFAULT 0 NOT NULL,
    perf_licensed bigint NOT NULL,
    perf_allow_late bigint NOT NULL,
    report_enabled bigint NOT NULL
);


--
-- Name: user_identities; Type: TABLE; Schema: openwork_legacy_record; Owner: -
--

CREATE TABLE user_identities (
    tenant_key text NOT NULL COLLATE pg_catalog."C",
    app_id text NOT NULL COLLATE pg_catalog."C",
    user_id text NOT NULL COLLATE pg_catalog."C",
    open_id text NOT NULL COLLATE pg_catalog."C",
    union_id text NOT NULL COLLATE pg_catalog."C"
);


--
-- Name: users; Type: TABLE; Schema: openwork_legacy_record; Owner: -
--

CREATE TABLE users (
    tenant_key text NOT NULL COLLATE pg_catalog."C",
    user_id text NOT NULL COLLATE pg_catalog."C",
    name text NOT NULL COLLATE pg_catalog."C",
    en_name text COLLATE pg_catalog."C",
    email text COLLATE pg_catalog."C",
    mobile text COLLATE pg_catalog."C",
    department_ids text NOT NULL COLLATE pg_catalog."C",
    leader_user_id text COLLATE pg_catalog."C",
    employee_no text COLLATE pg_catalog."C",
    attributes text NOT NULL COLLATE pg_catalog."C",
    "position" bigint NOT NULL
);


--
-- Name: workspace_tasklists; Type: TABLE; Schema: openwork_legacy_record; Owner: -
--

CREATE TABLE workspace_tasklists (
    tenant_key text NOT NULL COLLATE pg_catalog."C",
    user_id text NOT NULL COLLATE pg_catalog."C",
    project_id text NOT NULL COLLATE pg_catalog."C",
    hidden bigint NOT NULL,
    changed_at_ms bigint NOT NULL
);


--
-- Name: workspace_tasks; Type: TABLE; Schema: openwork_legacy_record; Owner: -
--

CREATE TABLE workspace_tasks (
    tenant_key text NOT NULL COLLATE pg_catalog."C",
    task_id text NOT NULL COLLATE pg_catalog."C",
    source text NOT NULL COLLATE pg_catalog."C",
    source_id text NOT NULL COLLATE pg_catalog."C",
    body text NOT NULL COLLATE pg_catalog."C",
    gmt_create_ms bigint NOT NULL,
    gmt_modified_ms bigint NOT NULL,
    corp_id text COLLATE pg_catalog."C"
);


--
-- Data for Name: _sqlx_migrations; Type: TABLE DATA; Schema: openwork_legacy_record; Owner: -
--

INSERT INTO _sqlx_migrations VALUES (1, 'foundation', '2026-11-29 21:28:26.405626+00', true, '\x5da6cfb526ada53c9b17dd9b9c9a9f71575f3a755961b1d71c18b98d90071fe0ef48a004b11eb190903e399c5daf7717', 45440329);
INSERT INTO _sqlx_migrations VALUES (2, 'reports and oauth', '2026-11-29 21:28:26.452448+00', true, '\x1dbb5b9fa6885aee27e5200265f63dad5cd77ca09e522f2f9b2d60c266767f7c0e7520e67383603a1cbffdd5a528bcdf', 5082561);
INSERT INTO _sqlx_migrations VALUES (3, 'contact jobs', '2026-11-29 21:28:26.457978+00', true, '\x075279960d9774c761a438af35bbf5af924361babc53ff43ef9904c17e82786d5734b4e1e8a9561bd3ad0cf791276ed1', 9724317);
INSERT INTO _sqlx_migrations VALUES (4, 'dingtalk', '2026-11-29 21:28:26.468288+00', true, '\x6f40ec7fea4b1beb97676f23f4411963655b0d21abb34a5ffb0f1a3e5efd6db5328408fa3eaafd1a5c0574a6463ee44b', 5451083);
INSERT INTO _sqlx_migrations VALUES (5, 'catalog revision', '2026-11-29 21:28:26.474328+00', true, '\x61cb5032f9fa8f78e28b8c9c4151fb669de5c1bf01ea49988db9b507b18c1468eb045c070edcfff72e2e50dc50a4150f', 6208093);


--
-- Data for Name: app_token_issues; Type: TABLE DATA; Schema: openwork_legacy_record; Owner: -
--

INSERT INTO app_token_issues VALUES ('cli_demo0000000000001', 1795987706000, 'ba894593bf9b7c9fd977e83f');


--
-- Data for Name: apps; Type: TABLE DATA; Schema: openwork_legacy_record; Owner: -
--

INSERT INTO apps VALUES ('cli_bench0000000000001', 'bench', 'openwork-bench-secret', 'Benchmark', 'bench', '["performance:performance:readonly","report:task:readonly","report:rule:readonly","report:report","contact:contact","contact:user.employee_id:readonly"]', 'dingbench000000001', '{"app_key":"dingbench000000001","app_secret":"openwork-bench-dingtalk-secret","agent_id":"200001","permissions":null}', 0);
INSERT INTO apps VALUES ('cli_demo0000000000001', 'demo', 'openwork-demo-secret', 'HR dashboard', 'demo', '["performance:performance:readonly","report:task:readonly","report:rule:readonly","report:report","contact:contact","contact:user.employee_id:readonly"]', 'dingdemo0000000001', '{"app_key":"dingdemo0000000001","app_secret":"openwork-demo-dingtalk-secret","agent_id":"100001","permissions":null}', 0);
INSERT INTO apps VALUES ('cli_demo0000000000002', 'demo', 'openwork-demo-secret-2', 'Report bot', 'partner', '["report:task:readonly"]', NULL, NULL, 1);


--
-- Data for Name: catalog_revision; Type: TABLE DATA; Schema: openwork_legacy_record; Owner: -
--

INSERT INTO catalog_revision VALUES (1, 16);


--
-- Data for Name: contact_job_items; Type: TABLE DATA; Schema: openwork_legacy_record; Owner: -
--

INSERT INTO contact_job_items VALUES ('demo', '1e91d49eb5fa5eb0a27b4166628dad8d', 0, '{"name":"新人甲","departments":["eng"],"user_id":"n001","email":"n001@demo.example","mobile":"+8613900000001","mobile_visible":null,"city":null,"country":null,"gender":null,"employee_type":null,"join_time":null,"leader_open_id":null,"leader_user_id":"u001","employee_no":null,"custom_attrs":null,"work_station":null}');
INSERT INTO contact_job_items VALUES ('demo', '1e91d49eb5fa5eb0a27b4166628dad8d', 1, '{"name":"新人乙","departments":["od-does-not-exist"],"user_id":null,"email":null,"mobile":"+8613900000002","mobile_visible":null,"city":null,"country":null,"gender":null,"employee_type":null,"join_time":null,"leader_open_id":null,"leader_user_id":null,"employee_no":null,"custom_attrs":null,"work_station":null}');
INSERT INTO contact_job_items VALUES ('demo', '1e91d49eb5fa5eb0a27b4166628dad8d', 2, '{"name":"重复","departments":["eng"],"user_id":"u001","email":null,"mobile":"+8613900000003","mobile_visible":null,"city":null,"country":null,"gender":null,"employee_type":null,"join_time":null,"leader_open_id":null,"leader_user_id":null,"employee_no":null,"custom_attrs":null,"work_station":null}');
INSERT INTO contact_job_items VALUES ('demo', '1e91d49eb5fa5eb0a27b4166628dad8d', 3, '{"name":"撞号","departments":["eng"],"user_id":null,"email":null,"mobile":"+8613800000001","mobile_visible":null,"city":null,"country":null,"gender":null,"employee_type":null,"join_time":null,"leader_open_id":null,"leader_user_id":null,"employee_no":null,"custom_attrs":null,"work_station":null}');
INSERT INTO contact_job_items VALUES ('demo', '1e91d49eb5fa5eb0a27b4166628dad8d', 4, '{"name":"新人丙","departments":["product"],"user_id":null,"email":null,"mobile":"+8613900000004","mobile_visible":null,"city":"杭州","country":null,"gender":null,"employee_type":null,"join_time":null,"leader_open_id":null,"leader_user_id":null,"employee_no":null,"custom_attrs":null,"work_station":null}');
INSERT INTO contact_job_items VALUES ('demo', '6d2ca21c2f29bf413f6c4b16135931b3', 0, '{"id":"design","name":"设计部","parent_id":"0","leader_user_id":"u011","leader_open_id":null,"create_group_chat":true}');
INSERT INTO contact_job_items VALUES ('demo', '6d2ca21c2f29bf413f6c4b16135931b3', 1, '{"id":"design-ux","name":"体验组","parent_id":"design","leader_user_id":null,"leader_open_id":null,"create_group_chat":null}');
INSERT INTO contact_job_items VALUES ('demo', '6d2ca21c2f29bf413f6c4b16135931b3', 2, '{"id":"eng","name":"重复部门","parent_id":"0","leader_user_id":null,"leader_open_id":null,"create_group_chat":null}');


--
-- Data for Name: contact_job_results; Type: TABLE DATA; Schema: openwork_legacy_record; Owner: -
--

INSERT INTO contact_job_results VALUES ('demo', '1e91d49eb5fa5eb0a27b4166628dad8d', 0, '{"code":0,"msg":"success","user_id":"n001","department_id":null,"chat_id":null}');
INSERT INTO contact_job_results VALUES ('demo', '1e91d49eb5fa5eb0a27b4166628dad8d', 1, '{"code":40016,"msg":"department not found","user_id":null,"department_id":null,"chat_id":null}');
INSERT INTO contact_job_results VALUES ('demo', '1e91d49eb5fa5eb0a27b4166628dad8d', 2, '{"code":40014,"msg":"user_id already exists","user_id":null,"department_id":null,"chat_id":null}');
INSERT INTO contact_job_results VALUES ('demo', '1e91d49eb5fa5eb0a27b4166628dad8d', 3, '{"code":40015,"msg":"mobile already exists","user_id":null,"department_id":null,"chat_id":null}');
INSERT INTO contact_job_results VALUES ('demo', '1e91d49eb5fa5eb0a27b4166628dad8d', 4, '{"code":0,"msg":"success","user_id":"c15f7673","department_id":null,"chat_id":null}');
INSERT INTO contact_job_results VALUES ('demo', '6d2ca21c2f29bf413f6c4b16135931b3', 0, '{"code":0,"msg":"success","user_id":null,"department_id":"design","chat_id":"oc_3e6fdf64886fa7ea69fdd71177ae4b99"}');
INSERT INTO contact_job_results VALUES ('demo', '6d2ca21c2f29bf413f6c4b16135931b3', 1, '{"code":0,"msg":"success","user_id":null,"department_id":"design-ux","chat_id":null}');
INSERT INTO contact_job_results VALUES ('demo', '6d2ca21c2f29bf413f6c4b16135931b3', 2, '{"code":40018,"msg":"department id already exists","user_id":null,"department_id":null,"chat_id":null}');


--
-- Data for Name: contact_jobs; Type: TABLE DATA; Schema: openwork_legacy_record; Owner: -
--

INSERT INTO contact_jobs VALUES ('1e91d49eb5fa5eb0a27b4166628dad8d', 'demo', 'cli_demo0000000000001', 'add_user', 9, 5, 5, 2, 3, 1718416800000, 1718416800000, 1795987706638, NULL, NULL);
INSERT INTO contact_jobs VALUES ('6d2ca21c2f29bf413f6c4b16135931b3', 'demo', 'cli_demo0000000000001', 'add_department', 9, 3, 3, 2, 1, 1718416800000, 1718416800000, 1795987706643, NULL, NULL);


--
-- Data for Name: departments; Type: TABLE DATA; Schema: openwork_legacy_record; Owner: -
--

INSERT INTO departments VALUES ('bench', 'd000', '部门000', '0', 'u000000', 'od-5e7d929c42a8ed9dc6e9e3a8ac33ae85', 0, NULL);
INSERT INTO departments VALUES ('demo', 'eng', '研发部', '0', 'u001', 'od-82de1840cd18fe9213c73c17201e22f2', 0, NULL);
INSERT INTO departments VALUES ('demo', 'eng-platform', '平台组', 'eng', 'u002', 'od-da40df518167966cca292ca671b1a3c4', 1, NULL);
INSERT INTO departments VALUES ('demo', 'product', '产品部', '0', 'u011', 'od-a6d73c8401bfdd6507c50b5f0707e60c', 2, NULL);
INSERT INTO departments VALUES ('demo', 'hr', '人力资源部', '0', 'u017', 'od-cc5c0b68963b7f05406e56312ef82076', 3, NULL);
INSERT INTO departments VALUES ('demo', 'sales', '销售部', '0', 'u023', 'od-e98c2de5e86aee2f6eb5d5bab5aedccb', 4, NULL);
INSERT INTO departments VALUES ('demo', 'design', '设计部', '0', 'u011', 'od-24fde9cbf8de4278fabffe841d09a515', 5, 'oc_3e6fdf64886fa7ea69fdd71177ae4b99');
INSERT INTO departments VALUES ('demo', 'design-ux', '体验组', 'design', NULL, 'od-c7dee60d65fcfb8478de4654556c5105', 6, NULL);


--
-- Data for Name: dingtalk_token_issues; Type: TABLE DATA; Schema: openwork_legacy_record; Owner: -
--

INSERT INTO dingtalk_token_issues VALUES ('cli_demo0000000000001', 1795987706000, 1795987706000, '1ecd238baef42c8f0e41c5ed');


--
-- Data for Name: meta; Type: TABLE DATA; Schema: openwork_legacy_record; Owner: -
--

INSERT INTO meta VALUES ('signing_key', 'db2372d7743500306c656b0e8f65c3a2e96ed2e47781257ca33124cff4a3a76b');


--
-- Data for Name: oauth_grants; Type: TABLE DATA; Schema: openwork_legacy_record; Owner: -
--



--
-- Data for Name: report_recipients; Type: TABLE DATA; Schema: openwork_legacy_record; Owner: -
--

INSERT INTO report_recipients VALUES ('bench', 'u000000', '7460000000000000000');
INSERT INTO report_recipients VALUES ('bench', 'u000000', '7460000000000000001');
INSERT INTO report_recipients VALUES ('bench', 'u000000', '7460000000000000002');
INSERT INTO report_recipients VALUES ('bench', 'u000000', '7460000000000000003');
INSERT INTO report_recipients VALUES ('bench', 'u000000', '7460000000000000004');
INSERT INTO report_recipients VALUES ('bench', 'u000000', '7460000000000000005');
INSERT INTO report_recipients VALUES ('bench', 'u000000', '7460000000000000006');
INSERT INTO report_recipients VALUES ('bench', 'u000000', '7460000000000000007');
INSERT INTO report_recipients VALUES ('bench', 'u000000', '7460000000000000008');
INSERT INTO report_recipients VALUES ('bench', 'u000000', '7460000000000000009');
INSERT INTO report_recipients VALUES ('bench', 'u000000', '7460000000000000010');
INSERT INTO report_recipients VALUES ('bench', 'u000000', '7460000000000000011');
INSERT INTO report_recipients VALUES ('bench', 'u000000', '7460000000000000012');
INSERT INTO report_recipients VALUES ('bench', 'u000000', '7460000000000000013');
INSERT INTO report_recipients VALUES ('bench', 'u000000', '7460000000000000014');
INSERT INTO report_recipients VALUES ('bench', 'u000000', '7460000000000000015');
INSERT INTO report_recipients VALUES ('bench', 'u000000', '7460000000000000016');
INSERT INTO report_recipients VALUES ('bench', 'u000000', '7460000000000000017');
INSERT INTO report_recipients VALUES ('bench', 'u000000', '7460000000000000018');
INSERT INTO report_recipients VALUES ('bench', 'u000000', '7460000000000000019');
INSERT INTO report_recipients VALUES ('bench', 'u000000', '7460000000000000020');
INSERT INTO report_recipients VALUES ('bench', 'u000000', '7460000000000000021');
INSERT INTO report_recipients VALUES ('bench', 'u000000', '7460000000000000022');
INSERT INTO report_recipients VALUES ('bench', 'u000000', '7460000000000000023');
INSERT INTO report_recipients VALUES ('bench', 'u000000', '7460000000000000024');
INSERT INTO report_recipients VALUES ('bench', 'u000000', '7460000000000000025');
INSERT INTO report_recipients VALUES ('bench', 'u000000', '7460000000000000026');
INSERT INTO report_recipients VALUES ('bench', 'u000000', '7460000000000000027');
INSERT INTO report_recipients VALUES ('bench', 'u000000', '7460000000000000028');
INSERT INTO report_recipients VALUES ('bench', 'u000000', '7460000000000000029');
INSERT INTO report_recipients VALUES ('bench', 'u000000', '7460000000000000030');
INSERT INTO report_recipients VALUES ('bench', 'u000000', '7460000000000000031');
INSERT INTO report_recipients VALUES ('bench', 'u000000', '7460000000000000032');
INSERT INTO report_recipients VALUES ('bench', 'u000000', '7460000000000000033');
INSERT INTO report_recipients VALUES ('bench', 'u000000', '7460000000000000034');
INSERT INTO report_recipients VALUES ('bench', 'u000000', '7460000000000000035');
INSERT INTO report_recipients VALUES ('bench', 'u000000', '7460000000000000036');
INSERT INTO report_recipients VALUES ('bench', 'u000000', '7460000000000000037');
INSERT INTO report_recipients VALUES ('bench', 'u000000', '7460000000000000038');
INSERT INTO report_recipients VALUES ('bench', 'u000000', '7460000000000000039');
INSERT INTO report_recipients VALUES ('bench', 'u000000', '7460000000000000040');
INSERT INTO report_recipients VALUES ('bench', 'u000000', '7460000000000000041');
INSERT INTO report_recipients VALUES ('bench', 'u000000', '7460000000000000042');
INSERT INTO report_recipients VALUES ('bench', 'u000000', '7460000000000000043');
INSERT INTO report_recipients VALUES ('bench', 'u000000', '7460000000000000044');
INSERT INTO report_recipients VALUES ('bench', 'u000000', '7460000000000000045');
INSERT INTO report_recipients VALUES ('bench', 'u000000', '7460000000000000046');
INSERT INTO report_recipients VALUES ('bench', 'u000000', '7460000000000000047');
INSERT INTO report_recipients VALUES ('bench', 'u000000', '7460000000000000048');
INSERT INTO report_recipients VALUES ('bench', 'u000000', '7460000000000000049');
INSERT INTO report_recipients VALUES ('demo', 'u001', '6969507459119693826');
INSERT INTO report_recipients VALUES ('demo', 'u001', '6969507459119693827');
INSERT INTO report_recipients VALUES ('demo', 'u001', '6969507459119693828');
INSERT INTO report_recipients VALUES ('demo', 'u001', '6969507459119693829');
INSERT INTO report_recipients VALUES ('demo', 'u001', '6969507459119693830');
INSERT INTO report_recipients VALUES ('demo', 'u001', '6969507459119693831');
INSERT INTO report_recipients VALUES ('demo', 'u001', '6969507459119693832');
INSERT INTO report_recipients VALUES ('demo', 'u001', '6969507459119693833');
INSERT INTO report_recipients VALUES ('demo', 'u001', '6969507459119693834');
INSERT INTO report_recipients VALUES ('demo', 'u001', '6969507459119693835');
INSERT INTO report_recipients VALUES ('demo', 'u001', '6969507459119693836');
INSERT INTO report_recipients VALUES ('demo', 'u001', '6969507459119693837');
INSERT INTO report_recipients VALUES ('demo', 'u017', '6969507459119693838');


--
-- Data for Name: report_rules; Type: TABLE DATA; Schema: openwork_legacy_record; Owner: -
--

INSERT INTO report_rules VALUES ('bench', '7450000000000000001', '工作周报', 'weekly', 'u000000', 'u000000', 1704160800000, '[{"field_id":"7450000000000000002","name":"本周工作","field_type":"text"},{"field_id":"7450000000000000003","name":"工时","field_type":"number"}]', '{"need_report_user_ids":[],"need_report_department_ids":["0"],"to_user_ids":[],"cc_user_ids":[],"manager_user_ids":[]}', 0);
INSERT INTO report_rules VALUES ('demo', '6894419345318182932', '工作周报', 'weekly', 'u017', 'u017', 1718416800000, '[{"field_id":"6969506834487394305","name":"本周工作","field_type":"text"},{"field_id":"6969506834487410689","name":"工时","field_type":"number"},{"field_id":"6969506834487410690","name":"附件","field_type":"attachement"}]', '{"need_report_user_ids":["u001","u002","u003","u004","u005","u006"],"need_report_department_ids":[],"to_user_ids":["u001"],"cc_user_ids":["u017"],"manager_user_ids":[]}', 0);
INSERT INTO report_rules VALUES ('demo', '6894419345318182940', '工作月报', 'monthly', 'u017', 'u017', 1718416800000, '[{"field_id":"6969506834487394400","name":"本月总结","field_type":"text"}]', '{"need_report_user_ids":[],"need_report_department_ids":["0"],"to_user_ids":["u017"],"cc_user_ids":[],"manager_user_ids":[]}', 0);
INSERT INTO report_rules VALUES ('demo', '6894419345318182950', '旧版周报', NULL, 'u017', 'u017', 1718416800000, '[{"field_id":"6969506834487394500","name":"内容","field_type":"text"}]', '{"need_report_user_ids":[],"need_report_department_ids":[],"to_user_ids":[],"cc_user_ids":[],"manager_user_ids":[]}', 1);


--
-- Data for Name: report_view_removals; Type: TABLE DATA; Schema: openwork_legacy_record; Owner: -
--

INSERT INTO report_view_removals VALUES ('demo', '6894419345318182932', 'u002', 1718416800000);


--
-- Data for Name: reports; Type: TABLE DATA; Schema: openwork_legacy_record; Owner: -
--

INSERT INTO reports VALUES ('bench', '7460000000000000000', '7450000000000000001', 'u000033', 1717339808000, '["u000000"]', '{"7450000000000000002":"第 0 份周报的工作内容","7450000000000000003":"40"}');
INSERT INTO reports VALUES ('bench', '7460000000000000001', '7450000000000000001', 'u000017', 1714076301000, '["u000000"]', '{"7450000000000000002":"第 1 份周报的工作内容","7450000000000000003":"22"}');
INSERT INTO reports VALUES ('bench', '7460000000000000002', '7450000000000000001', 'u000021', 1716752801000, '["u000000"]', '{"7450000000000000002":"第 2 份周报的工作内容","7450000000000000003":"25"}');
INSERT INTO reports VALUES ('bench', '7460000000000000003', '7450000000000000001', 'u000037', 1714231707000, '["u000000"]', '{"7450000000000000002":"第 3 份周报的工作内容","7450000000000000003":"22"}');
INSERT INTO reports VALUES ('bench', '7460000000000000004', '7450000000000000001', 'u000014', 1717578720000, '["u000000"]', '{"7450000000000000002":"第 4 份周报的工作内容","7450000000000000003":"25"}');
INSERT INTO reports VALUES ('bench', '7460000000000000005', '7450000000000000001', 'u000015', 1711326342000, '["u000000"]', '{"7450000000000000002":"第 5 份周报的工作内容","7450000000000000003":"52"}');
INSERT INTO reports VALUES ('bench', '7460000000000000006', '7450000000000000001', 'u000008', 1711518393000, '["u000000"]', '{"7450000000000000002":"第 6 份周报的工作内容","7450000000000000003":"9"}');
INSERT INTO reports VALUES ('bench', '7460000000000000007', '7450000000000000001', 'u000016', 1712152706000, '["u000000"]', '{"7450000000000000002":"第 7 份周报的工作内容","7450000000000000003":"24"}');
INSERT INTO reports VALUES ('bench', '7460000000000000008', '7450000000000000001', 'u000001', 1712430753000, '["u000000"]', '{"7450000000000000002":"第 8 份周报的工作内容","7450000000000000003":"15"}');
INSERT INTO reports VALUES ('bench', '7460000000000000009', '7450000000000000001', 'u000025', 1715255353000, '["u000000"]', '{"7450000000000000002":"第 9 份周报的工作内容","7450000000000000003":"25"}');
INSERT INTO reports VALUES ('bench', '7460000000000000010', '7450000000000000001', 'u000005', 1712570194000, '["u000000"]', '{"7450000000000000002":"第 10 份周报的工作内容","7450000000000000003":"23"}');
INSERT INTO reports VALUES ('bench', '7460000000000000011', '7450000000000000001', 'u000007', 1716245512000, '["u000000"]', '{"7450000000000000002":"第 11 份周报的工作内容","7450000000000000003":"32"}');
INSERT INTO reports VALUES ('bench', '7460000000000000012', '7450000000000000001', 'u000032', 1715416173000, '["u000000"]', '{"7450000000000000002":"第 12 份周报的工作内容","7450000000000000003":"37"}');
INSERT INTO reports VALUES ('bench', '7460000000000000013', '7450000000000000001', 'u000009', 1714024030000, '["u000000"]', '{"7450000000000000002":"第 13 份周报的工作内容","7450000000000000003":"1"}');
INSERT INTO reports VALUES ('bench', '7460000000000000014', '7450000000000000001', 'u000017', 1712330046000, '["u000000"]', '{"7450000000000000002":"第 14 份周报的工作内容","7450000000000000003":"8"}');
INSERT INTO reports VALUES ('bench', '7460000000000000015', '7450000000000000001', 'u000021', 1716077216000, '["u000000"]', '{"7450000000000000002":"第 15 份周报的工作内容","7450000000000000003":"4"}');
INSERT INTO reports VALUES ('bench', '7460000000000000016', '7450000000000000001', 'u000038', 1711872082000, '["u000000"]', '{"7450000000000000002":"第 16 份周报的工作内容","7450000000000000003":"6"}');
INSERT INTO reports VALUES ('bench', '7460000000000000017', '7450000000000000001', 'u000014', 1715065016000, '["u000000"]', '{"7450000000000000002":"第 17 份周报的工作内容","7450000000000000003":"26"}');
INSERT INTO reports VALUES ('bench', '7460000000000000018', '7450000000000000001', 'u000021', 1717051650000, '["u000000"]', '{"7450000000000000002":"第 18 份周报的工作内容","7450000000000000003":"36"}');
INSERT INTO reports VALUES ('bench', '7460000000000000019', '7450000000000000001', 'u000014', 1713101443000, '["u000000"]', '{"7450000000000000002":"第 19 份周报的工作内容","7450000000000000003":"29"}');
INSERT INTO reports VALUES ('bench', '7460000000000000020', '7450000000000000001', 'u000021', 1711329225000, '["u000000"]', '{"7450000000000000002":"第 20 份周报的工作内容","7450000000000000003":"52"}');
INSERT INTO reports VALUES ('bench', '7460000000000000021', '7450000000000000001', 'u000029', 1715507092000, '["u000000"]', '{"7450000000000000002":"第 21 份周报的工作内容","7450000000000000003":"11"}');
INSERT INTO reports VALUES ('bench', '7460000000000000022', '7450000000000000001', 'u000016', 1712342566000, '["u000000"]', '{"7450000000000000002":"第 22 份周报的工作内容","7450000000000000003":"35"}');
INSERT INTO reports VALUES ('bench', '7460000000000000023', '7450000000000000001', 'u000008', 1717505931000, '["u000000"]', '{"7450000000000000002":"第 23 份周报的工作内容","7450000000000000003":"48"}');
INSERT INTO reports VALUES ('bench', '7460000000000000024', '7450000000000000001', 'u000015', 1716637309000, '["u000000"]', '{"7450000000000000002":"第 24 份周报的工作内容","7450000000000000003":"13"}');
INSERT INTO reports VALUES ('bench', '7460000000000000025', '7450000000000000001', 'u000029', 1712861880000, '["u000000"]', '{"7450000000000000002":"第 25 份周报的工作内容","7450000000000000003":"34"}');
INSERT INTO reports VALUES ('bench', '7460000000000000026', '7450000000000000001', 'u000019', 1713772595000, '["u000000"]', '{"7450000000000000002":"第 26 份周报的工作内容","7450000000000000003":"19"}');
INSERT INTO reports VALUES ('bench', '7460000000000000027', '7450000000000000001', 'u000017', 1713120782000, '["u000000"]', '{"7450000000000000002":"第 27 份周报的工作内容","7450000000000000003":"49"}');
INSERT INTO reports VALUES ('bench', '7460000000000000028', '7450000000000000001', 'u000038', 1713548905000, '["u000000"]', '{"7450000000000000002":"第 28 份周报的工作内容","7450000000000000003":"1"}');
INSERT INTO reports VALUES ('bench', '7460000000000000029', '7450000000000000001', 'u000029', 1710847737000, '["u000000"]', '{"7450000000000000002":"第 29 份周报的工作内容","7450000000000000003":"44"}');
INSERT INTO reports VALUES ('bench', '7460000000000000030', '7450000000000000001', 'u000044', 1716641851000, '["u000000"]', '{"7450000000000000002":"第 30 份周报的工作内容","7450000000000000003":"18"}');
INSERT INTO reports VALUES ('bench', '7460000000000000031', '7450000000000000001', 'u000024', 1717309635000, '["u000000"]', '{"7450000000000000002":"第 31 份周报的工作内容","7450000000000000003":"22"}');
INSERT INTO reports VALUES ('bench', '7460000000000000032', '7450000000000000001', 'u000006', 1714161898000, '["u000000"]', '{"7450000000000000002":"第 32 份周报的工作内容","7450000000000000003":"35"}');
INSERT INTO reports VALUES ('bench', '7460000000000000033', '7450000000000000001', 'u000004', 1712601742000, '["u000000"]', '{"7450000000000000002":"第 33 份周报的工作内容","7450000000000000003":"17"}');
INSERT INTO reports VALUES ('bench', '7460000000000000034', '7450000000000000001', 'u000000', 1718102607000, '["u000000"]', '{"7450000000000000002":"第 34 份周报的工作内容","7450000000000000003":"52"}');
INSERT INTO reports VALUES ('bench', '7460000000000000035', '7450000000000000001', 'u000005', 1717132612000, '["u000000"]', '{"7450000000000000002":"第 35 份周报的工作内容","7450000000000000003":"3"}');
INSERT INTO reports VALUES ('bench', '7460000000000000036', '7450000000000000001', 'u000012', 1713740444000, '["u000000"]', '{"7450000000000000002":"第 36 份周报的工作内容","7450000000000000003":"3"}');
INSERT INTO reports VALUES ('bench', '7460000000000000037', '7450000000000000001', 'u000010', 1718392196000, '["u000000"]', '{"7450000000000000002":"第 37 份周报的工作内容","7450000000000000003":"3"}');
INSERT INTO reports VALUES ('bench', '7460000000000000038', '7450000000000000001', 'u000042', 1714242797000, '["u000000"]', '{"7450000000000000002":"第 38 份周报的工作内容","7450000000000000003":"58"}');
INSERT INTO reports VALUES ('bench', '7460000000000000039', '7450000000000000001', 'u000035', 1710641112000, '["u000000"]', '{"7450000000000000002":"第 39 份周报的工作内容","7450000000000000003":"17"}');
INSERT INTO reports VALUES ('bench', '7460000000000000040', '7450000000000000001', 'u000031', 1711952070000, '["u000000"]', '{"7450000000000000002":"第 40 份周报的工作内容","7450000000000000003":"4"}');
INSERT INTO reports VALUES ('bench', '7460000000000000041', '7450000000000000001', 'u000020', 1712452643000, '["u000000"]', '{"7450000000000000002":"第 41 份周报的工作内容","7450000000000000003":"54"}');
INSERT INTO reports VALUES ('bench', '7460000000000000042', '7450000000000000001', 'u000029', 1712992669000, '["u000000"]', '{"7450000000000000002":"第 42 份周报的工作内容","7450000000000000003":"45"}');
INSERT INTO reports VALUES ('bench', '7460000000000000043', '7450000000000000001', 'u000016', 1717440130000, '["u000000"]', '{"7450000000000000002":"第 43 份周报的工作内容","7450000000000000003":"13"}');
INSERT INTO reports VALUES ('bench', '7460000000000000044', '7450000000000000001', 'u000023', 1718134974000, '["u000000"]', '{"7450000000000000002":"第 44 份周报的工作内容","7450000000000000003":"28"}');
INSERT INTO reports VALUES ('bench', '7460000000000000045', '7450000000000000001', 'u000038', 1715352833000, '["u000000"]', '{"7450000000000000002":"第 45 份周报的工作内容","7450000000000000003":"8"}');
INSERT INTO reports VALUES ('bench', '7460000000000000046', '7450000000000000001', 'u000011', 1714469460000, '["u000000"]', '{"7450000000000000002":"第 46 份周报的工作内容","7450000000000000003":"3"}');
INSERT INTO reports VALUES ('bench', '7460000000000000047', '7450000000000000001', 'u000033', 1711695393000, '["u000000"]', '{"7450000000000000002":"第 47 份周报的工作内容","7450000000000000003":"1"}');
INSERT INTO reports VALUES ('bench', '7460000000000000048', '7450000000000000001', 'u000042', 1717789748000, '["u000000"]', '{"7450000000000000002":"第 48 份周报的工作内容","7450000000000000003":"30"}');
INSERT INTO reports VALUES ('bench', '7460000000000000049', '7450000000000000001', 'u000014', 1715712332000, '["u000000"]', '{"7450000000000000002":"第 49 份周报的工作内容","7450000000000000003":"19"}');
INSERT INTO reports VALUES ('demo', '6969507459119693826', '6894419345318182932', 'u002', 1715940000000, '["u001"]', '{"6969506834487394305":"第1周：完成了接口联调与代码评审","6969506834487410689":"38","6969506834487410690":"weekly-1.pdf"}');
INSERT INTO reports VALUES ('demo', '6969507459119693827', '6894419345318182932', 'u003', 1715940600000, '["u001"]', '{"6969506834487394305":"第1周：完成了接口联调与代码评审","6969506834487410689":"39","6969506834487410690":"weekly-1.pdf"}');
INSERT INTO reports VALUES ('demo', '6969507459119693828', '6894419345318182932', 'u004', 1715941200000, '["u001"]', '{"6969506834487394305":"第1周：完成了接口联调与代码评审","6969506834487410689":"40","6969506834487410690":"weekly-1.pdf"}');
INSERT INTO reports VALUES ('demo', '6969507459119693829', '6894419345318182932', 'u002', 1716544800000, '["u001"]', '{"6969506834487394305":"第2周：完成了接口联调与代码评审","6969506834487410689":"39","6969506834487410690":"weekly-2.pdf"}');
INSERT INTO reports VALUES ('demo', '6969507459119693830', '6894419345318182932', 'u003', 1716545400000, '["u001"]', '{"6969506834487394305":"第2周：完成了接口联调与代码评审","6969506834487410689":"40","6969506834487410690":"weekly-2.pdf"}');
INSERT INTO reports VALUES ('demo', '6969507459119693831', '6894419345318182932', 'u004', 1716546000000, '["u001"]', '{"6969506834487394305":"第2周：完成了接口联调与代码评审","6969506834487410689":"41","6969506834487410690":"weekly-2.pdf"}');
INSERT INTO reports VALUES ('demo', '6969507459119693832', '6894419345318182932', 'u002', 1717149600000, '["u001"]', '{"6969506834487394305":"第3周：完成了接口联调与代码评审","6969506834487410689":"40","6969506834487410690":"weekly-3.pdf"}');
INSERT INTO reports VALUES ('demo', '6969507459119693833', '6894419345318182932', 'u003', 1717150200000, '["u001"]', '{"6969506834487394305":"第3周：完成了接口联调与代码评审","6969506834487410689":"41","6969506834487410690":"weekly-3.pdf"}');
INSERT INTO reports VALUES ('demo', '6969507459119693834', '6894419345318182932', 'u004', 1717150800000, '["u001"]', '{"6969506834487394305":"第3周：完成了接口联调与代码评审","6969506834487410689":"42","6969506834487410690":"weekly-3.pdf"}');
INSERT INTO reports VALUES ('demo', '6969507459119693835', '6894419345318182932', 'u002', 1717754400000, '["u001"]', '{"6969506834487394305":"第4周：完成了接口联调与代码评审","6969506834487410689":"41","6969506834487410690":"weekly-4.pdf"}');
INSERT INTO reports VALUES ('demo', '6969507459119693836', '6894419345318182932', 'u003', 1717755000000, '["u001"]', '{"6969506834487394305":"第4周：完成了接口联调与代码评审","6969506834487410689":"42","6969506834487410690":"weekly-4.pdf"}');
INSERT INTO reports VALUES ('demo', '6969507459119693837', '6894419345318182932', 'u004', 1717755600000, '["u001"]', '{"6969506834487394305":"第4周：完成了接口联调与代码评审","6969506834487410689":"43","6969506834487410690":"weekly-4.pdf"}');
INSERT INTO reports VALUES ('demo', '6969507459119693838', '6894419345318182940', 'u012', 1717147800000, '["u017"]', '{"6969506834487394400":"五月：完成新版本需求评审"}');


--
-- Data for Name: review_templates; Type: TABLE DATA; Schema: openwork_legacy_record; Owner: -
--

INSERT INTO review_templates VALUES ('demo', '7343513161666723843', '{"review_template_id":"7343513161666723843","name":{"zh_cn":"年度绩效","en_us":"Annual review"},"description":{"zh_cn":"年度绩效模板","en_us":"Annual review template"},"status":"enabled","templates":[{"template_id":"7343513161666707459","name":{"zh_cn":"自评","en_us":"Self review"},"stage_type":"review","review_stage_role":"reviewee","review_stage_data_write_mode":"independent"},{"template_id":"7343513161666707460","name":{"zh_cn":"上级评估","en_us":"Leader review"},"stage_type":"review","review_stage_role":"solid_line_leader","review_stage_data_write_mode":"cooperate,independent"},{"template_id":"7343513161666707461","name":{"zh_cn":"结果沟通","en_us":"Result communication"},"stage_type":"communication_and_open_result","review_stage_role":null,"review_stage_data_write_mode":null}],"units":[{"unit_id":"7343513161666723844","name":{"zh_cn":"业绩","en_us":"Results"},"fields":[{"field_id":"7343513161666707470","name":{"zh_cn":"业绩评分","en_us":"Results score"},"indicator_id":"7343513161666707471","tag_based_question_id":null,"objective_text_qustion_title":null,"keyresult_text_qustion_title":null,"parent_field_id":null,"kpi_template_id":null},{"field_id":"7343513161666707472","name":{"zh_cn":"目标与关键结果","en_us":"OKR"},"indicator_id":null,"tag_based_question_id":null,"objective_text_qustion_title":{"zh_cn":"目标","en_us":"Objective"},"keyresult_text_qustion_title":{"zh_cn":"关键结果","en_us":"Key result"},"parent_field_id":"7343513161666707470","kpi_template_id":"7494252079230222371"}]},{"unit_id":"7343513161666723845","name":{"zh_cn":"价值观","en_us":"Values"},"fields":[{"field_id":"7343513161666707480","name":{"zh_cn":"协作","en_us":"Collaboration"},"indicator_id":null,"tag_based_question_id":"7343513161666707481","objective_text_qustion_title":null,"keyresult_text_qustion_title":null,"parent_field_id":null,"kpi_template_id":null}]}]}');
INSERT INTO review_templates VALUES ('demo', '7343513161666723850', '{"review_template_id":"7343513161666723850","name":{"zh_cn":"季度绩效","en_us":"Quarterly review"},"description":{"zh_cn":"季度绩效模板","en_us":"Quarterly review template"},"status":"to_be_enabled","templates":[{"template_id":"7343513161666707490","name":{"zh_cn":"工作总结","en_us":"Key outputs"},"stage_type":"summarize_key_outputs","review_stage_role":null,"review_stage_data_write_mode":null}],"units":[]}');
INSERT INTO review_templates VALUES ('demo', '7343513161666723860', '{"review_template_id":"7343513161666723860","name":{"zh_cn":"试用期评估","en_us":"Probation review"},"description":{"zh_cn":"已停用","en_us":"Disabled"},"status":"disabled","templates":[],"units":[]}');


--
-- Data for Name: semesters; Type: TABLE DATA; Schema: openwork_legacy_record; Owner: -
--

INSERT INTO semesters VALUES ('bench', '7400000000000000001', '2024 年度绩效', '2024 review', 2024, 'Annual', 'Annual', 'enabled', 1704160800000, 1735696799999, 1703296800000, 1703296800000, 'u000000', 'u000000');
INSERT INTO semesters VALUES ('demo', '7235911950407352321', '2024 上半年', '2024 H1', 2024, 'Semi-annual', 'H1', 'enabled', 1704038400000, 1719763199000, 1704038400000, 1704038400000, 'u017', 'u017');
INSERT INTO semesters VALUES ('demo', '7235911950407352399', '2023 年度', '2023 Annual', 2023, 'Annual', 'Annual', 'enabled', 1672502400000, 1704038399000, 1672502400000, 1672502400000, NULL, NULL);


--
-- Data for Name: stage_tasks; Type: TABLE DATA; Schema: openwork_legacy_record; Owner: -
--

INSERT INTO stage_tasks VALUES ('bench', '7400000000000000001', 'u000000', '7400000000000000101', 3, 3);
INSERT INTO stage_tasks VALUES ('bench', '7400000000000000001', 'u000001', '7400000000000000101', 2, 2);
INSERT INTO stage_tasks VALUES ('bench', '7400000000000000001', 'u000002', '7400000000000000101', 5, 5);
INSERT INTO stage_tasks VALUES ('bench', '7400000000000000001', 'u000003', '7400000000000000101', 4, 1);
INSERT INTO stage_tasks VALUES ('bench', '7400000000000000001', 'u000004', '7400000000000000101', 1, 0);
INSERT INTO stage_tasks VALUES ('bench', '7400000000000000001', 'u000005', '7400000000000000101', 1, 1);
INSERT INTO stage_tasks VALUES ('bench', '7400000000000000001', 'u000006', '7400000000000000101', 1, 0);
INSERT INTO stage_tasks VALUES ('bench', '7400000000000000001', 'u000007', '7400000000000000101', 2, 0);
INSERT INTO stage_tasks VALUES ('bench', '7400000000000000001', 'u000008', '7400000000000000101', 4, 4);
INSERT INTO stage_tasks VALUES ('bench', '7400000000000000001', 'u000009', '7400000000000000101', 4, 4);
INSERT INTO stage_tasks VALUES ('bench', '7400000000000000001', 'u000010', '7400000000000000101', 1, 1);
INSERT INTO stage_tasks VALUES ('bench', '7400000000000000001', 'u000011', '7400000000000000101', 2, 2);
INSERT INTO stage_tasks VALUES ('bench', '7400000000000000001', 'u000012', '7400000000000000101', 1, 0);
INSERT INTO stage_tasks VALUES ('bench', '7400000000000000001', 'u000013', '7400000000000000101', 1, 0);
INSERT INTO stage_tasks VALUES ('bench', '7400000000000000001', 'u000014', '7400000000000000101', 2, 2);
INSERT INTO stage_tasks VALUES ('bench', '7400000000000000001', 'u000015', '7400000000000000101', 4, 3);
INSERT INTO stage_tasks VALUES ('bench', '7400000000000000001', 'u000016', '7400000000000000101', 2, 2);
INSERT INTO stage_tasks VALUES ('bench', '7400000000000000001', 'u000017', '7400000000000000101', 1, 1);
INSERT INTO stage_tasks VALUES ('bench', '7400000000000000001', 'u000018', '7400000000000000101', 1, 1);
INSERT INTO stage_tasks VALUES ('bench', '7400000000000000001', 'u000019', '7400000000000000101', 1, 1);
INSERT INTO stage_tasks VALUES ('bench', '7400000000000000001', 'u000020', '7400000000000000101', 1, 1);
INSERT INTO stage_tasks VALUES ('bench', '7400000000000000001', 'u000021', '7400000000000000101', 2, 0);
INSERT INTO stage_tasks VALUES ('bench', '7400000000000000001', 'u000022', '7400000000000000101', 4, 4);
INSERT INTO stage_tasks VALUES ('bench', '7400000000000000001', 'u000023', '7400000000000000101', 5, 1);
INSERT INTO stage_tasks VALUES ('bench', '7400000000000000001', 'u000024', '7400000000000000101', 3, 3);
INSERT INTO stage_tasks VALUES ('bench', '7400000000000000001', 'u000025', '7400000000000000101', 5, 1);
INSERT INTO stage_tasks VALUES ('bench', '7400000000000000001', 'u000026', '7400000000000000101', 1, 0);
INSERT INTO stage_tasks VALUES ('bench', '7400000000000000001', 'u000027', '7400000000000000101', 3, 2);
INSERT INTO stage_tasks VALUES ('bench', '7400000000000000001', 'u000028', '7400000000000000101', 3, 3);
INSERT INTO stage_tasks VALUES ('bench', '7400000000000000001', 'u000029', '7400000000000000101', 3, 1);
INSERT INTO stage_tasks VALUES ('bench', '7400000000000000001', 'u000030', '7400000000000000101', 3, 3);
INSERT INTO stage_tasks VALUES ('bench', '7400000000000000001', 'u000031', '7400000000000000101', 3, 1);
INSERT INTO stage_tasks VALUES ('bench', '7400000000000000001', 'u000032', '7400000000000000101', 4, 3);
INSERT INTO stage_tasks VALUES ('bench', '7400000000000000001', 'u000033', '7400000000000000101', 5, 5);
INSERT INTO stage_tasks VALUES ('bench', '7400000000000000001', 'u000034', '7400000000000000101', 5, 5);
INSERT INTO stage_tasks VALUES ('bench', '7400000000000000001', 'u000035', '7400000000000000101', 4, 1);
INSERT INTO stage_tasks VALUES ('bench', '7400000000000000001', 'u000036', '7400000000000000101', 1, 1);
INSERT INTO stage_tasks VALUES ('bench', '7400000000000000001', 'u000037', '7400000000000000101', 1, 0);
INSERT INTO stage_tasks VALUES ('bench', '7400000000000000001', 'u000038', '7400000000000000101', 1, 1);
INSERT INTO stage_tasks VALUES ('bench', '7400000000000000001', 'u000039', '7400000000000000101', 5, 5);
INSERT INTO stage_tasks VALUES ('bench', '7400000000000000001', 'u000040', '7400000000000000101', 5, 3);
INSERT INTO stage_tasks VALUES ('bench', '7400000000000000001', 'u000041', '7400000000000000101', 4, 4);
INSERT INTO stage_tasks VALUES ('bench', '7400000000000000001', 'u000042', '7400000000000000101', 5, 5);
INSERT INTO stage_tasks VALUES ('bench', '7400000000000000001', 'u000043', '7400000000000000101', 4, 0);
INSERT INTO stage_tasks VALUES ('bench', '7400000000000000001', 'u000044', '7400000000000000101', 5, 5);
INSERT INTO stage_tasks VALUES ('bench', '7400000000000000001', 'u000000', '7400000000000000102', 4, 2);
INSERT INTO stage_tasks VALUES ('bench', '7400000000000000001', 'u000001', '7400000000000000102', 3, 0);
INSERT INTO stage_tasks VALUES ('bench', '7400000000000000001', 'u000002', '7400000000000000102', 5, 5);
INSERT INTO stage_tasks VALUES ('bench', '7400000000000000001', 'u000003', '7400000000000000102', 5, 2);
INSERT INTO stage_tasks VALUES ('bench', '7400000000000000001', 'u000004', '7400000000000000102', 1, 1);
INSERT INTO stage_tasks VALUES ('bench', '7400000000000000001', 'u000005', '7400000000000000102', 1, 1);
INSERT INTO stage_tasks VALUES ('bench', '7400000000000000001', 'u000006', '7400000000000000102', 2, 2);
INSERT INTO stage_tasks VALUES ('bench', '7400000000000000001', 'u000007', '7400000000000000102', 4, 4);
INSERT INTO stage_tasks VALUES ('bench', '7400000000000000001', 'u000008', '7400000000000000102', 1, 1);
INSERT INTO stage_tasks VALUES ('bench', '7400000000000000001', 'u000009', '7400000000000000102', 3, 2);
INSERT INTO stage_tasks VALUES ('bench', '7400000000000000001', 'u000010', '7400000000000000102', 4, 4);
INSERT INTO stage_tasks VALUES ('bench', '7400000000000000001', 'u000011', '7400000000000000102', 5, 2);
INSERT INTO stage_tasks VALUES ('bench', '7400000000000000001', 'u000012', '7400000000000000102', 4, 4);
INSERT INTO stage_tasks VALUES ('bench', '7400000000000000001', 'u000013', '7400000000000000102', 4, 4);
INSERT INTO stage_tasks VALUES ('bench', '7400000000000000001', 'u000014', '7400000000000000102', 3, 3);
INSERT INTO stage_tasks VALUES ('bench', '7400000000000000001', 'u000015', '7400000000000000102', 3, 0);
INSERT INTO stage_tasks VALUES ('bench', '7400000000000000001', 'u000016', '7400000000000000102', 5, 5);
INSERT INTO stage_tasks VALUES ('bench', '7400000000000000001', 'u000017', '7400000000000000102', 1, 0);
INSERT INTO stage_tasks VALUES ('bench', '7400000000000000001', 'u000018', '7400000000000000102', 1, 0);
INSERT INTO stage_tasks VALUES ('bench', '7400000000000000001', 'u000019', '7400000000000000102', 1, 1);
INSERT INTO stage_tasks VALUES ('bench', '7400000000000000001', 'u000020', '7400000000000000102', 1, 1);
INSERT INTO stage_tasks VALUES ('bench', '7400000000000000001', 'u000021', '7400000000000000102', 2, 2);
INSERT INTO stage_tasks VALUES ('bench', '7400000000000000001', 'u000022', '7400000000000000102', 4, 0);
INSERT INTO stage_tasks VALUES ('bench', '7400000000000000001', 'u000023', '7400000000000000102', 2, 0);
INSERT INTO stage_tasks VALUES ('bench', '7400000000000000001', 'u000024', '7400000000000000102', 4, 4);
INSERT INTO stage_tasks VALUES ('bench', '7400000000000000001', 'u000025', '7400000000000000102', 5, 1);
INSERT INTO stage_tasks VALUES ('bench', '7400000000000000001', 'u000026', '7400000000000000102', 1, 1);
INSERT INTO stage_tasks VALUES ('bench', '7400000000000000001', 'u000027', '7400000000000000102', 4, 4);
INSERT INTO stage_tasks VALUES ('bench', '7400000000000000001', 'u000028', '7400000000000000102', 1, 1);
INSERT INTO stage_tasks VALUES ('bench', '7400000000000000001', 'u000029', '7400000000000000102', 1, 1);
INSERT INTO stage_tasks VALUES ('bench', '7400000000000000001', 'u000030', '7400000000000000102', 5, 0);
INSERT INTO stage_tasks VALUES ('bench', '7400000000000000001', 'u000031', '7400000000000000102', 5, 5);
INSERT INTO stage_tasks VALUES ('bench', '7400000000000000001', 'u000032', '7400000000000000102', 1, 0);
INSERT INTO stage_tasks VALUES ('bench', '7400000000000000001', 'u000033', '7400000000000000102', 5, 5);
INSERT INTO stage_tasks VALUES ('bench', '7400000000000000001', 'u000034', '7400000000000000102', 2, 2);
INSERT INTO stage_tasks VALUES ('bench', '7400000000000000001', 'u000035', '7400000000000000102', 5, 1);
INSERT INTO stage_tasks VALUES ('bench', '7400000000000000001', 'u000036', '7400000000000000102', 2, 2);
INSERT INTO stage_tasks VALUES ('bench', '7400000000000000001', 'u000037', '7400000000000000102', 3, 0);
INSERT INTO stage_tasks VALUES ('bench', '7400000000000000001', 'u000038', '7400000000000000102', 4, 3);
INSERT INTO stage_tasks VALUES ('bench', '7400000000000000001', 'u000039', '7400000000000000102', 2, 2);
INSERT INTO stage_tasks VALUES ('bench', '7400000000000000001', 'u000040', '7400000000000000102', 4, 0);
INSERT INTO stage_tasks VALUES ('bench', '7400000000000000001', 'u000041', '7400000000000000102', 1, 0);
INSERT INTO stage_tasks VALUES ('bench', '7400000000000000001', 'u000042', '7400000000000000102', 1, 1);
INSERT INTO stage_tasks VALUES ('bench', '7400000000000000001', 'u000043', '7400000000000000102', 4, 4);
INSERT INTO stage_tasks VALUES ('bench', '7400000000000000001', 'u000044', '7400000000000000102', 2, 0);
INSERT INTO stage_tasks VALUES ('bench', '7400000000000000001', 'u000000', '7400000000000000103', 3, 3);
INSERT INTO stage_tasks VALUES ('bench', '7400000000000000001', 'u000001', '7400000000000000103', 4, 4);
INSERT INTO stage_tasks VALUES ('bench', '7400000000000000001', 'u000002', '7400000000000000103', 5, 5);
INSERT INTO stage_tasks VALUES ('bench', '7400000000000000001', 'u000003', '7400000000000000103', 1, 1);
INSERT INTO stage_tasks VALUES ('bench', '7400000000000000001', 'u000004', '7400000000000000103', 5, 3);
INSERT INTO stage_tasks VALUES ('bench', '7400000000000000001', 'u000005', '7400000000000000103', 3, 1);
INSERT INTO stage_tasks VALUES ('bench', '7400000000000000001', 'u000006', '7400000000000000103', 1, 1);
INSERT INTO stage_tasks VALUES ('bench', '7400000000000000001', 'u000007', '7400000000000000103', 2, 2);
INSERT INTO stage_tasks VALUES ('bench', '7400000000000000001', 'u000008', '7400000000000000103', 5, 4);
INSERT INTO stage_tasks VALUES ('bench', '7400000000000000001', 'u000009', '7400000000000000103', 4, 4);
INSERT INTO stage_tasks VALUES ('bench', '7400000000000000001', 'u000010', '7400000000000000103', 4, 4);
INSERT INTO stage_tasks VALUES ('bench', '7400000000000000001', 'u000011', '7400000000000000103', 1, 0);
INSERT INTO stage_tasks VALUES ('bench', '7400000000000000001', 'u000012', '7400000000000000103', 3, 0);
INSERT INTO stage_tasks VALUES ('bench', '7400000000000000001', 'u000013', '7400000000000000103', 5, 2);
INSERT INTO stage_tasks VALUES ('bench', '7400000000000000001', 'u000014', '7400000000000000103', 2, 1);
INSERT INTO stage_tasks VALUES ('bench', '7400000000000000001', 'u000015', '7400000000000000103', 4, 4);
INSERT INTO stage_tasks VALUES ('bench', '7400000000000000001', 'u000016', '7400000000000000103', 1, 0);
INSERT INTO stage_tasks VALUES ('bench', '7400000000000000001', 'u000017', '7400000000000000103', 2, 1);
INSERT INTO stage_tasks VALUES ('bench', '7400000000000000001', 'u000018', '7400000000000000103', 1, 0);
INSERT INTO stage_tasks VALUES ('bench', '7400000000000000001', 'u000019', '7400000000000000103', 1, 1);
INSERT INTO stage_tasks VALUES ('bench', '7400000000000000001', 'u000020', '7400000000000000103', 4, 4);
INSERT INTO stage_tasks VALUES ('bench', '7400000000000000001', 'u000021', '7400000000000000103', 5, 5);
INSERT INTO stage_tasks VALUES ('bench', '7400000000000000001', 'u000022', '7400000000000000103', 1, 1);
INSERT INTO stage_tasks VALUES ('bench', '7400000000000000001', 'u000023', '7400000000000000103', 1, 1);
INSERT INTO stage_tasks VALUES ('bench', '7400000000000000001', 'u000024', '7400000000000000103', 4, 4);
INSERT INTO stage_tasks VALUES ('bench', '7400000000000000001', 'u000025', '7400000000000000103', 3, 3);
INSERT INTO stage_tasks VALUES ('bench', '7400000000000000001', 'u000026', '7400000000000000103', 1, 1);
INSERT INTO stage_tasks VALUES ('bench', '7400000000000000001', 'u000027', '7400000000000000103', 1, 1);
INSERT INTO stage_tasks VALUES ('bench', '7400000000000000001', 'u000028', '7400000000000000103', 2, 1);
INSERT INTO stage_tasks VALUES ('bench', '7400000000000000001', 'u000029', '7400000000000000103', 2, 2);
INSERT INTO stage_tasks VALUES ('bench', '7400000000000000001', 'u000030', '7400000000000000103', 4, 4);
INSERT INTO stage_tasks VALUES ('bench', '7400000000000000001', 'u000031', '7400000000000000103', 2, 2);
INSERT INTO stage_tasks VALUES ('bench', '7400000000000000001', 'u000032', '7400000000000000103', 4, 1);
INSERT INTO stage_tasks VALUES ('bench', '7400000000000000001', 'u000033', '7400000000000000103', 1, 0);
INSERT INTO stage_tasks VALUES ('bench', '7400000000000000001', 'u000034', '7400000000000000103', 2, 0);
INSERT INTO stage_tasks VALUES ('bench', '7400000000000000001', 'u000035', '7400000000000000103', 2, 2);
INSERT INTO stage_tasks VALUES ('bench', '7400000000000000001', 'u000036', '7400000000000000103', 5, 4);
INSERT INTO stage_tasks VALUES ('bench', '7400000000000000001', 'u000037', '7400000000000000103', 1, 1);
INSERT INTO stage_tasks VALUES ('bench', '7400000000000000001', 'u000038', '7400000000000000103', 5, 5);
INSERT INTO stage_tasks VALUES ('bench', '7400000000000000001', 'u000039', '7400000000000000103', 1, 0);
INSERT INTO stage_tasks VALUES ('bench', '7400000000000000001', 'u000040', '7400000000000000103', 5, 5);
INSERT INTO stage_tasks VALUES ('bench', '7400000000000000001', 'u000041', '7400000000000000103', 3, 1);
INSERT INTO stage_tasks VALUES ('bench', '7400000000000000001', 'u000042', '7400000000000000103', 1, 1);
INSERT INTO stage_tasks VALUES ('bench', '7400000000000000001', 'u000043', '7400000000000000103', 4, 1);
INSERT INTO stage_tasks VALUES ('bench', '7400000000000000001', 'u000044', '7400000000000000103', 4, 4);
INSERT INTO stage_tasks VALUES ('demo', '7235911950407352321', 'u001', '7270346432875692033', 3, 3);
INSERT INTO stage_tasks VALUES ('demo', '7235911950407352321', 'u002', '7270346432875692033', 3, 3);
INSERT INTO stage_tasks VALUES ('demo', '7235911950407352321', 'u003', '7270346432875692033', 3, 3);
INSERT INTO stage_tasks VALUES ('demo', '7235911950407352321', 'u004', '7270346432875692033', 3, 3);
INSERT INTO stage_tasks VALUES ('demo', '7235911950407352321', 'u005', '7270346432875692033', 3, 3);
INSERT INTO stage_tasks VALUES ('demo', '7235911950407352321', 'u006', '7270346432875692033', 3, 3);
INSERT INTO stage_tasks VALUES ('demo', '7235911950407352321', 'u007', '7270346432875692033', 3, 1);
INSERT INTO stage_tasks VALUES ('demo', '7235911950407352321', 'u008', '7270346432875692033', 3, 3);
INSERT INTO stage_tasks VALUES ('demo', '7235911950407352321', 'u009', '7270346432875692033', 3, 3);
INSERT INTO stage_tasks VALUES ('demo', '7235911950407352321', 'u010', '7270346432875692033', 3, 3);
INSERT INTO stage_tasks VALUES ('demo', '7235911950407352321', 'u011', '7270346432875692033', 3, 3);
INSERT INTO stage_tasks VALUES ('demo', '7235911950407352321', 'u012', '7270346432875692033', 3, 3);
INSERT INTO stage_tasks VALUES ('demo', '7235911950407352321', 'u013', '7270346432875692033', 3, 3);
INSERT INTO stage_tasks VALUES ('demo', '7235911950407352321', 'u014', '7270346432875692033', 3, 1);
INSERT INTO stage_tasks VALUES ('demo', '7235911950407352321', 'u015', '7270346432875692033', 3, 3);
INSERT INTO stage_tasks VALUES ('demo', '7235911950407352321', 'u016', '7270346432875692033', 3, 3);
INSERT INTO stage_tasks VALUES ('demo', '7235911950407352321', 'u017', '7270346432875692033', 3, 3);
INSERT INTO stage_tasks VALUES ('demo', '7235911950407352321', 'u018', '7270346432875692033', 3, 3);
INSERT INTO stage_tasks VALUES ('demo', '7235911950407352321', 'u019', '7270346432875692033', 3, 3);
INSERT INTO stage_tasks VALUES ('demo', '7235911950407352321', 'u020', '7270346432875692033', 3, 3);
INSERT INTO stage_tasks VALUES ('demo', '7235911950407352321', 'u021', '7270346432875692033', 3, 1);
INSERT INTO stage_tasks VALUES ('demo', '7235911950407352321', 'u022', '7270346432875692033', 3, 3);
INSERT INTO stage_tasks VALUES ('demo', '7235911950407352321', 'u023', '7270346432875692033', 3, 3);
INSERT INTO stage_tasks VALUES ('demo', '7235911950407352321', 'u024', '7270346432875692033', 3, 3);
INSERT INTO stage_tasks VALUES ('demo', '7235911950407352321', 'u025', '7270346432875692033', 3, 3);
INSERT INTO stage_tasks VALUES ('demo', '7235911950407352321', 'u026', '7270346432875692033', 3, 3);
INSERT INTO stage_tasks VALUES ('demo', '7235911950407352321', 'u027', '7270346432875692033', 3, 3);
INSERT INTO stage_tasks VALUES ('demo', '7235911950407352321', 'u028', '7270346432875692033', 3, 1);
INSERT INTO stage_tasks VALUES ('demo', '7235911950407352321', 'u029', '7270346432875692033', 3, 3);
INSERT INTO stage_tasks VALUES ('demo', '7235911950407352321', 'u030', '7270346432875692033', 3, 3);
INSERT INTO stage_tasks VALUES ('demo', '7235911950407352321', 'u001', '7270346432875692034', 1, 1);
INSERT INTO stage_tasks VALUES ('demo', '7235911950407352321', 'u002', '7270346432875692034', 1, 0);
INSERT INTO stage_tasks VALUES ('demo', '7235911950407352321', 'u003', '7270346432875692034', 1, 1);
INSERT INTO stage_tasks VALUES ('demo', '7235911950407352321', 'u004', '7270346432875692034', 1, 0);
INSERT INTO stage_tasks VALUES ('demo', '7235911950407352321', 'u005', '7270346432875692034', 1, 1);
INSERT INTO stage_tasks VALUES ('demo', '7235911950407352321', 'u006', '7270346432875692034', 1, 0);
INSERT INTO stage_tasks VALUES ('demo', '7235911950407352321', 'u007', '7270346432875692034', 1, 1);
INSERT INTO stage_tasks VALUES ('demo', '7235911950407352321', 'u008', '7270346432875692034', 1, 0);
INSERT INTO stage_tasks VALUES ('demo', '7235911950407352321', 'u009', '7270346432875692034', 1, 1);
INSERT INTO stage_tasks VALUES ('demo', '7235911950407352321', 'u010', '7270346432875692034', 1, 0);
INSERT INTO stage_tasks VALUES ('demo', '7235911950407352321', 'u011', '7270346432875692034', 1, 1);
INSERT INTO stage_tasks VALUES ('demo', '7235911950407352321', 'u012', '7270346432875692034', 1, 0);
INSERT INTO stage_tasks VALUES ('demo', '7235911950407352321', 'u013', '7270346432875692034', 1, 1);
INSERT INTO stage_tasks VALUES ('demo', '7235911950407352321', 'u014', '7270346432875692034', 1, 0);
INSERT INTO stage_tasks VALUES ('demo', '7235911950407352321', 'u015', '7270346432875692034', 1, 1);
INSERT INTO stage_tasks VALUES ('demo', '7235911950407352321', 'u016', '7270346432875692034', 1, 0);
INSERT INTO stage_tasks VALUES ('demo', '7235911950407352321', 'u017', '7270346432875692034', 1, 1);
INSERT INTO stage_tasks VALUES ('demo', '7235911950407352321', 'u018', '7270346432875692034', 1, 0);
INSERT INTO stage_tasks VALUES ('demo', '7235911950407352321', 'u019', '7270346432875692034', 1, 1);
INSERT INTO stage_tasks VALUES ('demo', '7235911950407352321', 'u020', '7270346432875692034', 1, 0);
INSERT INTO stage_tasks VALUES ('demo', '7235911950407352321', 'u021', '7270346432875692034', 1, 1);
INSERT INTO stage_tasks VALUES ('demo', '7235911950407352321', 'u022', '7270346432875692034', 1, 0);
INSERT INTO stage_tasks VALUES ('demo', '7235911950407352321', 'u023', '7270346432875692034', 1, 1);
INSERT INTO stage_tasks VALUES ('demo', '7235911950407352321', 'u024', '7270346432875692034', 1, 0);
INSERT INTO stage_tasks VALUES ('demo', '7235911950407352321', 'u025', '7270346432875692034', 1, 1);
INSERT INTO stage_tasks VALUES ('demo', '7235911950407352321', 'u026', '7270346432875692034', 1, 0);
INSERT INTO stage_tasks VALUES ('demo', '7235911950407352321', 'u027', '7270346432875692034', 1, 1);
INSERT INTO stage_tasks VALUES ('demo', '7235911950407352321', 'u028', '7270346432875692034', 1, 0);
INSERT INTO stage_tasks VALUES ('demo', '7235911950407352321', 'u029', '7270346432875692034', 1, 1);
INSERT INTO stage_tasks VALUES ('demo', '7235911950407352321', 'u030', '7270346432875692034', 1, 0);
INSERT INTO stage_tasks VALUES ('demo', '7235911950407352321', 'u001', '7270346432875692035', 5, 1);
INSERT INTO stage_tasks VALUES ('demo', '7235911950407352321', 'u002', '7270346432875692035', 5, 2);
INSERT INTO stage_tasks VALUES ('demo', '7235911950407352321', 'u003', '7270346432875692035', 5, 5);
INSERT INTO stage_tasks VALUES ('demo', '7235911950407352321', 'u004', '7270346432875692035', 5, 4);
INSERT INTO stage_tasks VALUES ('demo', '7235911950407352321', 'u005', '7270346432875692035', 5, 0);
INSERT INTO stage_tasks VALUES ('demo', '7235911950407352321', 'u006', '7270346432875692035', 5, 5);
INSERT INTO stage_tasks VALUES ('demo', '7235911950407352321', 'u007', '7270346432875692035', 5, 2);
INSERT INTO stage_tasks VALUES ('demo', '7235911950407352321', 'u008', '7270346432875692035', 5, 3);
INSERT INTO stage_tasks VALUES ('demo', '7235911950407352321', 'u009', '7270346432875692035', 5, 5);
INSERT INTO stage_tasks VALUES ('demo', '7235911950407352321', 'u010', '7270346432875692035', 5, 0);
INSERT INTO stage_tasks VALUES ('demo', '7235911950407352321', 'u011', '7270346432875692035', 5, 1);
INSERT INTO stage_tasks VALUES ('demo', '7235911950407352321', 'u012', '7270346432875692035', 5, 5);
INSERT INTO stage_tasks VALUES ('demo', '7235911950407352321', 'u013', '7270346432875692035', 5, 3);
INSERT INTO stage_tasks VALUES ('demo', '7235911950407352321', 'u014', '7270346432875692035', 5, 4);
INSERT INTO stage_tasks VALUES ('demo', '7235911950407352321', 'u015', '7270346432875692035', 5, 5);
INSERT INTO stage_tasks VALUES ('demo', '7235911950407352321', 'u016', '7270346432875692035', 5, 1);
INSERT INTO stage_tasks VALUES ('demo', '7235911950407352321', 'u017', '7270346432875692035', 5, 2);
INSERT INTO stage_tasks VALUES ('demo', '7235911950407352321', 'u018', '7270346432875692035', 5, 5);
INSERT INTO stage_tasks VALUES ('demo', '7235911950407352321', 'u019', '7270346432875692035', 5, 4);
INSERT INTO stage_tasks VALUES ('demo', '7235911950407352321', 'u020', '7270346432875692035', 5, 0);
INSERT INTO stage_tasks VALUES ('demo', '7235911950407352321', 'u021', '7270346432875692035', 5, 5);
INSERT INTO stage_tasks VALUES ('demo', '7235911950407352321', 'u022', '7270346432875692035', 5, 2);
INSERT INTO stage_tasks VALUES ('demo', '7235911950407352321', 'u023', '7270346432875692035', 5, 3);
INSERT INTO stage_tasks VALUES ('demo', '7235911950407352321', 'u024', '7270346432875692035', 5, 5);
INSERT INTO stage_tasks VALUES ('demo', '7235911950407352321', 'u025', '7270346432875692035', 5, 0);
INSERT INTO stage_tasks VALUES ('demo', '7235911950407352321', 'u026', '7270346432875692035', 5, 1);
INSERT INTO stage_tasks VALUES ('demo', '7235911950407352321', 'u027', '7270346432875692035', 5, 5);
INSERT INTO stage_tasks VALUES ('demo', '7235911950407352321', 'u028', '7270346432875692035', 5, 3);
INSERT INTO stage_tasks VALUES ('demo', '7235911950407352321', 'u029', '7270346432875692035', 5, 4);
INSERT INTO stage_tasks VALUES ('demo', '7235911950407352321', 'u030', '7270346432875692035', 5, 5);
INSERT INTO stage_tasks VALUES ('demo', '7235911950407352321', 'u001', '7270346432875692036', 2, 0);
INSERT INTO stage_tasks VALUES ('demo', '7235911950407352321', 'u002', '7270346432875692036', 2, 0);
INSERT INTO stage_tasks VALUES ('demo', '7235911950407352321', 'u003', '7270346432875692036', 2, 0);
INSERT INTO stage_tasks VALUES ('demo', '7235911950407352321', 'u004', '7270346432875692036', 2, 0);
INSERT INTO stage_tasks VALUES ('demo', '7235911950407352321', 'u005', '7270346432875692036', 2, 0);
INSERT INTO stage_tasks VALUES ('demo', '7235911950407352321', 'u006', '7270346432875692036', 2, 0);
INSERT INTO stage_tasks VALUES ('demo', '7235911950407352321', 'u007', '7270346432875692036', 2, 0);
INSERT INTO stage_tasks VALUES ('demo', '7235911950407352321', 'u008', '7270346432875692036', 2, 0);
INSERT INTO stage_tasks VALUES ('demo', '7235911950407352321', 'u009', '7270346432875692036', 2, 0);
INSERT INTO stage_tasks VALUES ('demo', '7235911950407352321', 'u010', '7270346432875692036', 2, 0);
INSERT INTO stage_tasks VALUES ('demo', '7235911950407352321', 'u011', '7270346432875692036', 2, 0);
INSERT INTO stage_tasks VALUES ('demo', '7235911950407352321', 'u012', '7270346432875692036', 2, 0);
INSERT INTO stage_tasks VALUES ('demo', '7235911950407352321', 'u013', '7270346432875692036', 2, 0);
INSERT INTO stage_tasks VALUES ('demo', '7235911950407352321', 'u014', '7270346432875692036', 2, 0);
INSERT INTO stage_tasks VALUES ('demo', '7235911950407352321', 'u015', '7270346432875692036', 2, 0);
INSERT INTO stage_tasks VALUES ('demo', '7235911950407352321', 'u016', '7270346432875692036', 2, 0);
INSERT INTO stage_tasks VALUES ('demo', '7235911950407352321', 'u017', '7270346432875692036', 2, 0);
INSERT INTO stage_tasks VALUES ('demo', '7235911950407352321', 'u018', '7270346432875692036', 2, 0);
INSERT INTO stage_tasks VALUES ('demo', '7235911950407352321', 'u019', '7270346432875692036', 2, 0);
INSERT INTO stage_tasks VALUES ('demo', '7235911950407352321', 'u020', '7270346432875692036', 2, 0);
INSERT INTO stage_tasks VALUES ('demo', '7235911950407352321', 'u001', '7270346432875692037', 1, 0);
INSERT INTO stage_tasks VALUES ('demo', '7235911950407352321', 'u002', '7270346432875692037', 1, 0);
INSERT INTO stage_tasks VALUES ('demo', '7235911950407352321', 'u003', '7270346432875692037', 1, 0);
INSERT INTO stage_tasks VALUES ('demo', '7235911950407352321', 'u004', '7270346432875692037', 1, 0);
INSERT INTO stage_tasks VALUES ('demo', '7235911950407352321', 'u005', '7270346432875692037', 1, 0);
INSERT INTO stage_tasks VALUES ('demo', '7235911950407352321', 'u006', '7270346432875692037', 1, 0);
INSERT INTO stage_tasks VALUES ('demo', '7235911950407352321', 'u007', '7270346432875692037', 1, 0);
INSERT INTO stage_tasks VALUES ('demo', '7235911950407352321', 'u008', '7270346432875692037', 1, 0);
INSERT INTO stage_tasks VALUES ('demo', '7235911950407352321', 'u009', '7270346432875692037', 1, 0);
INSERT INTO stage_tasks VALUES ('demo', '7235911950407352321', 'u010', '7270346432875692037', 1, 0);
INSERT INTO stage_tasks VALUES ('demo', '7235911950407352399', 'u001', '7270346432875600001', 1, 1);
INSERT INTO stage_tasks VALUES ('demo', '7235911950407352399', 'u002', '7270346432875600001', 1, 1);


--
-- Data for Name: stages; Type: TABLE DATA; Schema: openwork_legacy_record; Owner: -
--

INSERT INTO stages VALUES ('bench', '7400000000000000101', '7400000000000000001', '阶段1', 'Stage 1', 1719280800000, 'https://performance.bench.example/review/7400000000000000001/7400000000000000101', 1, 0);
INSERT INTO stages VALUES ('bench', '7400000000000000102', '7400000000000000001', '阶段2', 'Stage 2', 1720576800000, 'https://performance.bench.example/review/7400000000000000001/7400000000000000102', 0, 1);
INSERT INTO stages VALUES ('bench', '7400000000000000103', '7400000000000000001', '阶段3', 'Stage 3', 1721872800000, 'https://performance.bench.example/review/7400000000000000001/7400000000000000103', 0, 2);
INSERT INTO stages VALUES ('demo', '7270346432875692033', '7235911950407352321', '目标设定', 'goal_setting', 1711900799000, 'https://performance.example/perf/review/7235911950407352321/7270346432875692033/members', 0, 0);
INSERT INTO stages VALUES ('demo', '7270346432875692034', '7235911950407352321', '自评', 'self_review', 1718035199000, 'https://performance.example/perf/review/7235911950407352321/7270346432875692034/members', 0, 1);
INSERT INTO stages VALUES ('demo', '7270346432875692035', '7235911950407352321', '360° 评估', 'peer_review', 1719763199000, 'https://performance.example/perf/review/7235911950407352321/7270346432875692035/members', 0, 2);
INSERT INTO stages VALUES ('demo', '7270346432875692036', '7235911950407352321', '上级评估', 'leader_review', 1720195199000, 'https://performance.example/perf/review/7235911950407352321/7270346432875692036/members', 1, 3);
INSERT INTO stages VALUES ('demo', '7270346432875692037', '7235911950407352321', '结果沟通', 'result_communication', 1721059199000, 'https://performance.example/perf/review/7235911950407352321/7270346432875692037/members', 0, 4);
INSERT INTO stages VALUES ('demo', '7270346432875600001', '7235911950407352399', '年度总结', 'annual_summary', 1704038399000, NULL, 0, 0);


--
-- Data for Name: tenants; Type: TABLE DATA; Schema: openwork_legacy_record; Owner: -
--

INSERT INTO tenants VALUES ('bench', 'Bench Inc.', 'dingbench', 1718416800000, 0, 1, 0, 1);
INSERT INTO tenants VALUES ('demo', 'Demo Inc.', 'dingdemo00000000001', 1718416800000, 0, 1, 0, 1);


--
-- Data for Name: user_identities; Type: TABLE DATA; Schema: openwork_legacy_record; Owner: -
--

INSERT INTO user_identities VALUES ('bench', 'cli_bench0000000000001', 'u000000', 'ou_d804e1c2ef3c4a470e1f50a6ed206f56', 'on_76a3154852824ab5687d9035b02647f7');
INSERT INTO user_identities VALUES ('bench', 'cli_bench0000000000001', 'u000001', 'ou_7f9a73affc8e1de66de944421b3125af', 'on_ae86a9f169782ac7514c1d91688ba6c3');
INSERT INTO user_identities VALUES ('bench', 'cli_bench0000000000001', 'u000002', 'ou_b40d1963e5fa738c5ff91db4ceff296a', 'on_97087289f1d79c1bc431ab932789a6e2');
INSERT INTO user_identities VALUES ('bench', 'cli_bench0000000000001', 'u000003', 'ou_a0643ff3ccc581eefb33879280f800f1', 'on_f5a191dabfaf8786e8733a5fdaf2d9b7');
INSERT INTO user_identities VALUES ('bench', 'cli_bench0000000000001', 'u000004', 'ou_2c429f867a346ef3668228ce82bce277', 'on_8ba4ca31271bcca2691ebaf085566d86');
INSERT INTO user_identities VALUES ('bench', 'cli_bench0000000000001', 'u000005', 'ou_9c4ed5a5458a413794189ceb47eca453', 'on_ebbcce4156eb2f9d8008d46d54074e2f');
INSERT INTO user_identities VALUES ('bench', 'cli_bench0000000000001', 'u000006', 'ou_65c9446e419e37ba3bdb13dcfee79d93', 'on_22ea51399c57bf9d763f6627f24cc0ec');
INSERT INTO user_identities VALUES ('bench', 'cli_bench0000000000001', 'u000007', 'ou_6ba27cb4ed2dffc84f34b8888bfc0662', 'on_5c3771395dd0c12d373b6ad78f8936c2');
INSERT INTO user_identities VALUES ('bench', 'cli_bench0000000000001', 'u000008', 'ou_1779866c925ae87f0f3a0946464cea05', 'on_2cdcc9daef4f24c4f9b63a75f04fe987');
INSERT INTO user_identities VALUES ('bench', 'cli_bench0000000000001', 'u000009', 'ou_40067d0b6b968bdd2af0de397682503f', 'on_61aff91c80e2f610e596c297d3647ea2');
INSERT INTO user_identities VALUES ('bench', 'cli_bench0000000000001', 'u000010', 'ou_b6ce5f8c01a2b7c1c0dbd5c7900fef54', 'on_456654775025af6bca3f31579e682ede');
INSERT INTO user_identities VALUES ('bench', 'cli_bench0000000000001', 'u000011', 'ou_65e64aa045db60ceb34c5e1b46328ec2', 'on_ceb8bda74ae5df3114befe8a169ef8e6');
INSERT INTO user_identities VALUES ('bench', 'cli_bench0000000000001', 'u000012', 'ou_a869b5b8ecddc393c5a9ebd6a8149551', 'on_54cb5bb5bbfadcff231e088073cbfa69');
INSERT INTO user_identities VALUES ('bench', 'cli_bench0000000000001', 'u000013', 'ou_32f0290ec35830a20b77b1f1322212f0', 'on_b7e29ffcb849aa206e64bb8cc956e4b1');
INSERT INTO user_identities VALUES ('bench', 'cli_bench0000000000001', 'u000014', 'ou_5844fb6a13637f292fb2fff384b699cb', 'on_80cd56d96b89de14407082bc557116c8');
INSERT INTO user_identities VALUES ('bench', 'cli_bench0000000000001', 'u000015', 'ou_e3caf2df497bcb5b15fdd2bf3c96ce82', 'on_1bf418906e6e7329c3209b5617fa6bdd');
INSERT INTO user_identities VALUES ('bench', 'cli_bench0000000000001', 'u000016', 'ou_9b3ec30920a56a1fa6c273cd269cf307', 'on_7a3b55f2155a85e77174cc02fb790926');
INSERT INTO user_identities VALUES ('bench', 'cli_bench0000000000001', 'u000017', 'ou_db7f8ca58d18a95d20cafdc242b7f585', 'on_ffc707ca200c7c2049c0495907c22fae');
INSERT INTO user_identities VALUES ('bench', 'cli_bench0000000000001', 'u000018', 'ou_0f2aba0f9bfaa81d53d4e608254a042b', 'on_116b3f604fc136a2c94b1bbc636bc429');
INSERT INTO user_identities VALUES ('bench', 'cli_bench0000000000001', 'u000019', 'ou_e12efd820ff1320fa519a7c0f33e6f98', 'on_e42400e3b412767af4b83eb9ddcfe369');
INSERT INTO user_identities VALUES ('bench', 'cli_bench0000000000001', 'u000020', 'ou_40300ed0eb24f812e17c441a5cda6cf8', 'on_7f4027c2fcea3978a01e899d90a92c26');
INSERT INTO user_identities VALUES ('bench', 'cli_bench0000000000001', 'u000021', 'ou_768b990623d19a73477bfdde080d680c', 'on_c08b4384ff748c59ea8afa199258990c');
INSERT INTO user_identities VALUES ('bench', 'cli_bench0000000000001', 'u000022', 'ou_26dca573e6be4bb7f7dbc4b65d30b90c', 'on_ef8a594b25a5626071233c2629823eec');
INSERT INTO user_identities VALUES ('bench', 'cli_bench0000000000001', 'u000023', 'ou_eba6f154194dd1ea8661f547b4d11eee', 'on_f25489769cb5a9e4ae50c991ef559850');
INSERT INTO user_identities VALUES ('bench', 'cli_bench0000000000001', 'u000024', 'ou_7f7cff289ead68bfb8eb1aa75a52430a', 'on_a56fdd4f838dd42554f7a9181044e5ef');
INSERT INTO user_identities VALUES ('bench', 'cli_bench0000000000001', 'u000025', 'ou_cc27f5f2289d525f61c49e1980c6585b', 'on_596f92a814e04af2e2aae07505372c14');
INSERT INTO user_identities VALUES ('bench', 'cli_bench0000000000001', 'u000026', 'ou_4e85fced6568ac7f56c5253e5a8c8fed', 'on_990dac397acd0cd70a39e84c5347943a');
INSERT INTO user_identities VALUES ('bench', 'cli_bench0000000000001', 'u000027', 'ou_fe705f232cfc8208374d27ea0710cf14', 'on_c162bacfe9b0be7eaf565ea3f8015ef1');
INSERT INTO user_identities VALUES ('bench', 'cli_bench0000000000001', 'u000028', 'ou_30959deb2eae257c85dd50e28c3a0ad4', 'on_0e7062f8861054b57646d88db5d1942a');
INSERT INTO user_identities VALUES ('bench', 'cli_bench0000000000001', 'u000029', 'ou_ecf99f77b97d5920c2ae58af2c21272b', 'on_09eec837991368e98d5df333137325c3');
INSERT INTO user_identities VALUES ('bench', 'cli_bench0000000000001', 'u000030', 'ou_e31255ccb456239ce2f468efd8817f37', 'on_87439942694ea865a9910353c446cb29');
INSERT INTO user_identities VALUES ('bench', 'cli_bench0000000000001', 'u000031', 'ou_89d9cdc0dd26401ae98ec43fb5432dfc', 'on_8ed6e388c2a8ed84a123fd302eaa2fd6');
INSERT INTO user_identities VALUES ('bench', 'cli_bench0000000000001', 'u000032', 'ou_47a3c53795352edc128539bbefb5f1cc', 'on_9a51792918f636fe4c2fb3c9ed908bfc');
INSERT INTO user_identities VALUES ('bench', 'cli_bench0000000000001', 'u000033', 'ou_386545154fc4a277f54cc46345e00b4d', 'on_f44ee3db390800322b8fbb7fe438cc9f');
INSERT INTO user_identities VALUES ('bench', 'cli_bench0000000000001', 'u000034', 'ou_c9fe486990e9da95965095b3691ef0d5', 'on_3cef11a021d79bbab80e0b760128a6ce');
INSERT INTO user_identities VALUES ('bench', 'cli_bench0000000000001', 'u000035', 'ou_dc3ffd0f940489b40d0fb35af4903ffc', 'on_64d8896f91f527eac9cce06105355225');
INSERT INTO user_identities VALUES ('bench', 'cli_bench0000000000001', 'u000036', 'ou_2e521fc400b4316c8cf771b4268671bd', 'on_4c0427b0c4f9e3d47d8d279cc2e31126');
INSERT INTO user_identities VALUES ('bench', 'cli_bench0000000000001', 'u000037', 'ou_b8ddeed3dfedc5d1e0460de87a2a2844', 'on_9d93a3bb24fd00bc5a915f13dfff3753');
INSERT INTO user_identities VALUES ('bench', 'cli_bench0000000000001', 'u000038', 'ou_953c1da4d03493d8d0a2b31d4d47dcdf', 'on_d31ca4f28c3ae0cf2b53a3f7438474a6');
INSERT INTO user_identities VALUES ('bench', 'cli_bench0000000000001', 'u000039', 'ou_15d10bcf86c162dd3ee5847e2ac0609c', 'on_02285c7f54ec1d8d398a907b690b2fa1');
INSERT INTO user_identities VALUES ('bench', 'cli_bench0000000000001', 'u000040', 'ou_1e363db68e134d48b6c0a76e63b0e82a', 'on_15a57b9caf282121a34a9bd9ca0a697f');
INSERT INTO user_identities VALUES ('bench', 'cli_bench0000000000001', 'u000041', 'ou_8f52c5da26f579455572cd42591ca6ad', 'on_0d098360df1f526ac79d38119cb3c02f');
INSERT INTO user_identities VALUES ('bench', 'cli_bench0000000000001', 'u000042', 'ou_1fb126bc1b3afeb16ecbef59a765d8bf', 'on_a91494cfa61782e30ab215a4d4375cd1');
INSERT INTO user_identities VALUES ('bench', 'cli_bench0000000000001', 'u000043', 'ou_e6ebeb89ec4f8b1f0d4ed6772aee2abc', 'on_f20fd6390a2c6f59078be7f86f0e6ead');
INSERT INTO user_identities VALUES ('bench', 'cli_bench0000000000001', 'u000044', 'ou_7b2da714f439986197323cdc366499e9', 'on_4a287c3af0d4b6275d4fa957644c2368');
INSERT INTO user_identities VALUES ('demo', 'cli_demo0000000000001', 'u001', 'ou_d8994c22d81cd1e2009276bee7313cf2', 'on_43a17a933c5176ea537a85c65d3c2208');
INSERT INTO user_identities VALUES ('demo', 'cli_demo0000000000002', 'u001', 'ou_1228597022d091f233d16b7f8dd1c9b0', 'on_33244d068d53df681f472a38588d4dff');
INSERT INTO user_identities VALUES ('demo', 'cli_demo0000000000001', 'u002', 'ou_03d91a1fd9564337b47e99bbf32ebf22', 'on_41ba6590782c12d196072f41ce336130');
INSERT INTO user_identities VALUES ('demo', 'cli_demo0000000000002', 'u002', 'ou_8d0e87755bce91a58676cfa4d7ca0b8b', 'on_18bc8c8ae342a21b5a7983ceeb968353');
INSERT INTO user_identities VALUES ('demo', 'cli_demo0000000000001', 'u003', 'ou_132d37638c9a8705fd0b464ba5d81e05', 'on_6795b4032de602fdedeee9362136913e');
INSERT INTO user_identities VALUES ('demo', 'cli_demo0000000000002', 'u003', 'ou_5ae6f88d4c7455574cd2c8b572928457', 'on_167ccc3f00c72411832b5e60faaf74bc');
INSERT INTO user_identities VALUES ('demo', 'cli_demo0000000000001', 'u004', 'ou_1b8a696f8242c25add0ba7bd9864caee', 'on_8ebc619f4776580bd9f2f9444af1a023');
INSERT INTO user_identities VALUES ('demo', 'cli_demo0000000000002', 'u004', 'ou_2a16615605d3722fd7f26610f85a1ff7', 'on_bfce61d477b16da82d18691cfb38b4cd');
INSERT INTO user_identities VALUES ('demo', 'cli_demo0000000000001', 'u005', 'ou_05a1e3d3748a5357c50a72450185e596', 'on_48a6105d16cff582cd1ba39aadc1b41a');
INSERT INTO user_identities VALUES ('demo', 'cli_demo0000000000002', 'u005', 'ou_2ddd44d8da6c25834a0c0ca17266b6dd', 'on_e4d285d85e76750a2ef1be40e3a6bb52');
INSERT INTO user_identities VALUES ('demo', 'cli_demo0000000000001', 'u006', 'ou_67e791ff2bf84c444147b07a43356288', 'on_84819f7d44db5d5e0e25b18a546a2d04');
INSERT INTO user_identities VALUES ('demo', 'cli_demo0000000000002', 'u006', 'ou_5a3ef0712505724e21db6083bd2c4c28', 'on_39ff18aab1f8463c0f6323f702343e8d');
INSERT INTO user_identities VALUES ('demo', 'cli_demo0000000000001', 'u007', 'ou_2fd988c55bf8a90763615348f29997fc', 'on_0af4c471506603d74bf25b8feb580ade');
INSERT INTO user_identities VALUES ('demo', 'cli_demo0000000000002', 'u007', 'ou_8d2dd8c5a5fd0990995ebae6825b5e53', 'on_a234453ade90e8e13f3fd21c8e71e110');
INSERT INTO user_identities VALUES ('demo', 'cli_demo0000000000001', 'u008', 'ou_4564d56bf9963f919bf7e4bd6f37b946', 'on_9fe79c22f9ba643435aaff6e9ac7d09b');
INSERT INTO user_identities VALUES ('demo', 'cli_demo0000000000002', 'u008', 'ou_20ecf9720438a5a9b2f3bb3319b5bef0', 'on_5e6fce1cb1e15f1155b6fb2dc2ea828d');
INSERT INTO user_identities VALUES ('demo', 'cli_demo0000000000001', 'u009', 'ou_dfd2bc8309e13138242930990cfd3bb3', 'on_a10c033d0c402e44798ead7fa37b9c5e');
INSERT INTO user_identities VALUES ('demo', 'cli_demo0000000000002', 'u009', 'ou_413236e443fef2270ad68c9a6a42719a', 'on_a86332f440273b512668328458594b9f');
INSERT INTO user_identities VALUES ('demo', 'cli_demo0000000000001', 'u010', 'ou_b31b4b1aec1de688578b445f437ac6df', 'on_78ecbc9583c3aaa7f6a4f41e78fba1e0');
INSERT INTO user_identities VALUES ('demo', 'cli_demo0000000000002', 'u010', 'ou_a2dcd6d876f532644607e3c7ba3514fc', 'on_48477dab7e49dcdf11c41a0738e59984');
INSERT INTO user_identities VALUES ('demo', 'cli_demo0000000000001', 'u011', 'ou_e3efe1105918d3e5d4b0df9dd3e3c4dc', 'on_2390ee7935125ee5ccffb765c370a7bf');
INSERT INTO user_identities VALUES ('demo', 'cli_demo0000000000002', 'u011', 'ou_189acb3d138bb41d7306f270f9c0b077', 'on_8f8fdc4330d9e33da8655937eb9d2051');
INSERT INTO user_identities VALUES ('demo', 'cli_demo0000000000001', 'u012', 'ou_26d8455751207c41f0725e1a37eb40ea', 'on_afd9cd3472acbfaaa885abbf3614ff24');
INSERT INTO user_identities VALUES ('demo', 'cli_demo0000000000002', 'u012', 'ou_ff4cbbbf2f57ff7ef210dd8ee2329532', 'on_c090fd14ff4827acb8464f82bed01203');
INSERT INTO user_identities VALUES ('demo', 'cli_demo0000000000001', 'u013', 'ou_4b33a689167b05aff04f7a4a1c0dad3b', 'on_db809ff92aa410bcb86900f9bfe052bb');
INSERT INTO user_identities VALUES ('demo', 'cli_demo0000000000002', 'u013', 'ou_d2757feb50b6110ff8e65b24e654dc47', 'on_29154b2aa5d6c10c5234ce3630381e25');
INSERT INTO user_identities VALUES ('demo', 'cli_demo0000000000001', 'u014', 'ou_5d39ac69badbfd5f7031ff16d7d136f3', 'on_438607abcae0b5c6a709c02c3d3c25f7');
INSERT INTO user_identities VALUES ('demo', 'cli_demo0000000000002', 'u014', 'ou_a814af0bf5125bacc1e97d4ea4ac4639', 'on_6ac73ef8eba743ba34dd42c4ee976453');
INSERT INTO user_identities VALUES ('demo', 'cli_demo0000000000001', 'u015', 'ou_d769c610357d43d8690003df99f3c9fc', 'on_17a31e642ab7508d4818963ab86aa5e2');
INSERT INTO user_identities VALUES ('demo', 'cli_demo0000000000002', 'u015', 'ou_f919ff81d414bfa2e4cc88d1d8e08594', 'on_dbddcf85bda9f305381c81a2a26ff6f4');
INSERT INTO user_identities VALUES ('demo', 'cli_demo0000000000001', 'u016', 'ou_7baed1c52c05293947f53dae1c0df1fd', 'on_e989a1f736dd005e3a69dcfdc55479d4');
INSERT INTO user_identities VALUES ('demo', 'cli_demo0000000000002', 'u016', 'ou_59b3cd8d4ce1e42798bc05f28187a35d', 'on_936480e4689a3369761ffa7bdda8a063');
INSERT INTO user_identities VALUES ('demo', 'cli_demo0000000000001', 'u017', 'ou_ff5e1f17363d805dd79908a8ee46f622', 'on_19c6b74cb35ac7417319a6e40ca8c879');
INSERT INTO user_identities VALUES ('demo', 'cli_demo0000000000002', 'u017', 'ou_097bef4e0edd89e0b244e42488a26191', 'on_7a3ec7e232cd73301c875567f3d17562');
INSERT INTO user_identities VALUES ('demo', 'cli_demo0000000000001', 'u018', 'ou_6a9d8f84412f108158f6fc287856b29a', 'on_2776eb09c41e35ff0d37d5fb5c261afe');
INSERT INTO user_identities VALUES ('demo', 'cli_demo0000000000002', 'u018', 'ou_e00de31e655e430f076e974f1cf5bd7b', 'on_fdef67ddce4f43ea473dc50c8a74932a');
INSERT INTO user_identities VALUES ('demo', 'cli_demo0000000000001', 'u019', 'ou_0dfca7229e6bc37438bac3d0d578cdc4', 'on_152197abf348d45f23325ed0b0edf09d');
INSERT INTO user_identities VALUES ('demo', 'cli_demo0000000000002', 'u019', 'ou_d43cb5a3bb1b497b6e8afcb92058f4ea', 'on_7581face4934276729c1349f3899f3da');
INSERT INTO user_identities VALUES ('demo', 'cli_demo0000000000001', 'u020', 'ou_124c3ad63714d9cabbe556b1dc5fe8c2', 'on_14b59a90e439097a6147cdf406738283');
INSERT INTO user_identities VALUES ('demo', 'cli_demo0000000000002', 'u020', 'ou_6b1cef44064e39e85ba2ffd290e27827', 'on_9c30bfc8f5f6d655ef907d9d947ec95d');
INSERT INTO user_identities VALUES ('demo', 'cli_demo0000000000001', 'u021', 'ou_ba1dd9497bf444828a400104e4e3b262', 'on_b9a99276b1e742599e80d12e008b113e');
INSERT INTO user_identities VALUES ('demo', 'cli_demo0000000000002', 'u021', 'ou_c8376794180734dae682775eca533e2f', 'on_401ee4b5517a102401b0e18431c13dec');
INSERT INTO user_identities VALUES ('demo', 'cli_demo0000000000001', 'u022', 'ou_c5d94fbfc6a08c0903f95ca22db7dedb', 'on_ea88160e845488039d2aeaacf7e6e104');
INSERT INTO user_identities VALUES ('demo', 'cli_demo0000000000002', 'u022', 'ou_0b0382a4d324884a7065ed303004138e', 'on_955b7f1040cf7e1f1d09da100f48350c');
INSERT INTO user_identities VALUES ('demo', 'cli_demo0000000000001', 'u023', 'ou_feadb9b7d96b1933c8821fe77375beaf', 'on_2dd85880dfe3e26e30b0946243441a30');
INSERT INTO user_identities VALUES ('demo', 'cli_demo0000000000002', 'u023', 'ou_82ac7a8295d1de2a01f7c12e8ab00b74', 'on_7fcc86ffb22edbfb742de7e340c4f930');
INSERT INTO user_identities VALUES ('demo', 'cli_demo0000000000001', 'u024', 'ou_d82c2d8251825d133ea1bc5244f32d22', 'on_ed3ecddd0dc38ff0c065cab6232d12d7');
INSERT INTO user_identities VALUES ('demo', 'cli_demo0000000000002', 'u024', 'ou_b74bd6489c65661c279deddf1094400a', 'on_9c1eeef67c0e84b39435b3c4e43cb46c');
INSERT INTO user_identities VALUES ('demo', 'cli_demo0000000000001', 'u025', 'ou_49cd9e973beb02d6623fdaaab729ad9d', 'on_3144fd6c19266be7fe0198ba4896f5ce');
INSERT INTO user_identities VALUES ('demo', 'cli_demo0000000000002', 'u025', 'ou_03b5f1f3457073f33a6754adb2301907', 'on_5110e61ebdd41a7d2c1656591a78dca4');
INSERT INTO user_identities VALUES ('demo', 'cli_demo0000000000001', 'u026', 'ou_8c11de656808058f2b338bbf768d83fa', 'on_94bdb0faeaf002a096e7fe10e2884248');
INSERT INTO user_identities VALUES ('demo', 'cli_demo0000000000002', 'u026', 'ou_0ede90dffeb1948d5341f3e4ac6759fc', 'on_6837a600a59f6193ac9ca5645d97a192');
INSERT INTO user_identities VALUES ('demo', 'cli_demo0000000000001', 'u027', 'ou_db92a5217a2188bf7072ff3cd6a398c5', 'on_5d356d1170d33895f5fe9a4c93057079');
INSERT INTO user_identities VALUES ('demo', 'cli_demo0000000000002', 'u027', 'ou_597e15731546c22c52c49f5ac523d37b', 'on_86b2ec97b4efa1e368e525e95ff890db');
INSERT INTO user_identities VALUES ('demo', 'cli_demo0000000000001', 'u028', 'ou_cf4fee77d596184f14622ad46cd89f0e', 'on_ffe269db55d3c95b3cb176d087b1a712');
INSERT INTO user_identities VALUES ('demo', 'cli_demo0000000000002', 'u028', 'ou_40906c64d378e51ce736ed5e958db611', 'on_d29576695a4d5a6e06ed041c22ac4b06');
INSERT INTO user_identities VALUES ('demo', 'cli_demo0000000000001', 'u029', 'ou_a931b128d57e8ec2d4ed42e40734e117', 'on_4d4ff19b5f67afaecf3e2e69358eb1b9');
INSERT INTO user_identities VALUES ('demo', 'cli_demo0000000000002', 'u029', 'ou_1442387cf47e5046fa13c937e940fac4', 'on_6dbef2822233ac2f6243ea8d14257dde');
INSERT INTO user_identities VALUES ('demo', 'cli_demo0000000000001', 'u030', 'ou_cf69ede0f26f1fe8868c0922b16b27a5', 'on_51dea6b0bbbc213730afce38ec111d1a');
INSERT INTO user_identities VALUES ('demo', 'cli_demo0000000000002', 'u030', 'ou_34c8a0274ec3a7575a89c9e74a262318', 'on_3d9a47a0a419117ea5f8b638626d5eff');
INSERT INTO user_identities VALUES ('demo', 'cli_demo0000000000001', 'n001', 'ou_8d2c8da488fbfb74ca4a326a3b33c2bb', 'on_d94cbe85767cce161f1659727be08a5f');
INSERT INTO user_identities VALUES ('demo', 'cli_demo0000000000002', 'n001', 'ou_8f55c82587034da7f459cae4baf5c884', 'on_a64e3a90db42978202d4540d684d08ca');
INSERT INTO user_identities VALUES ('demo', 'cli_demo0000000000001', 'c15f7673', 'ou_366922677b6205b7abb69833faeb0104', 'on_7c4fb7d2a21b98ee5fe10bd781e7144c');
INSERT INTO user_identities VALUES ('demo', 'cli_demo0000000000002', 'c15f7673', 'ou_1aa76db15eff4f8e9d77cb81371192ca', 'on_f2ac6934aefede95a8c7eb52fd6e6312');


--
-- Data for Name: users; Type: TABLE DATA; Schema: openwork_legacy_record; Owner: -
--

INSERT INTO users VALUES ('bench', 'u000000', '员工000000', 'Employee 0', 'u000000@bench.example', '+8613900000000', '["d000"]', NULL, 'E000000', '{}', 0);
INSERT INTO users VALUES ('bench', 'u000001', '员工000001', 'Employee 1', 'u000001@bench.example', '+8613900000001', '["d000"]', 'u000000', 'E000001', '{}', 1);
INSERT INTO users VALUES ('bench', 'u000002', '员工000002', 'Employee 2', 'u000002@bench.example', '+8613900000002', '["d000"]', 'u000000', 'E000002', '{}', 2);
INSERT INTO users VALUES ('bench', 'u000003', '员工000003', 'Employee 3', 'u000003@bench.example', '+8613900000003', '["d000"]', 'u000000', 'E000003', '{}', 3);
INSERT INTO users VALUES ('bench', 'u000004', '员工000004', 'Employee 4', 'u000004@bench.example', '+8613900000004', '["d000"]', 'u000000', 'E000004', '{}', 4);
INSERT INTO users VALUES ('bench', 'u000005', '员工000005', 'Employee 5', 'u000005@bench.example', '+8613900000005', '["d000"]', 'u000000', 'E000005', '{}', 5);
INSERT INTO users VALUES ('bench', 'u000006', '员工000006', 'Employee 6', 'u000006@bench.example', '+8613900000006', '["d000"]', 'u000000', 'E000006', '{}', 6);
INSERT INTO users VALUES ('bench', 'u000007', '员工000007', 'Employee 7', 'u000007@bench.example', '+8613900000007', '["d000"]', 'u000000', 'E000007', '{}', 7);
INSERT INTO users VALUES ('bench', 'u000008', '员工000008', 'Employee 8', 'u000008@bench.example', '+8613900000008', '["d000"]', 'u000000', 'E000008', '{}', 8);
INSERT INTO users VALUES ('bench', 'u000009', '员工000009', 'Employee 9', 'u000009@bench.example', '+8613900000009', '["d000"]', 'u000000', 'E000009', '{}', 9);
INSERT INTO users VALUES ('bench', 'u000010', '员工000010', 'Employee 10', 'u000010@bench.example', '+8613900000010', '["d000"]', 'u000000', 'E000010', '{}', 10);
INSERT INTO users VALUES ('bench', 'u000011', '员工000011', 'Employee 11', 'u000011@bench.example', '+8613900000011', '["d000"]', 'u000000', 'E000011', '{}', 11);
INSERT INTO users VALUES ('bench', 'u000012', '员工000012', 'Employee 12', 'u000012@bench.example', '+8613900000012', '["d000"]', 'u000000', 'E000012', '{}', 12);
INSERT INTO users VALUES ('bench', 'u000013', '员工000013', 'Employee 13', 'u000013@bench.example', '+8613900000013', '["d000"]', 'u000000', 'E000013', '{}', 13);
INSERT INTO users VALUES ('bench', 'u000014', '员工000014', 'Employee 14', 'u000014@bench.example', '+8613900000014', '["d000"]', 'u000000', 'E000014', '{}', 14);
INSERT INTO users VALUES ('bench', 'u000015', '员工000015', 'Employee 15', 'u000015@bench.example', '+8613900000015', '["d000"]', 'u000000', 'E000015', '{}', 15);
INSERT INTO users VALUES ('bench', 'u000016', '员工000016', 'Employee 16', 'u000016@bench.example', '+8613900000016', '["d000"]', 'u000000', 'E000016', '{}', 16);
INSERT INTO users VALUES ('bench', 'u000017', '员工000017', 'Employee 17', 'u000017@bench.example', '+8613900000017', '["d000"]', 'u000000', 'E000017', '{}', 17);
INSERT INTO users VALUES ('bench', 'u000018', '员工000018', 'Employee 18', 'u000018@bench.example', '+8613900000018', '["d000"]', 'u000000', 'E000018', '{}', 18);
INSERT INTO users VALUES ('bench', 'u000019', '员工000019', 'Employee 19', 'u000019@bench.example', '+8613900000019', '["d000"]', 'u000000', 'E000019', '{}', 19);
INSERT INTO users VALUES ('bench', 'u000020', '员工000020', 'Employee 20', 'u000020@bench.example', '+8613900000020', '["d000"]', 'u000000', 'E000020', '{}', 20);
INSERT INTO users VALUES ('bench', 'u000021', '员工000021', 'Employee 21', 'u000021@bench.example', '+8613900000021', '["d000"]', 'u000000', 'E000021', '{}', 21);
INSERT INTO users VALUES ('bench', 'u000022', '员工000022', 'Employee 22', 'u000022@bench.example', '+8613900000022', '["d000"]', 'u000000', 'E000022', '{}', 22);
INSERT INTO users VALUES ('bench', 'u000023', '员工000023', 'Employee 23', 'u000023@bench.example', '+8613900000023', '["d000"]', 'u000000', 'E000023', '{}', 23);
INSERT INTO users VALUES ('bench', 'u000024', '员工000024', 'Employee 24', 'u000024@bench.example', '+8613900000024', '["d000"]', 'u000000', 'E000024', '{}', 24);
INSERT INTO users VALUES ('bench', 'u000025', '员工000025', 'Employee 25', 'u000025@bench.example', '+8613900000025', '["d000"]', 'u000000', 'E000025', '{}', 25);
INSERT INTO users VALUES ('bench', 'u000026', '员工000026', 'Employee 26', 'u000026@bench.example', '+8613900000026', '["d000"]', 'u000000', 'E000026', '{}', 26);
INSERT INTO users VALUES ('bench', 'u000027', '员工000027', 'Employee 27', 'u000027@bench.example', '+8613900000027', '["d000"]', 'u000000', 'E000027', '{}', 27);
INSERT INTO users VALUES ('bench', 'u000028', '员工000028', 'Employee 28', 'u000028@bench.example', '+8613900000028', '["d000"]', 'u000000', 'E000028', '{}', 28);
INSERT INTO users VALUES ('bench', 'u000029', '员工000029', 'Employee 29', 'u000029@bench.example', '+8613900000029', '["d000"]', 'u000000', 'E000029', '{}', 29);
INSERT INTO users VALUES ('bench', 'u000030', '员工000030', 'Employee 30', 'u000030@bench.example', '+8613900000030', '["d000"]', 'u000000', 'E000030', '{}', 30);
INSERT INTO users VALUES ('bench', 'u000031', '员工000031', 'Employee 31', 'u000031@bench.example', '+8613900000031', '["d000"]', 'u000000', 'E000031', '{}', 31);
INSERT INTO users VALUES ('bench', 'u000032', '员工000032', 'Employee 32', 'u000032@bench.example', '+8613900000032', '["d000"]', 'u000000', 'E000032', '{}', 32);
INSERT INTO users VALUES ('bench', 'u000033', '员工000033', 'Employee 33', 'u000033@bench.example', '+8613900000033', '["d000"]', 'u000000', 'E000033', '{}', 33);
INSERT INTO users VALUES ('bench', 'u000034', '员工000034', 'Employee 34', 'u000034@bench.example', '+8613900000034', '["d000"]', 'u000000', 'E000034', '{}', 34);
INSERT INTO users VALUES ('bench', 'u000035', '员工000035', 'Employee 35', 'u000035@bench.example', '+8613900000035', '["d000"]', 'u000000', 'E000035', '{}', 35);
INSERT INTO users VALUES ('bench', 'u000036', '员工000036', 'Employee 36', 'u000036@bench.example', '+8613900000036', '["d000"]', 'u000000', 'E000036', '{}', 36);
INSERT INTO users VALUES ('bench', 'u000037', '员工000037', 'Employee 37', 'u000037@bench.example', '+8613900000037', '["d000"]', 'u000000', 'E000037', '{}', 37);
INSERT INTO users VALUES ('bench', 'u000038', '员工000038', 'Employee 38', 'u000038@bench.example', '+8613900000038', '["d000"]', 'u000000', 'E000038', '{}', 38);
INSERT INTO users VALUES ('bench', 'u000039', '员工000039', 'Employee 39', 'u000039@bench.example', '+8613900000039', '["d000"]', 'u000000', 'E000039', '{}', 39);
INSERT INTO users VALUES ('bench', 'u000040', '员工000040', 'Employee 40', 'u000040@bench.example', '+8613900000040', '["d000"]', 'u000000', 'E000040', '{}', 40);
INSERT INTO users VALUES ('bench', 'u000041', '员工000041', 'Employee 41', 'u000041@bench.example', '+8613900000041', '["d000"]', 'u000000', 'E000041', '{}', 41);
INSERT INTO users VALUES ('bench', 'u000042', '员工000042', 'Employee 42', 'u000042@bench.example', '+8613900000042', '["d000"]', 'u000000', 'E000042', '{}', 42);
INSERT INTO users VALUES ('bench', 'u000043', '员工000043', 'Employee 43', 'u000043@bench.example', '+8613900000043', '["d000"]', 'u000000', 'E000043', '{}', 43);
INSERT INTO users VALUES ('bench', 'u000044', '员工000044', 'Employee 44', 'u000044@bench.example', '+8613900000044', '["d000"]', 'u000000', 'E000044', '{}', 44);
INSERT INTO users VALUES ('demo', 'u001', '张伟', 'Zhang Wei', 'zhang.wei@demo.example', '+8613800000001', '["eng"]', NULL, NULL, '{}', 0);
INSERT INTO users VALUES ('demo', 'u002', '王芳', 'Wang Fang', 'wang.fang@demo.example', '+8613800000002', '["eng"]', 'u001', NULL, '{}', 1);
INSERT INTO users VALUES ('demo', 'u003', '李娜', 'Li Na', 'li.na@demo.example', '+8613800000003', '["eng"]', 'u001', NULL, '{}', 2);
INSERT INTO users VALUES ('demo', 'u004', '刘洋', 'Liu Yang', 'liu.yang@demo.example', '+8613800000004', '["eng"]', 'u001', NULL, '{}', 3);
INSERT INTO users VALUES ('demo', 'u005', '陈静', 'Chen Jing', 'chen.jing@demo.example', '+8613800000005', '["eng"]', 'u001', NULL, '{}', 4);
INSERT INTO users VALUES ('demo', 'u006', '杨磊', 'Yang Lei', 'yang.lei@demo.example', '+8613800000006', '["eng-platform"]', 'u002', NULL, '{}', 5);
INSERT INTO users VALUES ('demo', 'u007', '赵敏', 'Zhao Min', 'zhao.min@demo.example', '+8613800000007', '["eng-platform"]', 'u002', NULL, '{}', 6);
INSERT INTO users VALUES ('demo', 'u008', '黄强', 'Huang Qiang', 'huang.qiang@demo.example', '+8613800000008', '["eng-platform"]', 'u002', NULL, '{}', 7);
INSERT INTO users VALUES ('demo', 'u009', '周杰', 'Zhou Jie', 'zhou.jie@demo.example', '+8613800000009', '["eng-platform"]', 'u002', NULL, '{}', 8);
INSERT INTO users VALUES ('demo', 'u010', '吴婷', 'Wu Ting', 'wu.ting@demo.example', '+8613800000010', '["eng-platform"]', 'u002', NULL, '{}', 9);
INSERT INTO users VALUES ('demo', 'u011', '徐涛', 'Xu Tao', 'xu.tao@demo.example', '+8613800000011', '["product"]', NULL, NULL, '{}', 10);
INSERT INTO users VALUES ('demo', 'u012', '孙丽', 'Sun Li', 'sun.li@demo.example', '+8613800000012', '["product"]', 'u011', NULL, '{}', 11);
INSERT INTO users VALUES ('demo', 'u013', '马超', 'Ma Chao', 'ma.chao@demo.example', '+8613800000013', '["product"]', 'u011', NULL, '{}', 12);
INSERT INTO users VALUES ('demo', 'u014', '朱琳', 'Zhu Lin', 'zhu.lin@demo.example', '+8613800000014', '["product"]', 'u011', NULL, '{}', 13);
INSERT INTO users VALUES ('demo', 'u015', '胡军', 'Hu Jun', 'hu.jun@demo.example', '+8613800000015', '["product"]', 'u011', NULL, '{}', 14);
INSERT INTO users VALUES ('demo', 'u016', '郭晶', 'Guo Jing', 'guo.jing@demo.example', '+8613800000016', '["product"]', 'u011', NULL, '{}', 15);
INSERT INTO users VALUES ('demo', 'u017', '何平', 'He Ping', 'he.ping@demo.example', '+8613800000017', '["hr"]', NULL, NULL, '{}', 16);
INSERT INTO users VALUES ('demo', 'u018', '高远', 'Gao Yuan', 'gao.yuan@demo.example', '+8613800000018', '["hr"]', 'u017', NULL, '{}', 17);
INSERT INTO users VALUES ('demo', 'u019', '林峰', 'Lin Feng', 'lin.feng@demo.example', '+8613800000019', '["hr"]', 'u017', NULL, '{}', 18);
INSERT INTO users VALUES ('demo', 'u020', '罗霞', 'Luo Xia', 'luo.xia@demo.example', '+8613800000020', '["hr"]', 'u017', NULL, '{}', 19);
INSERT INTO users VALUES ('demo', 'u021', '郑凯', 'Zheng Kai', 'zheng.kai@demo.example', '+8613800000021', '["hr"]', 'u017', NULL, '{}', 20);
INSERT INTO users VALUES ('demo', 'u022', '梁雪', 'Liang Xue', 'liang.xue@demo.example', '+8613800000022', '["hr"]', 'u017', NULL, '{}', 21);
INSERT INTO users VALUES ('demo', 'u023', '谢鹏', 'Xie Peng', 'xie.peng@demo.example', '+8613800000023', '["sales"]', NULL, NULL, '{}', 22);
INSERT INTO users VALUES ('demo', 'u024', '宋佳', 'Song Jia', 'song.jia@demo.example', '+8613800000024', '["sales"]', 'u023', NULL, '{}', 23);
INSERT INTO users VALUES ('demo', 'u025', '唐亮', 'Tang Liang', 'tang.liang@demo.example', '+8613800000025', '["sales"]', 'u023', NULL, '{}', 24);
INSERT INTO users VALUES ('demo', 'u026', '韩梅', 'Han Mei', 'han.mei@demo.example', '+8613800000026', '["sales"]', 'u023', NULL, '{}', 25);
INSERT INTO users VALUES ('demo', 'u027', '冯刚', 'Feng Gang', 'feng.gang@demo.example', '+8613800000027', '["sales"]', 'u023', NULL, '{}', 26);
INSERT INTO users VALUES ('demo', 'u028', '邓辉', 'Deng Hui', 'deng.hui@demo.example', '+8613800000028', '["sales"]', 'u023', NULL, '{}', 27);
INSERT INTO users VALUES ('demo', 'u029', '曹颖', 'Cao Ying', 'cao.ying@demo.example', '+8613800000029', '["sales"]', 'u023', NULL, '{}', 28);
INSERT INTO users VALUES ('demo', 'u030', '彭博', 'Peng Bo', 'peng.bo@demo.example', '+8613800000030', '["sales"]', 'u023', NULL, '{}', 29);
INSERT INTO users VALUES ('demo', 'n001', '新人甲', NULL, 'n001@demo.example', '+8613900000001', '["eng"]', 'u001', NULL, '{}', 30);
INSERT INTO users VALUES ('demo', 'c15f7673', '新人丙', NULL, NULL, '+8613900000004', '["product"]', NULL, NULL, '{"city":"杭州"}', 31);


--
-- Data for Name: workspace_tasklists; Type: TABLE DATA; Schema: openwork_legacy_record; Owner: -
--

INSERT INTO workspace_tasklists VALUES ('demo', 'u002', 'proj-demo', 1, 1718416800000);


--
-- Data for Name: workspace_tasks; Type: TABLE DATA; Schema: openwork_legacy_record; Owner: -
--

INSERT INTO workspace_tasks VALUES ('bench', '7470000000000000000', 'bench', 'bench-0', '{"task_id":"7470000000000000000","source":"bench","source_id":"bench-0","subject":"基准任务 0","description":"由 openwork generate 生成","creator_userid":"u000015","modifier_userid":"u000015","executor_userid":"u000019","tracker_userids":[],"priority":30,"status_stage":0,"status_id":null,"task_type_id":null,"task_type_category":null,"parent_id":null,"corp_id":"bench-project-0","belong_corp_id":"dingbench","biz_tag":"bench","is_archived":false,"is_recycled":false,"plan_start_date":1715241634000,"plan_finish_date":1716451234000,"start_date":null,"finish_date":null,"gmt_create":1715241634000,"gmt_modified":1715241634000,"extension":{"comment_count":null,"file_path":null,"other":null}}', 1715241634000, 1715241634000, 'bench-project-0');
INSERT INTO workspace_tasks VALUES ('bench', '7470000000000000001', 'bench', 'bench-1', '{"task_id":"7470000000000000001","source":"bench","source_id":"bench-1","subject":"基准任务 1","description":"由 openwork generate 生成","creator_userid":"u000017","modifier_userid":"u000017","executor_userid":"u000030","tracker_userids":[],"priority":10,"status_stage":1,"status_id":null,"task_type_id":null,"task_type_category":null,"parent_id":null,"corp_id":"bench-project-1","belong_corp_id":"dingbench","biz_tag":"bench","is_archived":false,"is_recycled":false,"plan_start_date":1718064745000,"plan_finish_date":1719274345000,"start_date":null,"finish_date":null,"gmt_create":1718064745000,"gmt_modified":1718064745000,"extension":{"comment_count":null,"file_path":null,"other":null}}', 1718064745000, 1718064745000, 'bench-project-1');
INSERT INTO workspace_tasks VALUES ('bench', '7470000000000000002', 'bench', 'bench-2', '{"task_id":"7470000000000000002","source":"bench","source_id":"bench-2","subject":"基准任务 2","description":"由 openwork generate 生成","creator_userid":"u000013","modifier_userid":"u000013","executor_userid":"u000014","tracker_userids":[],"priority":20,"status_stage":0,"status_id":null,"task_type_id":null,"task_type_category":null,"parent_id":null,"corp_id":"bench-project-2","belong_corp_id":"dingbench","biz_tag":"bench","is_archived":false,"is_recycled":false,"plan_start_date":1715935315000,"plan_finish_date":1717144915000,"start_date":null,"finish_date":null,"gmt_create":1715935315000,"gmt_modified":1715935315000,"extension":{"comment_count":null,"file_path":null,"other":null}}', 1715935315000, 1715935315000, 'bench-project-2');
INSERT INTO workspace_tasks VALUES ('bench', '7470000000000000003', 'bench', 'bench-3', '{"task_id":"7470000000000000003","source":"bench","source_id":"bench-3","subject":"基准任务 3","description":"由 openwork generate 生成","creator_userid":"u000037","modifier_userid":"u000037","executor_userid":"u000014","tracker_userids":[],"priority":40,"status_stage":2,"status_id":null,"task_type_id":null,"task_type_category":null,"parent_id":null,"corp_id":"bench-project-3","belong_corp_id":"dingbench","biz_tag":"bench","is_archived":false,"is_recycled":false,"plan_start_date":1717048155000,"plan_finish_date":1718257755000,"start_date":null,"finish_date":null,"gmt_create":1717048155000,"gmt_modified":1717048155000,"extension":{"comment_count":null,"file_path":null,"other":null}}', 1717048155000, 1717048155000, 'bench-project-3');
INSERT INTO workspace_tasks VALUES ('bench', '7470000000000000004', 'bench', 'bench-4', '{"task_id":"7470000000000000004","source":"bench","source_id":"bench-4","subject":"基准任务 4","description":"由 openwork generate 生成","creator_userid":"u000002","modifier_userid":"u000002","executor_userid":"u000017","tracker_userids":[],"priority":40,"status_stage":2,"status_id":null,"task_type_id":null,"task_type_category":null,"parent_id":null,"corp_id":"bench-project-4","belong_corp_id":"dingbench","biz_tag":"bench","is_archived":false,"is_recycled":false,"plan_start_date":1718078587000,"plan_finish_date":1719288187000,"start_date":null,"finish_date":null,"gmt_create":1718078587000,"gmt_modified":1718078587000,"extension":{"comment_count":null,"file_path":null,"other":null}}', 1718078587000, 1718078587000, 'bench-project-4');
INSERT INTO workspace_tasks VALUES ('bench', '7470000000000000005', 'bench', 'bench-5', '{"task_id":"7470000000000000005","source":"bench","source_id":"bench-5","subject":"基准任务 5","description":"由 openwork generate 生成","creator_userid":"u000016","modifier_userid":"u000016","executor_userid":"u000037","tracker_userids":[],"priority":40,"status_stage":2,"status_id":null,"task_type_id":null,"task_type_category":null,"parent_id":null,"corp_id":"bench-project-5","belong_corp_id":"dingbench","biz_tag":"bench","is_archived":false,"is_recycled":false,"plan_start_date":1717388206000,"plan_finish_date":1718597806000,"start_date":null,"finish_date":null,"gmt_create":1717388206000,"gmt_modified":1717388206000,"extension":{"comment_count":null,"file_path":null,"other":null}}', 1717388206000, 1717388206000, 'bench-project-5');
INSERT INTO workspace_tasks VALUES ('bench', '7470000000000000006', 'bench', 'bench-6', '{"task_id":"7470000000000000006","source":"bench","source_id":"bench-6","subject":"基准任务 6","description":"由 openwork generate 生成","creator_userid":"u000016","modifier_userid":"u000016","executor_userid":"u000019","tracker_userids":[],"priority":40,"status_stage":2,"status_id":null,"task_type_id":null,"task_type_category":null,"parent_id":null,"corp_id":"bench-project-6","belong_corp_id":"dingbench","biz_tag":"bench","is_archived":false,"is_recycled":false,"plan_start_date":1717203369000,"plan_finish_date":1718412969000,"start_date":null,"finish_date":null,"gmt_create":1717203369000,"gmt_modified":1717203369000,"extension":{"comment_count":null,"file_path":null,"other":null}}', 1717203369000, 1717203369000, 'bench-project-6');
INSERT INTO workspace_tasks VALUES ('bench', '7470000000000000007', 'bench', 'bench-7', '{"task_id":"7470000000000000007","source":"bench","source_id":"bench-7","subject":"基准任务 7","description":"由 openwork generate 生成","creator_userid":"u000017","modifier_userid":"u000017","executor_userid":"u000021","tracker_userids":[],"priority":20,"status_stage":2,"status_id":null,"task_type_id":null,"task_type_category":null,"parent_id":null,"corp_id":"bench-project-7","belong_corp_id":"dingbench","biz_tag":"bench","is_archived":false,"is_recycled":false,"plan_start_date":1718283277000,"plan_finish_date":1719492877000,"start_date":null,"finish_date":null,"gmt_create":1718283277000,"gmt_modified":1718283277000,"extension":{"comment_count":null,"file_path":null,"other":null}}', 1718283277000, 1718283277000, 'bench-project-7');
INSERT INTO workspace_tasks VALUES ('bench', '7470000000000000008', 'bench', 'bench-8', '{"task_id":"7470000000000000008","source":"bench","source_id":"bench-8","subject":"基准任务 8","description":"由 openwork generate 生成","creator_userid":"u000013","modifier_userid":"u000013","executor_userid":"u000012","tracker_userids":[],"priority":30,"status_stage":0,"status_id":null,"task_type_id":null,"task_type_category":null,"parent_id":null,"corp_id":"bench-project-8","belong_corp_id":"dingbench","biz_tag":"bench","is_archived":false,"is_recycled":false,"plan_start_date":1715869137000,"plan_finish_date":1717078737000,"start_date":null,"finish_date":null,"gmt_create":1715869137000,"gmt_modified":1715869137000,"extension":{"comment_count":null,"file_path":null,"other":null}}', 1715869137000, 1715869137000, 'bench-project-8');
INSERT INTO workspace_tasks VALUES ('bench', '7470000000000000009', 'bench', 'bench-9', '{"task_id":"7470000000000000009","source":"bench","source_id":"bench-9","subject":"基准任务 9","description":"由 openwork generate 生成","creator_userid":"u000008","modifier_userid":"u000008","executor_userid":"u000041","tracker_userids":[],"priority":40,"status_stage":1,"status_id":null,"task_type_id":null,"task_type_category":null,"parent_id":null,"corp_id":"bench-project-9","belong_corp_id":"dingbench","biz_tag":"bench","is_archived":false,"is_recycled":false,"plan_start_date":1714249465000,"plan_finish_date":1715459065000,"start_date":null,"finish_date":null,"gmt_create":1714249465000,"gmt_modified":1714249465000,"extension":{"comment_count":null,"file_path":null,"other":null}}', 1714249465000, 1714249465000, 'bench-project-9');
INSERT INTO workspace_tasks VALUES ('bench', '7470000000000000010', 'bench', 'bench-10', '{"task_id":"7470000000000000010","source":"bench","source_id":"bench-10","subject":"基准任务 10","description":"由 openwork generate 生成","creator_userid":"u000043","modifier_userid":"u000043","executor_userid":"u000020","tracker_userids":[],"priority":10,"status_stage":1,"status_id":null,"task_type_id":null,"task_type_category":null,"parent_id":null,"corp_id":"bench-project-10","belong_corp_id":"dingbench","biz_tag":"bench","is_archived":false,"is_recycled":false,"plan_start_date":1717575059000,"plan_finish_date":1718784659000,"start_date":null,"finish_date":null,"gmt_create":1717575059000,"gmt_modified":1717575059000,"extension":{"comment_count":null,"file_path":null,"other":null}}', 1717575059000, 1717575059000, 'bench-project-10');
INSERT INTO workspace_tasks VALUES ('bench', '7470000000000000011', 'bench', 'bench-11', '{"task_id":"7470000000000000011","source":"bench","source_id":"bench-11","subject":"基准任务 11","description":"由 openwork generate 生成","creator_userid":"u000033","modifier_userid":"u000033","executor_userid":"u000001","tracker_userids":[],"priority":30,"status_stage":2,"status_id":null,"task_type_id":null,"task_type_category":null,"parent_id":null,"corp_id":"bench-project-11","belong_corp_id":"dingbench","biz_tag":"bench","is_archived":false,"is_recycled":false,"plan_start_date":1718284951000,"plan_finish_date":1719494551000,"start_date":null,"finish_date":null,"gmt_create":1718284951000,"gmt_modified":1718284951000,"extension":{"comment_count":null,"file_path":null,"other":null}}', 1718284951000, 1718284951000, 'bench-project-11');
INSERT INTO workspace_tasks VALUES ('demo', '111', 'tb', 'tb_1', '{"task_id":"111","source":"tb","source_id":"tb_1","subject":"测试任务","description":"任务描述","creator_userid":"u001","modifier_userid":"u001","executor_userid":"u002","tracker_userids":["u001","u003"],"priority":20,"status_stage":1,"status_id":1,"task_type_id":1,"task_type_category":"req","parent_id":"0","corp_id":"proj-001","belong_corp_id":"dingdemo00000000001","biz_tag":"tb","is_archived":false,"is_recycled":false,"plan_start_date":1714525200000,"plan_finish_date":1717149600000,"start_date":1714611600000,"finish_date":null,"gmt_create":1718416800000,"gmt_modified":1718416800000,"extension":{"comment_count":"3","file_path":"","other":"{\"key\":\"value\"}"}}', 1718416800000, 1718416800000, 'proj-001');
INSERT INTO workspace_tasks VALUES ('demo', '112', 'tb', 'tb_2', '{"task_id":"112","source":"tb","source_id":"tb_2","subject":"修复登录页缺陷","description":null,"creator_userid":"u002","modifier_userid":"u002","executor_userid":"u004","tracker_userids":[],"priority":30,"status_stage":2,"status_id":null,"task_type_id":null,"task_type_category":"bug","parent_id":null,"corp_id":"proj-001","belong_corp_id":"dingdemo00000000001","biz_tag":"tb","is_archived":false,"is_recycled":false,"plan_start_date":null,"plan_finish_date":null,"start_date":1717380000000,"finish_date":1717576200000,"gmt_create":1718416800000,"gmt_modified":1718416800000,"extension":{"comment_count":null,"file_path":null,"other":null}}', 1718416800000, 1718416800000, 'proj-001');
INSERT INTO workspace_tasks VALUES ('demo', '113', 'openwork', 'demo-1', '{"task_id":"113","source":"openwork","source_id":"demo-1","subject":"季度规划评审","description":null,"creator_userid":"u011","modifier_userid":"u011","executor_userid":"u012","tracker_userids":["u011"],"priority":10,"status_stage":0,"status_id":null,"task_type_id":null,"task_type_category":"task","parent_id":null,"corp_id":"proj-002","belong_corp_id":"dingdemo00000000001","biz_tag":"openwork","is_archived":false,"is_recycled":false,"plan_start_date":null,"plan_finish_date":1719568800000,"start_date":null,"finish_date":null,"gmt_create":1718416800000,"gmt_modified":1718416800000,"extension":{"comment_count":null,"file_path":null,"other":null}}', 1718416800000, 1718416800000, 'proj-002');
INSERT INTO workspace_tasks VALUES ('demo', '7853724940974363853', 'legacy', 'legacy-1', '{"task_id":"7853724940974363853","source":"legacy","source_id":"legacy-1","subject":"迁移前的任务","description":null,"creator_userid":"u001","modifier_userid":"u001","executor_userid":"u002","tracker_userids":["u003"],"priority":30,"status_stage":null,"status_id":null,"task_type_id":null,"task_type_category":null,"parent_id":null,"corp_id":null,"belong_corp_id":"dingdemo00000000001","biz_tag":"legacy","is_archived":false,"is_recycled":false,"plan_start_date":null,"plan_finish_date":1719828000000,"start_date":null,"finish_date":null,"gmt_create":1718416800000,"gmt_modified":1718416800000,"extension":{"comment_count":"2","file_path":null,"other":"{\"k\":\"v\"}"}}', 1718416800000, 1718416800000, NULL);


--
-- Name: _sqlx_migrations _sqlx_migrations_pkey; Type: CONSTRAINT; Schema: openwork_legacy_record; Owner: -
--

ALTER TABLE ONLY _sqlx_migrations
    ADD CONSTRAINT _sqlx_migrations_pkey PRIMARY KEY (version);


--
-- Name: app_token_issues app_token_issues_pkey; Type: CONSTRAINT; Schema: openwork_legacy_record; Owner: -
--

ALTER TABLE ONLY app_token_issues
    ADD CONSTRAINT app_token_issues_pkey PRIMARY KEY (app_id);


--
-- Name: apps apps_pkey; Type: CONSTRAINT; Schema: openwork_legacy_record; Owner: -
--

ALTER TABLE ONLY apps
    ADD CONSTRAINT apps_pkey PRIMARY KEY (app_id);


--
-- Name: catalog_revision catalog_revision_pkey; Type: CONSTRAINT; Schema: openwork_legacy_record; Owner: -
--

ALTER TABLE ONLY catalog_revision
    ADD CONSTRAINT catalog_revision_pkey PRIMARY KEY (id);


--
-- Name: contact_job_items contact_job_items_pkey; Type: CONSTRAINT; Schema: openwork_legacy_record; Owner: -
--

ALTER TABLE ONLY contact_job_items
    ADD CONSTRAINT contact_job_items_pkey PRIMARY KEY (task_id, item_index);


--
-- Name: contact_job_results contact_job_results_pkey; Type: CONSTRAINT; Schema: openwork_legacy_record; Owner: -
--

ALTER TABLE ONLY contact_job_results
    ADD CONSTRAINT contact_job_results_pkey PRIMARY KEY (task_id, item_index);


--
-- Name: contact_jobs contact_jobs_pkey; Type: CONSTRAINT; Schema: openwork_legacy_record; Owner: -
--

ALTER TABLE ONLY contact_jobs
    ADD CONSTRAINT contact_jobs_pkey PRIMARY KEY (task_id);


--
-- Name: departments departments_pkey; Type: CONSTRAINT; Schema: openwork_legacy_record; Owner: -
--

ALTER TABLE ONLY departments
    ADD CONSTRAINT departments_pkey PRIMARY KEY (tenant_key, department_id);


--
-- Name: dingtalk_token_issues dingtalk_token_issues_pkey; Type: CONSTRAINT; Schema: openwork_legacy_record; Owner: -
--

ALTER TABLE ONLY dingtalk_token_issues
    ADD CONSTRAINT dingtalk_token_issues_pkey PRIMARY KEY (app_id);


--
-- Name: meta meta_pkey; Type: CONSTRAINT; Schema: openwork_legacy_record; Owner: -
--

ALTER TABLE ONLY meta
    ADD CONSTRAINT meta_pkey PRIMARY KEY (key);


--
-- Name: oauth_grants oauth_grants_pkey; Type: CONSTRAINT; Schema: openwork_legacy_record; Owner: -
--

ALTER TABLE ONLY oauth_grants
    ADD CONSTRAINT oauth_grants_pkey PRIMARY KEY (grant_hash);


--
-- Name: report_recipients report_recipients_pkey; Type: CONSTRAINT; Schema: openwork_legacy_record; Owner: -
--

ALTER TABLE ONLY report_recipients
    ADD CONSTRAINT report_recipients_pkey PRIMARY KEY (tenant_key, user_id, task_id);


--
-- Name: report_rules report_rules_pkey; Type: CONSTRAINT; Schema: openwork_legacy_record; Owner: -
--

ALTER TABLE ONLY report_rules
    ADD CONSTRAINT report_rules_pkey PRIMARY KEY (tenant_key, rule_id);


--
-- Name: report_view_removals report_view_removals_pkey; Type: CONSTRAINT; Schema: openwork_legacy_record; Owner: -
--

ALTER TABLE ONLY report_view_removals
    ADD CONSTRAINT report_view_removals_pkey PRIMARY KEY (tenant_key, rule_id, user_id);


--
-- Name: reports reports_pkey; Type: CONSTRAINT; Schema: openwork_legacy_record; Owner: -
--

ALTER TABLE ONLY reports
    ADD CONSTRAINT reports_pkey PRIMARY KEY (tenant_key, task_id);


--
-- Name: review_templates review_templates_pkey; Type: CONSTRAINT; Schema: openwork_legacy_record; Owner: -
--

ALTER TABLE ONLY review_templates
    ADD CONSTRAINT review_templates_pkey PRIMARY KEY (tenant_key, review_template_id);


--
-- Name: semesters semesters_pkey; Type: CONSTRAINT; Schema: openwork_legacy_record; Owner: -
--

ALTER TABLE ONLY semesters
    ADD CONSTRAINT semesters_pkey PRIMARY KEY (tenant_key, semester_id);


--
-- Name: stage_tasks stage_tasks_pkey; Type: CONSTRAINT; Schema: openwork_legacy_record; Owner: -
--

ALTER TABLE ONLY stage_tasks
    ADD CONSTRAINT stage_tasks_pkey PRIMARY KEY (tenant_key, semester_id, user_id, stage_id);


--
-- Name: stages stages_pkey; Type: CONSTRAINT; Schema: openwork_legacy_record; Owner: -
--

ALTER TABLE ONLY stages
    ADD CONSTRAINT stages_pkey PRIMARY KEY (tenant_key, stage_id);


--
-- Name: tenants tenants_pkey; Type: CONSTRAINT; Schema: openwork_legacy_record; Owner: -
--

ALTER TABLE ONLY tenants
    ADD CONSTRAINT tenants_pkey PRIMARY KEY (tenant_key);


--
-- Name: user_identities user_identities_pkey; Type: CONSTRAINT; Schema: openwork_legacy_record; Owner: -
--

ALTER TABLE ONLY user_identities
    ADD CONSTRAINT user_identities_pkey PRIMARY KEY (tenant_key, app_id, user_id);


--
-- Name: users users_pkey; Type: CONSTRAINT; Schema: openwork_legacy_record; Owner: -
--

ALTER TABLE ONLY users
    ADD CONSTRAINT users_pkey PRIMARY KEY (tenant_key, user_id);


--
-- Name: workspace_tasklists workspace_tasklists_pkey; Type: CONSTRAINT; Schema: openwork_legacy_record; Owner: -
--

ALTER TABLE ONLY workspace_tasklists
    ADD CONSTRAINT workspace_tasklists_pkey PRIMARY KEY (tenant_key, user_id, project_id);


--
-- Name: workspace_tasks workspace_tasks_pkey; Type: CONSTRAINT; Schema: openwork_legacy_record; Owner: -
--

ALTER TABLE ONLY workspace_tasks
    ADD CONSTRAINT workspace_tasks_pkey PRIMARY KEY (tenant_key, task_id);


--
-- Name: apps_dingtalk_app_key; Type: INDEX; Schema: openwork_legacy_record; Owner: -
--

CREATE UNIQUE INDEX apps_dingtalk_app_key ON apps USING btree (dingtalk_app_key);


--
-- Name: apps_tenant; Type: INDEX; Schema: openwork_legacy_record; Owner: -
--

CREATE INDEX apps_tenant ON apps USING btree (tenant_key);


--
-- Name: contact_job_items_tenant; Type: INDEX; Schema: openwork_legacy_record; Owner: -
--

CREATE INDEX contact_job_items_tenant ON contact_job_items USING btree (tenant_key);


--
-- Name: contact_job_results_tenant; Type: INDEX; Schema: openwork_legacy_record; Owner: -
--

CREATE INDEX contact_job_results_tenant ON contact_job_results USING btree (tenant_key);


--
-- Name: contact_jobs_claim; Type: INDEX; Schema: openwork_legacy_record; Owner: -
--

CREATE INDEX contact_jobs_claim ON contact_jobs USING btree (status, submitted_at_ms);


--
-- Name: contact_jobs_tenant; Type: INDEX; Schema: openwork_legacy_record; Owner: -
--

CREATE INDEX contact_jobs_tenant ON contact_jobs USING btree (tenant_key);


--
-- Name: departments_open_id; Type: INDEX; Schema: openwork_legacy_record; Owner: -
--

CREATE UNIQUE INDEX departments_open_id ON departments USING btree (tenant_key, open_department_id);


--
-- Name: oauth_grants_tenant; Type: INDEX; Schema: openwork_legacy_record; Owner: -
--

CREATE INDEX oauth_grants_tenant ON oauth_grants USING btree (tenant_key);


--
-- Name: report_rules_name; Type: INDEX; Schema: openwork_legacy_record; Owner: -
--

CREATE INDEX report_rules_name ON report_rules USING btree (tenant_key, name);


--
-- Name: reports_commit; Type: INDEX; Schema: openwork_legacy_record; Owner: -
--

CREATE INDEX reports_commit ON reports USING btree (tenant_key, commit_ms, task_id);


--
-- Name: stage_tasks_stage; Type: INDEX; Schema: openwork_legacy_record; Owner: -
--

CREATE INDEX stage_tasks_stage ON stage_tasks USING btree (tenant_key, stage_id);


--
-- Name: stages_semester; Type: INDEX; Schema: openwork_legacy_record; Owner: -
--

CREATE INDEX stages_semester ON stages USING btree (tenant_key, semester_id, "position");


--
-- Name: tenants_dingtalk_corp; Type: INDEX; Schema: openwork_legacy_record; Owner: -
--

CREATE UNIQUE INDEX tenants_dingtalk_corp ON tenants USING btree (dingtalk_corp_id);


--
-- Name: user_identities_open_id; Type: INDEX; Schema: openwork_legacy_record; Owner: -
--

CREATE UNIQUE INDEX user_identities_open_id ON user_identities USING btree (app_id, open_id);


--
-- Name: user_identities_union_id; Type: INDEX; Schema: openwork_legacy_record; Owner: -
--

CREATE INDEX user_identities_union_id ON user_identities USING btree (app_id, union_id);


--
-- Name: users_lower_id; Type: INDEX; Schema: openwork_legacy_record; Owner: -
--

CREATE INDEX users_lower_id ON users USING btree (tenant_key, lower(user_id));


--
-- Name: users_mobile; Type: INDEX; Schema: openwork_legacy_record; Owner: -
--

CREATE UNIQUE INDEX users_mobile ON users USING btree (tenant_key, mobile);


--
-- Name: users_position; Type: INDEX; Schema: openwork_legacy_record; Owner: -
--

CREATE INDEX users_position ON users USING btree (tenant_key, "position");


--
-- Name: workspace_tasks_project; Type: INDEX; Schema: openwork_legacy_record; Owner: -
--

CREATE INDEX workspace_tasks_project ON workspace_tasks USING btree (tenant_key, corp_id);


--
-- Name: workspace_tasks_source; Type: INDEX; Schema: openwork_legacy_record; Owner: -
--

CREATE UNIQUE INDEX workspace_tasks_source ON workspace_tasks USING btree (tenant_key, source, source_id);


--
-- Name: apps apps_catalog; Type: TRIGGER; Schema: openwork_legacy_record; Owner: -
--

CREATE TRIGGER apps_catalog AFTER INSERT OR DELETE OR UPDATE OR TRUNCATE ON apps FOR EACH STATEMENT EXECUTE FUNCTION bump_catalog_revision();


--
-- Name: semesters semesters_catalog; Type: TRIGGER; Schema: openwork_legacy_record; Owner: -
--

CREATE TRIGGER semesters_catalog AFTER INSERT OR DELETE OR UPDATE OR TRUNCATE ON semesters FOR EACH STATEMENT EXECUTE FUNCTION bump_catalog_revision();


--
-- Name: stages stages_catalog; Type: TRIGGER; Schema: openwork_legacy_record; Owner: -
--

CREATE TRIGGER stages_catalog AFTER INSERT OR DELETE OR UPDATE OR TRUNCATE ON stages FOR EACH STATEMENT EXECUTE FUNCTION bump_catalog_revision();


--
-- Name: tenants tenants_catalog; Type: TRIGGER; Schema: openwork_legacy_record; Owner: -
--

CREATE TRIGGER tenants_catalog AFTER INSERT OR DELETE OR UPDATE OR TRUNCATE ON tenants FOR EACH STATEMENT EXECUTE FUNCTION bump_catalog_revision();


--
-- PostgreSQL database dump complete
--



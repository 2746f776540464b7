// openwork's web console: every view reads and writes through the admin API
// (/_openwork/v1) with the admin token kept for this browser tab only. Nothing is rendered as
// HTML from data: values are set as text, so bodies and names cannot inject markup.
"use strict";

const API = "/_openwork/v1";
const TOKEN_KEY = "openwork-admin-token";
const PAGE = 50;

// --- plumbing ---------------------------------------------------------------------------

class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

async function api(method, path, body) {
  const response = await fetch(API + path, {
    method,
    headers: {
      Authorization: "Bearer " + sessionStorage.getItem(TOKEN_KEY),
      "Content-Type": "application/json",
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (response.status === 401) {
    logout("The admin token was refused; log in again.");
    throw new ApiError(401, "unauthorized");
  }
  const text = await response.text();
  const data = text ? JSON.parse(text) : null;
  if (!response.ok) {
    throw new ApiError(response.status, (data && data.error && data.error.message) || response.statusText);
  }
  return data;
}

/// An element with attributes (`on*` are listeners) and children (strings become text).
function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value === true ? "" : value);
  }
  for (const child of children.flat()) {
    if (child === undefined || child === null) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

/// The first list in an answer: every listing of the admin API answers one.
function listOf(answer) {
  return Object.values(answer).find(Array.isArray) || [];
}

function table(headings, rows) {
  return el("table", {}, el("thead", {}, el("tr", {}, headings.map((h) => el("th", {}, h)))),
    el("tbody", {}, rows));
}

function show(...nodes) {
  const view = document.getElementById("view");
  view.replaceChildren(...nodes.filter((node) => node !== null && node !== undefined));
}

function failure(err) {
  return el("p", { class: "error", role: "alert" }, String(err.message || err));
}

/// A list read a page at a time (`?limit=&after=`, the answer's `next`), with a "more" button.
function pagedList(path, headings, row) {
  const body = el("tbody");
  const more = el("button", { type: "button" }, "More");
  const container = el("div", {}, el("table", {}, el("thead", {}, el("tr", {}, headings.map((h) => el("th", {}, h)))), body), more);
  let after = null;
  async function load() {
    more.disabled = true;
    const separator = path.includes("?") ? "&" : "?";
    const query = `${separator}limit=${PAGE}` + (after ? `&after=${encodeURIComponent(after)}` : "");
    try {
      const answer = await api("GET", path + query);
      body.append(...listOf(answer).map(row));
      after = answer.next || null;
      more.hidden = !after;
    } catch (err) {
      container.append(failure(err));
    }
    more.disabled = false;
  }
  more.addEventListener("click", load);
  load();
  return container;
}

// --- views ----------------------------------------------------------------------------

async function tenantsView() {
  const answer = await api("GET", "/tenants");
  show(el("h1", {}, "Tenants"), table(["tenant", "name", "DingTalk corp", "clock"],
    listOf(answer).map((t) => el("tr", { class: "clickable", onclick: () => go(`#/tenants/${t.tenant_key}`) },
      el("td", {}, el("a", { href: `#/tenants/${t.tenant_key}` }, t.tenant_key)),
      el("td", {}, t.name || ""), el("td", {}, t.dingtalk_corp_id || ""),
      el("td", {}, t.clock || "real time")))));
}

async function clockSection(tenant) {
  const now = el("span", { id: "clock-now" });
  const message = el("span", { class: "error", role: "alert" });
  async function change(body) {
    try {
      const answer = await api("PUT", `/tenants/${tenant}/clock`, body);
      now.textContent = answer.now;
      message.textContent = "";
    } catch (err) {
      message.textContent = err.message;
    }
  }
  const seconds = el("input", { id: "clock-advance", type: "number", value: "86400" });
  const fixed = el("input", { id: "clock-set", placeholder: "2024-06-15T10:00:00+08:00" });
  const answer = await api("GET", `/tenants/${tenant}/clock`);
  now.textContent = answer.now;
  return el("div", {},
    el("h2", {}, "Clock"),
    el("p", {}, "Now: ", now, " ", message),
    el("form", { class: "inline", onsubmit: (e) => { e.preventDefault(); change({ advance_seconds: Number(seconds.value) }); } },
      el("label", {}, "Advance by seconds", seconds), el("button", { id: "clock-advance-go" }, "Advance")),
    el("form", { class: "inline", onsubmit: (e) => { e.preventDefault(); change({ now: fixed.value }); } },
      el("label", {}, "Set to (RFC 3339)", fixed), el("button", {}, "Set")),
    el("button", { type: "button", onclick: () => change({ now: null }) }, "Back to real time"));
}

async function tenantView(tenant) {
  const parts = [el("h1", {}, `Tenant ${tenant}`)];
  parts.push(await clockSection(tenant));
  const apps = await api("GET", `/tenants/${tenant}/apps`);
  parts.push(el("h2", {}, "Apps"), table(["app_id", "name", "secret", "scopes", "DingTalk"],
    listOf(apps).map((a) => el("tr", {}, el("td", {}, a.app_id), el("td", {}, a.name || ""),
      el("td", {}, a.app_secret || ""), el("td", {}, (a.scopes || []).join(", ")),
      el("td", {}, a.dingtalk ? `${a.dingtalk.app_key} / ${a.dingtalk.app_secret}` : "")))));
  const semesters = await api("GET", `/tenants/${tenant}/semesters`);
  parts.push(el("h2", {}, "Semesters"));
  for (const semester of listOf(semesters)) {
    const name = semester.name && (semester.name.zh_cn || semester.name.en_us);
    parts.push(el("h3", {}, `${semester.semester_id} ${name || ""}`),
      table(["stage", "name", "type", "deadline", "paused"],
        (semester.stages || []).map((s) => el("tr", { class: "clickable", onclick: () => go(`#/tenants/${tenant}/stages/${s.stage_id}`) },
          el("td", {}, el("a", { href: `#/tenants/${tenant}/stages/${s.stage_id}` }, s.stage_id)),
          el("td", {}, (s.name && (s.name.zh_cn || s.name.en_us)) || ""), el("td", {}, s.stage_type || ""),
          el("td", {}, s.deadline || ""), el("td", {}, s.paused ? "paused" : "")))));
  }
  parts.push(el("h2", {}, "Users"), pagedList(`/tenants/${tenant}/users`, ["user_id", "name", "departments"],
    (u) => el("tr", {}, el("td", {}, u.user_id), el("td", {}, u.name || ""), el("td", {}, (u.department_ids || []).join(", ")))));
  parts.push(el("h2", {}, "Reports"), pagedList(`/tenants/${tenant}/reports`, ["task_id", "rule", "from", "committed"],
    (r) => el("tr", {}, el("td", {}, r.task_id), el("td", {}, r.rule_name || r.rule_id || ""),
      el("td", {}, r.from_user_id || ""), el("td", {}, r.commit_time || ""))));
  parts.push(el("h2", {}, "Contact batch jobs"), pagedList(`/tenants/${tenant}/contact_jobs`, ["task_id", "type", "status", "progress"],
    (j) => el("tr", {}, el("td", {}, j.task_id), el("td", {}, j.type), el("td", {}, j.status),
      el("td", {}, j.progress === undefined ? "" : `${j.progress}%`))));
  parts.push(el("h2", {}, "Events pushed"), pagedList(`/tenants/${tenant}/events`, ["event_id", "type", "app", "channel", "state", "attempts"],
    (d) => el("tr", { class: "clickable event-row", onclick: () => go(`#/tenants/${tenant}/events/${d.event_id}`) },
      el("td", {}, el("a", { href: `#/tenants/${tenant}/events/${d.event_id}` }, d.event_id)), el("td", {}, d.event_type),
      el("td", {}, d.app_id), el("td", {}, d.channel), el("td", { class: "state" }, d.state), el("td", {}, d.attempts))));
  parts.push(el("h2", {}, "Workspace tasks"), pagedList(`/tenants/${tenant}/workspace_tasks`, ["task_id", "source", "subject", "stage"],
    (t) => el("tr", {}, el("td", {}, t.task_id), el("td", {}, `${t.source || ""} ${t.source_id || ""}`),
      el("td", {}, t.subject || ""), el("td", {}, t.status_stage || ""))));
  show(...parts);
}

function stageView(tenant, stage) {
  show(el("h1", {}, `Stage ${stage}`), el("p", {}, el("a", { href: `#/tenants/${tenant}` }, `back to ${tenant}`)),
    pagedList(`/tenants/${tenant}/stages/${stage}/tasks`, ["user_id", "need_todo", "finished", "status"],
      (t) => el("tr", { class: "task" }, el("td", {}, t.user_id), el("td", {}, t.need_todo), el("td", {}, t.finished),
        el("td", { class: "status" }, t.status || ""))));
}

/// One event on each of its channels, every attempt with what came back; pushed again on demand.
async function eventView(tenant, eventId) {
  const message = el("p", { class: "error", role: "alert" });
  async function redeliver() {
    try {
      await api("POST", `/tenants/${tenant}/events/${eventId}/redeliver`);
      eventView(tenant, eventId);
    } catch (err) {
      message.textContent = err.message;
    }
  }
  const history = await api("GET", `/tenants/${tenant}/events/${eventId}`);
  const first = history.deliveries[0];
  const parts = [el("h1", {}, `Event ${eventId}`), el("p", {}, el("a", { href: `#/tenants/${tenant}` }, `back to ${tenant}`)),
    el("p", {}, `${first.event_type} for ${first.app_id}, created ${first.create_time}`),
    el("button", { id: "redeliver", type: "button", onclick: redeliver }, "Push again"), message];
  for (const delivery of history.deliveries) {
    let next = delivery.next_attempt_at ? `, next attempt ${delivery.next_attempt_at}` : "";
    // A long-connection event is pushed only while one of its app's clients is connected.
    if (delivery.next_attempt_at && delivery.channel === "long_connection") next += ", once the app holds a long connection";
    parts.push(el("h2", {}, `${delivery.channel}: ${delivery.state}${next}`),
      table(["#", "at", "replica", "target", "status", "delivered", "what came back"], delivery.attempt_log.map((a) => el("tr", { class: "attempt" },
        el("td", {}, a.attempt), el("td", {}, a.at), el("td", {}, a.replica), el("td", {}, a.target),
        el("td", {}, a.status === null || a.status === undefined ? "" : a.status), el("td", {}, a.delivered ? "yes" : "no"),
        el("td", { class: "detail" }, a.detail)))));
  }
  parts.push(el("h2", {}, "Body"), el("pre", { id: "event-body" }, JSON.stringify(first.event, null, 2)));
  show(...parts);
}

// Requests: the journal, filterable and live.
const FILTERS = ["log_id", "app_id", "tenant_key", "path", "code", "status"];

function requestRow(entry) {
  return el("tr", { class: "clickable", "data-log-id": entry.log_id, onclick: () => go(`#/requests/${entry.id}`) },
    el("td", {}, entry.time), el("td", {}, entry.status), el("td", {}, entry.code === undefined ? "" : entry.code),
    el("td", {}, `${entry.method} ${entry.path}`), el("td", {}, entry.app_id || ""),
    el("td", {}, entry.fault ? el("span", { class: "fault" }, entry.fault) : el("span", { class: "why" }, entry.explanation || "")));
}

let following = null;

function requestsView() {
  const inputs = Object.fromEntries(FILTERS.map((f) => [f, el("input", { id: `filter-${f}`, name: f, size: f === "log_id" ? 36 : 12 })]));
  const body = el("tbody", { id: "requests" });
  const live = el("input", { id: "live", type: "checkbox" });
  const message = el("p", { class: "error", role: "alert" });
  let newest = 0;
  const query = () => FILTERS.filter((f) => inputs[f].value.trim())
    .map((f) => `${f}=${encodeURIComponent(inputs[f].value.trim())}`).join("&");
  async function search() {
    try {
      const answer = await api("GET", `/requests?${query()}`);
      body.replaceChildren(...answer.entries.map(requestRow));
      newest = answer.entries.length ? answer.entries[0].id : newest;
      message.textContent = answer.entries.length ? "" : "No request matches.";
    } catch (err) {
      message.textContent = err.message;
    }
  }
  async function poll() {
    try {
      const answer = await api("GET", `/requests?${query()}&after=${newest}`);
      for (const entry of answer.entries) {
        body.prepend(requestRow(entry));
        newest = Math.max(newest, entry.id);
      }
    } catch (err) {
      message.textContent = err.message;
    }
  }
  live.addEventListener("change", () => {
    clearInterval(following);
    following = live.checked ? setInterval(poll, 1000) : null;
  });
  show(el("h1", {}, "Requests"),
    el("form", { class: "inline", id: "request-filters", onsubmit: (e) => { e.preventDefault(); search(); } },
      FILTERS.map((f) => el("label", {}, f, inputs[f])), el("button", { id: "search" }, "Search"),
      el("label", {}, "live", live),
      el("button", { type: "button", onclick: async () => { await api("DELETE", "/requests"); search(); } }, "Clear journal")),
    message,
    el("table", {}, el("thead", {}, el("tr", {}, ["time", "status", "code", "request", "app", "why"].map((h) => el("th", {}, h)))), body));
  search();
}

/// A `curl` that sends the request again (credentials are redacted in the journal: it reads
/// them from $TOKEN).
function curlOf(entry) {
  const url = `${location.origin}${entry.path}${entry.query ? "?" + entry.query : ""}`;
  const parts = [`curl -s -X ${entry.method} '${url.replaceAll("'", "'\\''")}'`];
  for (const [name, value] of entry.request_headers) {
    if (name === "authorization") parts.push(`-H "Authorization: Bearer $TOKEN"`);
    else if (name === "content-type") parts.push(`-H '${name}: ${value}'`);
  }
  if (entry.request_body.bytes > 0) parts.push(`--data-raw '${entry.request_body.text.replaceAll("'", "'\\''")}'`);
  return parts.join(" \\\n  ");
}

async function requestView(id) {
  const entry = await api("GET", `/requests/${id}`);
  const facts = [["time", entry.time], ["replica", entry.replica], ["operation", entry.operation], ["tenant", entry.tenant_key],
    ["app", entry.app_id], ["caller", entry.caller], ["status", entry.status], ["code", entry.code], ["log_id", entry.log_id],
    ["request_id", entry.request_id], ["duration", `${entry.duration_ms.toFixed(1)} ms`]];
  const body = (b) => el("pre", {}, b.text + (b.truncated ? `\n… (cut: ${b.bytes} bytes in all)` : ""));
  show(el("h1", {}, `${entry.method} ${entry.path}`),
    entry.explanation ? el("p", { class: "why", id: "explanation" }, "Why: ", entry.explanation) : null,
    entry.fault ? el("p", { class: "fault" }, entry.fault) : null,
    table(["", ""], facts.filter(([, v]) => v !== undefined && v !== null).map(([k, v]) => el("tr", {}, el("th", {}, k), el("td", {}, String(v))))),
    el("h2", {}, "Replay"), el("pre", { id: "curl" }, curlOf(entry)),
    el("h2", {}, "Request"), el("pre", {}, entry.request_headers.map(([k, v]) => `${k}: ${v}`).join("\n")), body(entry.request_body),
    el("h2", {}, "Response"), body(entry.response_body));
}

async function faultsView() {
  const message = el("p", { class: "error", role: "alert" });
  const field = (name, attrs) => el("input", { id: `fault-${name}`, name, ...attrs });
  const inputs = {
    operation: field("operation", { value: "*", size: 40 }), app_id: field("app_id", {}), tenant_key: field("tenant_key", {}),
    code: field("code", { value: "99991400" }), msg: field("msg", {}), http_status: field("http_status", { size: 4 }),
    ms: field("ms", { value: "500", size: 6 }), status: field("status", { value: "503", size: 4 }),
    times: field("times", { size: 4 }), probability: field("probability", { size: 4 }),
  };
  const kind = el("select", { id: "fault-kind" }, ["vendor_error", "latency", "drop", "server_error"].map((k) => el("option", { value: k }, k)));
  const number = (input) => (input.value.trim() ? Number(input.value) : undefined);
  const text = (input) => input.value.trim() || undefined;
  async function add(e) {
    e.preventDefault();
    const action = { kind: kind.value };
    if (kind.value === "vendor_error") Object.assign(action, { code: number(inputs.code), msg: text(inputs.msg), http_status: number(inputs.http_status) });
    if (kind.value === "latency") action.ms = number(inputs.ms);
    if (kind.value === "server_error") action.status = number(inputs.status);
    try {
      await api("POST", "/faults", { operation: inputs.operation.value.trim(), app_id: text(inputs.app_id), tenant_key: text(inputs.tenant_key),
        action, times: number(inputs.times), probability: number(inputs.probability) });
      faultsView();
    } catch (err) {
      message.textContent = err.message;
    }
  }
  const list = await api("GET", "/faults");
  show(el("h1", {}, "Faults"),
    el("p", { class: "muted" }, "Calls of the operation (as the journal names it, or * for all) fail as told, on this replica."),
    el("form", { class: "inline", id: "fault-form", onsubmit: add },
      el("label", {}, "operation", inputs.operation), el("label", {}, "app_id", inputs.app_id), el("label", {}, "tenant_key", inputs.tenant_key),
      el("label", {}, "kind", kind), el("label", {}, "code", inputs.code), el("label", {}, "msg", inputs.msg),
      el("label", {}, "HTTP status", inputs.http_status), el("label", {}, "latency ms", inputs.ms), el("label", {}, "5xx", inputs.status),
      el("label", {}, "times", inputs.times), el("label", {}, "probability", inputs.probability), el("button", { id: "fault-add" }, "Add")),
    message,
    table(["id", "operation", "app", "tenant", "action", "left", "hits", ""], list.faults.map((f) => el("tr", { class: "fault-row" },
      el("td", {}, f.id), el("td", {}, f.operation), el("td", {}, f.app_id || ""), el("td", {}, f.tenant_key || ""),
      el("td", {}, JSON.stringify(f.action)), el("td", {}, f.remaining === undefined ? "until removed" : f.remaining), el("td", {}, f.hits),
      el("td", {}, el("button", { type: "button", onclick: async () => { await api("DELETE", `/faults/${f.id}`); faultsView(); } }, "Remove"))))));
}

// --- routing and login -----------------------------------------------------------------

function go(hash) {
  location.hash = hash;
}

async function route() {
  clearInterval(following);
  following = null;
  if (!sessionStorage.getItem(TOKEN_KEY)) return showLogin();
  document.getElementById("login").hidden = true;
  document.getElementById("nav").hidden = false;
  const parts = location.hash.replace(/^#\/?/, "").split("/").map(decodeURIComponent);
  try {
    if (parts[0] === "tenants" && parts[2] === "stages") stageView(parts[1], parts[3]);
    else if (parts[0] === "tenants" && parts[2] === "events") await eventView(parts[1], parts[3]);
    else if (parts[0] === "tenants" && parts[1]) await tenantView(parts[1]);
    else if (parts[0] === "requests" && parts[1]) await requestView(parts[1]);
    else if (parts[0] === "requests") requestsView();
    else if (parts[0] === "faults") await faultsView();
    else await tenantsView();
  } catch (err) {
    if (err.status !== 401) show(failure(err));
  }
}

function showLogin(message) {
  document.getElementById("nav").hidden = true;
  document.getElementById("view").replaceChildren();
  document.getElementById("login").hidden = false;
  document.getElementById("login-error").textContent = message || "";
}

function logout(message) {
  sessionStorage.removeItem(TOKEN_KEY);
  showLogin(message);
}

document.addEventListener("DOMContentLoaded", () => {
  document.getElementById("login").addEventListener("submit", async (e) => {
    e.preventDefault();
    sessionStorage.setItem(TOKEN_KEY, document.getElementById("token").value);
    try {
      await api("GET", "/requests?limit=1");
      route();
    } catch (err) {
      if (err.status !== 401) document.getElementById("login-error").textContent = err.message;
    }
  });
  document.getElementById("logout").addEventListener("click", () => logout());
  window.addEventListener("hashchange", route);
  route();
});

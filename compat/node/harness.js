// Shared by the Node checks: the server under test, and the result log. Every check is an async
// function that throws on failure; check() runs it and appends one JSON line (sdk, sdk version,
// endpoint, check, PASS/FAIL, detail). Nothing retries and nothing sleeps.
'use strict';

const fs = require('fs');
const http = require('http');
const path = require('path');

function args() {
  const out = {};
  const argv = process.argv.slice(2);
  for (let i = 0; i < argv.length; i += 2) out[argv[i].replace(/^--/, '')] = argv[i + 1];
  for (const required of ['base', 'results', 'admin-token']) {
    if (!out[required]) throw new Error(`--${required} is required`);
  }
  return out;
}

function sdkVersion(name) {
  const manifest = path.join(__dirname, 'node_modules', name, 'package.json');
  return JSON.parse(fs.readFileSync(manifest, 'utf8')).version;
}

class Harness {
  constructor() {
    const a = args();
    this.base = a.base;
    this.adminToken = a['admin-token'];
    this.results = a.results;
    this.failures = 0;
  }

  async check(sdk, endpoint, name, fn) {
    let result = 'PASS';
    let detail = '';
    try {
      detail = (await fn()) || '';
    } catch (err) {
      result = 'FAIL';
      this.failures += 1;
      const body = err && err.response ? ` (HTTP ${err.response.status}: ${JSON.stringify(err.response.data)})` : '';
      detail = `${err && err.stack ? err.stack.split('\n').slice(0, 4).join('\n') : err}${body}`;
    }
    fs.appendFileSync(this.results, JSON.stringify({
      sdk, sdk_version: sdkVersion(sdk), endpoint, check: name, result, detail: String(detail).slice(0, 2000),
    }) + '\n');
  }
}

function expect(condition, message) {
  if (!condition) throw new Error(typeof message === 'string' ? message : JSON.stringify(message));
}

// One plain HTTP request (a JSON body when given); answers its status, headers and body text.
function httpRequest(base, method, path, { body, headers = {} } = {}) {
  const url = new URL(path, base);
  const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
  return new Promise((resolve, reject) => {
    const req = http.request(url, {
      method,
      headers: payload ? { ...headers, 'Content-Type': 'application/json', 'Content-Length': payload.length } : headers,
    }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end(payload);
  });
}

// openwork's admin API, with the admin token; a call answered other than HTTP 200 throws, with
// the answer.
class AdminApi {
  constructor(base, token) {
    this.base = base;
    this.token = token;
  }

  async call(method, path, body) {
    const res = await httpRequest(this.base, method, `/_openwork/v1${path}`, { body, headers: { Authorization: `Bearer ${this.token}` } });
    expect(res.status === 200, `admin ${method} ${path}: HTTP ${res.status} ${res.body}`);
    return JSON.parse(res.body);
  }
}

module.exports = { AdminApi, Harness, expect, httpRequest };

#!/usr/bin/env python3
"""Writes BENCHMARKS.md from bench/out/results.json (bench/bench.py) and the hand-kept analysis
in bench/analysis.md (where the time goes, what would close each gap)."""

import argparse
import json
from pathlib import Path

ANALYSIS = Path(__file__).resolve().parent / "analysis.md"


def ratio(a, b):
    return a / b if b else float("inf")


def met(flag):
    return "met" if flag else "**missed**"


def targets(r):
    scenarios = r["scenarios"]
    fbp = scenarios["find_by_page ps20"]
    walk = r["walk"]
    vs_wiremock = {name: ratio(s["openwork"]["rps"], s["wiremock"]["rps"]) for name, s in scenarios.items()}
    slowest = min(vs_wiremock, key=vs_wiremock.get)
    at_least_twice = sum(v >= 2.0 for v in vs_wiremock.values())
    worst_p99 = max(scenarios, key=lambda name: scenarios[name]["openwork"]["p99_ms"])
    vs_nginx = ratio(fbp["openwork"]["rps"], fbp["nginx"]["rps"])
    rows = [
        ("every benchmarked request ÷ WireMock, same bytes (lowest shown)", "≥ 2.0× each",
         f"{vs_wiremock[slowest]:.2f}× ({slowest}; {at_least_twice} of {len(vs_wiremock)} at ≥ 2.0×)",
         met(vs_wiremock[slowest] >= 2.0)),
        (f"p99 at {r['connections']} connections, every request (highest shown)", "≤ 10 ms",
         f"{scenarios[worst_p99]['openwork']['p99_ms']:.1f} ms ({worst_p99})",
         met(scenarios[worst_p99]["openwork"]["p99_ms"] <= 10)),
        ("`find_by_page` ps20 ÷ nginx static, same bytes", "≥ 0.25× (stretch: 0.5×)",
         f"{vs_nginx:.3f}×",
         met(vs_nginx >= 0.25) + (" (stretch met)" if vs_nginx >= 0.5 else " (stretch missed)")),
        ("peak RSS with the 1,000,000-task world after all loads", "≤ 150 MB",
         f"{r['openwork_rss_mb']:.0f} MB", met(r["openwork_rss_mb"] <= 150)),
        postgres_target(r),
        ("last page / first page time in a full walk (medians of 10 pages)", "≤ 1.2",
         f"{ratio(walk['last10_median_ms'], walk['first10_median_ms']):.2f}",
         met(ratio(walk["last10_median_ms"], walk["first10_median_ms"]) <= 1.2)),
        ("generating the 1,000,000-task world", "≤ 30 s", f"{r['generate_s']:.1f} s", met(r["generate_s"] <= 30)),
        ("cold start to first answer, large database", "≤ 200 ms",
         f"{r['cold_start_ms']['median']:.0f} ms", met(r["cold_start_ms"]["median"] <= 200)),
        ("10,000-user batch job to status 9", "≤ 3 s", f"{r['batch_job']['seconds']:.2f} s",
         met(r["batch_job"]["seconds"] <= 3)),
        ("request journal's cost on `find_by_page` ps20 (req/s, on vs `--journal-size 0`)", "≤ 10 %",
         f"{r['journal']['overhead_pct']:.1f} %", met(r["journal"]["overhead_pct"] <= 10)),
    ]
    lines = ["| figure | target | measured | |", "|---|---|---|---|"]
    for name, target, measured, status in rows:
        lines.append(f"| {name} | {target} | {measured} | {status} |")
    return lines


def postgres_target(r):
    name = "PostgreSQL, two replicas: `find_by_page` ps20 ÷ WireMock, right after the world was loaded"
    if "postgres" not in r:
        return name, "≥ 1.0×", "not measured (`--postgres ''`)", met(False)
    value = ratio(r["postgres"]["rps"], r["scenarios"]["find_by_page ps20"]["wiremock"]["rps"])
    return name, "≥ 1.0×", f"{value:.2f}×", met(value >= 1.0)


def scenario_table(r):
    lines = [
        "| request | distinct requests | mean bytes | openwork req/s | p50 / p99 ms | WireMock req/s "
        "| p50 / p99 ms | nginx req/s | p50 / p99 ms | ÷ WireMock | ÷ nginx | errors (o/w/n) |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for name, s in r["scenarios"].items():
        o, w, n = s["openwork"], s["wiremock"], s["nginx"]
        lines.append(
            f"| {name} | {s['distinct_requests']:,} | {s['mean_bytes']:,.0f} "
            f"| {o['rps']:,.0f} | {o['p50_ms']:.1f} / {o['p99_ms']:.1f} "
            f"| {w['rps']:,.0f} | {w['p50_ms']:.1f} / {w['p99_ms']:.1f} "
            f"| {n['rps']:,.0f} | {n['p50_ms']:.1f} / {n['p99_ms']:.1f} "
            f"| {ratio(o['rps'], w['rps']):.2f}× | {ratio(o['rps'], n['rps']):.3f}× "
            f"| {o['errors']}/{w['errors']}/{n['errors']} |")
    return lines


def postgres_figures(r):
    if "postgres" not in r:
        return []
    pg = r["postgres"]
    replicas = "; ".join(f"{f['rps']:,.0f} req/s, p50 / p99 {f['p50_ms']:.1f} / {f['p99_ms']:.1f} ms, "
                         f"{f['errors']} errors" for f in pg["replicas"])
    return [
        f"- PostgreSQL, two replicas: `openwork generate` wrote the same world into a fresh database in "
        f"{pg['generate_s']:.1f} s; right after, two `openwork serve` replicas on it, each walked by its own "
        f"wrk ({pg['connections_each']} connections, both at once) through the {pg['distinct_requests']:,} "
        f"`find_by_page` ps20 pages (mean {pg['mean_bytes']:,.0f} bytes): {pg['rps']:,.0f} req/s together "
        f"({replicas}). Both replicas pinned to CPU 0 and both wrk processes to CPU 1; PostgreSQL, a "
        f"service of the machine, left unpinned, so it shares both cores with them.",
    ]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--results", required=True)
    parser.add_argument("--doc", required=True)
    args = parser.parse_args()
    r = json.loads(Path(args.results).read_text())
    m = r["machine"]
    walk = r["walk"]
    out = [
        "# Benchmarks",
        "",
        "Generated by `bench/run` (figures) from `bench/out/results.json`; the analysis after the",
        "figures is kept by hand in `bench/analysis.md`. Reproduce with:",
        "",
        "```sh",
        "bench/run            # about 12 minutes: installs wrk, nginx-light and WireMock if missing",
        "```",
        "",
        "## Machine and versions",
        "",
        f"- {m['date']}, {m['cpu']}, {m['cores']} cores, {m['memory_gib']} GiB, Linux {m['kernel']}",
        f"- {m['openwork']} (release build, SQLite file database, `--rate-limits off`)",
        f"- {m['wrk']}; {m['nginx']}; WireMock {m['wiremock']} on {m['java']}",
        f"- every server under test pinned to CPU 0, wrk (1 thread, {r['connections']} connections) to CPU 1;",
        f"  {r['warmup']} s warm-up, then {r['seconds']} s measured per request",
        "",
        "## Targets",
        "",
        *targets(r),
        "",
        "## Requests per second, side by side",
        "",
        "openwork answers from the generated world (100,000 users, 10 stages, 1,000,000 stage tasks,",
        "200,000 reports, 100,000 workspace tasks). Each request is a list of distinct requests, which",
        "wrk sends round-robin. They were found by walking openwork before measuring: `find_by_page`",
        "follows `page_token` from the first page for every semester the app sees, every filter set",
        "(the filtered rows: to-do tasks due in a window around \"now\", and done tasks) and each",
        f"`user_id_type` (`open_id`, `union_id`, `user_id`), up to {r['pages_per_id_type']:,} pages per semester",
        "and `user_id_type`; report `tasks/query` walks three 3-day commit-time windows with each",
        f"`user_id_type`; `getbysourceid` asks for {r['source_ids']:,} workspace tasks spread over the world's.",
        "The performance module's other reads run on the world's one activity, which reviews every user:",
        "`reviewees/query` and `additional_informations/query` walk their pages with each `user_id_type`,",
        "and `review_datas/query` (v1: 50 reviewees a request; v2: 10), `user_info/query` (10 users) and",
        "`metric_details/query` (50 reviewees) ask for those reviewees, as each `user_id_type` names them.",
        "WireMock answers with one stub per distinct request (matching its method, its path and query,",
        "and its body exactly) holding openwork's own answer to it, with no request journal,",
        "asynchronous responses and no request logging; nginx serves the same bytes, one static file",
        "per request.",
        "",
        *scenario_table(r),
        "",
        "## Other figures",
        "",
        f"- World generation (`openwork generate`, SQLite): {r['generate_s']:.1f} s.",
        f"- Cold start (spawn to first answered token request, median of {len(r['cold_start_ms']['all'])}): "
        f"{r['cold_start_ms']['median']:.0f} ms "
        f"(all: {', '.join(f'{v:.0f}' for v in r['cold_start_ms']['all'])} ms).",
        f"- Peak RSS (VmHWM) of openwork after every load above and the batch job: {r['openwork_rss_mb']:.0f} MB; "
        f"WireMock: {r['wiremock_rss_mb']:.0f} MB.",
        f"- Full walk of `find_by_page`, page_size 50, one keep-alive connection, on a server of its own: {walk['pages']} pages in "
        f"{walk['total_s']:.1f} s; first page {walk['first_ms']:.1f} ms, middle {walk['middle_ms']:.1f} ms, "
        f"last {walk['last_ms']:.1f} ms; medians of 10 pages: first {walk['first10_median_ms']:.1f} ms, "
        f"middle {walk['middle10_median_ms']:.1f} ms, last {walk['last10_median_ms']:.1f} ms.",
        f"- 10,000-user `batch_add`: {r['batch_job']['seconds']:.2f} s from the request to `task/get` "
        f"answering status {r['batch_job']['status']}.",
        *postgres_figures(r),
        "",
    ]
    out.append(ANALYSIS.read_text().rstrip() + "\n")
    Path(args.doc).write_text("\n".join(out))


if __name__ == "__main__":
    main()

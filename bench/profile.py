#!/usr/bin/env python3
"""Profiles of openwork under the benchmark's load, as flame graphs (issue 18), driven by
bench/profile.

On the benchmark's generated world, records the benchmark's walked requests, then for each
chosen scenario puts wrk's load on openwork (64 connections, as bench/run does) and samples the
server with `perf record --call-graph dwarf` once the warm-up is over. Each profile becomes
bench/out/profile-<scenario>.svg (inferno's flame graph) and bench/out/profile-<scenario>.txt
(the hottest functions, inclusive, as `perf report` lists them).
"""

import argparse
import shutil
import subprocess
import time
from pathlib import Path

import bench

# perf's sampling rate and stack copy: enough for Rust's deep async stacks, few enough samples
# that `perf script` of a profile takes seconds.
PERF_HZ = "999"
STACK_BYTES = "16384"
# Characters kept of each line of the .txt summary.
REPORT_WIDTH = 200


def profile(server, case, script, warmup, seconds, tools):
    """Loads openwork with `case` and samples it for `seconds` after `warmup`; writes its SVG."""
    data = bench.OUT / f"profile-{case.slug}.perf"
    load = bench.start_wrk(server.port, script, warmup + seconds + 1, bench.CONNECTIONS)
    time.sleep(warmup)
    subprocess.run(["perf", "record", "-q", "-F", PERF_HZ, "--call-graph", f"dwarf,{STACK_BYTES}",
                    "-p", str(server.proc.pid), "-o", str(data), "--", "sleep", str(seconds)],
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    figures = bench.wrk_figures(load)
    stacks = subprocess.run(["perf", "script", "-i", str(data)], check=True,
                            capture_output=True).stdout
    folded = subprocess.run([str(tools / "inferno-collapse-perf")], input=stacks, check=True,
                            capture_output=True).stdout
    svg = bench.OUT / f"profile-{case.slug}.svg"
    title = f"openwork, {case.name}: {figures['rps']:,.0f} requests/s under wrk, {bench.CONNECTIONS} connections"
    with svg.open("wb") as out:
        subprocess.run([str(tools / "inferno-flamegraph"), "--title", title], input=folded,
                       check=True, stdout=out)
    report = subprocess.run(["perf", "report", "-i", str(data), "--children", "--stdio", "-g", "none",
                             "--sort", "symbol", "--percent-limit", "2"], check=True,
                            capture_output=True, text=True).stdout
    # Rust's generic names run to thousands of characters: the start of each says enough.
    lines = [line.rstrip()[:REPORT_WIDTH] for line in report.splitlines() if line.strip()]
    (bench.OUT / f"profile-{case.slug}.txt").write_text("\n".join(lines) + "\n")
    data.unlink()
    bench.log(f"wrote {svg} ({figures['rps']:,.0f} requests/s while sampled)")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--openwork", type=Path, required=True, help="the release openwork binary")
    parser.add_argument("--tools", type=Path, required=True, help="where inferno's binaries are")
    parser.add_argument("--seconds", type=int, default=6, help="seconds sampled per scenario")
    parser.add_argument("--warmup", type=int, default=3, help="seconds of load before sampling")
    parser.add_argument("scenarios", nargs="*",
                        help="scenarios to profile, by their whole names or a part of them "
                             "(default: all)")
    args = parser.parse_args()
    bench.BIN = args.openwork
    bench.OUT.mkdir(parents=True, exist_ok=True)
    shutil.rmtree(bench.ANSWERS, ignore_errors=True)
    world = bench.OUT / "profile.db"
    if not world.exists():
        bench.log("generating the 1,000,000-task world")
        subprocess.run([str(bench.BIN), "generate", "--db", f"sqlite://{world}", "--seed", "1"],
                       check=True, stdout=subprocess.DEVNULL)
    with bench.Openwork(f"sqlite://{world}") as server:
        server.first_answer()
        cases, _ = bench.record_scenarios(server.port)
        # An argument that is a scenario's whole name picks that one ("find_by_page ps20", not
        # also "find_by_page ps20 filtered"); any other picks every scenario it is part of.
        names = {case.name for case in cases}
        parts = [arg for arg in args.scenarios if arg not in names]
        for case in cases:
            chosen = case.name in args.scenarios or any(part in case.name for part in parts)
            if args.scenarios and not chosen:
                continue
            bench.log("profiling:", case.name)
            script = bench.wrk_script(case.name, case.requests)
            profile(server, case, script, args.warmup, args.seconds, args.tools)
    shutil.rmtree(bench.ANSWERS)


if __name__ == "__main__":
    main()

#!/bin/sh
# What the web interface costs the check engine (issue #10): the engine bench at N reals (default
# 1000) twice, the same way except that the second run has the web interface on and /metrics,
# /status.json and /live (the page's update) each fetched 10 times a second. Compare checks/s and
# lateness in the two results.md tables; results in docs/benchmarks.md ("Web interface cost").
#
#   bench/web-cost.sh [--measure S] [--hz HZ] [N]
#
# Everything else as bench/run.sh (BENCH_BUILD, MVN_ARGS, JAVA_HOME); the second run reuses the
# first one's build. Before each run it waits (at most 2 min) for the machine to be under 50 % busy.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
measure=60
hz=10
while [ $# -gt 0 ]; do
    case "$1" in
        --measure) measure=$2; shift 2 ;;
        --hz) hz=$2; shift 2 ;;
        *) break ;;
    esac
done
n=${1:-1000}
echo "== without the web interface"
"$here/run.sh" --measure "$measure" --quiet-below 50 --quiet-wait 120 "$n"
echo "== with the web interface, /metrics, /status.json and /live each polled $hz times a second"
BENCH_BUILD=none "$here/run.sh" --measure "$measure" --quiet-below 50 --quiet-wait 120 --web-poll "$hz" "$n"

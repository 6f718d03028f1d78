#!/bin/sh
# Fuzzes every Jazzer target (issue #12, "Fuzzing and soak"; see docs/benchmarks.md, "Fuzzing").
#
#   bench/fuzz.sh [SECONDS-PER-TARGET] [TARGET-FILTER]
#
# SECONDS-PER-TARGET (default 60) goes to libFuzzer as -max_total_time through jazzer-junit's
# jazzer.internal.arg.N parameters (0.24.0 has no public override of @FuzzTest(maxDuration); the same
# way as the fuzz-brief profile CI runs). Each run goes on from the corpus the earlier ones grew
# (<module>/.cifuzz-corpus/<class>/<method>/, git-ignored); a finding ends that target's run.
# TARGET-FILTER: an extended regular expression over "module Class#method" (e.g. 'Wire|ha').
#
# A finding fails the round: Jazzer writes the input to src/test/resources/<package>/<Class>Inputs/
# <method>/crash-<sha1> (where the plain test run replays it from then on) and prints the stack trace;
# the per-round Maven log is kept in bench/target/fuzz/<timestamp>/.
#
# Without JAZZER_FUZZ, the same @FuzzTest methods only replay their seed corpus; CI does that and
# then fuzzes each target for a few seconds (the fuzz-brief profile, run-tests.sh).
#
# Environment: MVN_ARGS extra Maven arguments (default -o).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
seconds=${1:-60}
filter=${2:-.}
out="$here/target/fuzz/$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$out"

targets="director ConfigParserFuzzTest#anyFileIsAConfigOrALineError
failover HeartbeatFilesFuzzTest#haCf
failover HeartbeatFilesFuzzTest#haResources
failover HeartbeatFilesFuzzTest#authKeys
director IpvsListingFuzzTest#list
director IpvsListingFuzzTest#save
director IpvsListingFuzzTest#statistics
failover ConnectionTableFuzzTest#table
failover WireFuzzTest#anyBytesAreAMessageOrAnIOException
monitors RadiusPacketFuzzTest#reply
monitors HttpResponseFuzzTest#eventLoop
monitors HttpResponseFuzzTest#okhttp
monitors DnsReplyFuzzTest#reply
monitors SipReplyFuzzTest#reply
monitors LdapReplyFuzzTest#reply
monitors MailReplyFuzzTest#reply"

printf '%-10s %-55s %6s %12s %8s %s\n' module target seconds executions "exec/s" findings | tee "$out/summary.txt"
echo "$targets" | grep -E -- "$filter" | while read -r module target; do
    findings=0
    log="$out/$(echo "$target" | tr '#' '.').log"
    # -Djunit...timeout.mode=disabled: JUnit would otherwise apply the per-input @Timeout to the
    # whole fuzzing run (jazzer issue 930); Jazzer still hands it to libFuzzer as -timeout.
    if ! (cd "$root" && JAZZER_FUZZ=1 mvn -B ${MVN_ARGS:--o} -pl "$module" -am test -Dtest="$target" \
            -Dsurefire.failIfNoSpecifiedTests=false -Djunit.jupiter.execution.timeout.mode=disabled \
            -Djazzer.internal.arg.0=fuzz -Djazzer.internal.arg.1=-max_total_time="$seconds" \
            > "$log" 2>&1); then
        findings=1
    fi
    # libFuzzer's closing line: "Done 37721 runs in 31 second(s)".
    runs=$(sed -n 's/^Done \([0-9]*\) runs in \([0-9]*\) second.*/\1/p' "$log" | awk '{s+=$1} END {print s+0}')
    secs=$(sed -n 's/^Done \([0-9]*\) runs in \([0-9]*\) second.*/\2/p' "$log" | awk '{s+=$1} END {print s+0}')
    crashes=$(grep -c '^== Java Exception' "$log" || true)
    [ "$crashes" -gt "$findings" ] && findings=$crashes
    rate=$([ "$secs" -gt 0 ] && echo $((runs / secs)) || echo 0)
    printf '%-10s %-55s %6s %12s %8s %s\n' "$module" "$target" "$seconds" "$runs" "$rate" "$findings" | tee -a "$out/summary.txt"
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg); logs in $out"

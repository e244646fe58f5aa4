#!/bin/sh
# soak.sh runs the long reliability checks of issue 11 that the normal
# suite runs in short: 40 admin /reindex runs over HTTP interactions on
# about 6,000 passages while questions arrive (reindex p50/max, failures,
# questions lost), `charterbot index --data-dir` killed with SIGKILL at 10
# random moments of a 3,000-article build, and 20 on-disk builds while
# scorch merges. It prints the tests' figures. Takes about five minutes.
#
# Usage: scripts/soak.sh
set -eu
cd "$(dirname "$0")/.."
go test -count=1 -v -timeout 30m -run '^TestReindexOverHTTP$' ./cli -reindex-runs 40 -reindex-articles 3000 | grep -E 'passages:|^(---|ok|FAIL)'
go test -count=1 -v -timeout 30m -run '^TestIndexKilled$' ./cli -kill-rounds 10 | grep -E 'killed|whole|^(---|ok|FAIL)'
go test -count=1 -v -timeout 30m -run '^TestBuildWhileScorchMerges$' ./index -merge-rounds 20 | grep -E '^(---|ok|FAIL)'

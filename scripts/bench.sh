#!/bin/sh
# bench.sh prints charterbot's performance figures as a table: index build
# throughput, Retrieve and Ask latency (median of -count runs of each
# benchmark's own p50/p99) by corpus size and configuration side by side,
# and the peak RSS of `charterbot ask`, then the peak RSS of index and
# ask on a generated 50,000-article code.
#
# Usage: scripts/bench.sh [COUNT]   (default 3 runs of each benchmark)
# The large corpora are Debian package descriptions from apt-cache,
# generated at run time; without apt-cache those rows are skipped.
set -eu
cd "$(dirname "$0")/.."
count=${1:-3}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

go test -run '^$' -bench 'BenchmarkBuild/^passages=(0|1000|10000)$/' -benchtime 3x -count "$count" ./index/ >"$tmp/build.txt"
go test -run '^$' -bench 'BenchmarkBuild/^passages=100000$/^batch=(auto|500|2000)$' -benchtime 1x -count "$count" ./index/ >>"$tmp/build.txt"
go test -run '^$' -bench 'BenchmarkAsk/^passages=(0|10000|50000|100000)$/' -benchtime 400x -count "$count" ./answer/ >"$tmp/ask.txt"

# median NAME-FIELD: the median of the metric named by its unit over runs.
summarize() {
	awk -v units="$2" '
	/^Benchmark/ {
		name = $1; sub(/-[0-9]+$/, "", name); sub(/^Benchmark[A-Za-z]+\//, "", name)
		for (i = 3; i < NF; i += 2) vals[name, $(i+1)] = vals[name, $(i+1)] " " $i
		if (!(name in seen)) { seen[name] = 1; order[++n] = name }
	}
	function median(s,   a, k, i, j, t) {
		k = split(s, a, " ")
		for (i = 1; i <= k; i++) for (j = i + 1; j <= k; j++) if (a[j] + 0 < a[i] + 0) { t = a[i]; a[i] = a[j]; a[j] = t }
		return k % 2 ? a[(k + 1) / 2] : (a[k / 2] + a[k / 2 + 1]) / 2
	}
	END {
		nu = split(units, u, ",")
		printf "| %-40s", "benchmark"; for (j = 1; j <= nu; j++) printf " | %12s", u[j]; print " |"
		printf "|%s", "------------------------------------------"; for (j = 1; j <= nu; j++) printf "|%s", "--------------"; print "|"
		for (i = 1; i <= n; i++) {
			printf "| %-40s", order[i]
			for (j = 1; j <= nu; j++) printf " | %12.6g", median(vals[order[i], u[j]])
			print " |"
		}
	}' "$1"
}

echo "## Index build (median of $count runs; in memory)"
summarize "$tmp/build.txt" "passages/s,heap-MB,ns/op"
echo
echo "## Retrieve and Ask (median of $count runs of each benchmark's p50/p99)"
summarize "$tmp/ask.txt" "p50-ms,p99-ms,B/op"
echo

echo "## Peak RSS of charterbot ask (default corpus)"
go build -o "$tmp/charterbot" .
if [ -x /usr/bin/time ]; then
	/usr/bin/time -v "$tmp/charterbot" ask "What does the charter say about an attack on a member?" >/dev/null 2>"$tmp/time.txt" || true
	awk -F: '/Maximum resident set size/ { printf "| ask, default corpus | %.1f MB |\n", $2 / 1024 }' "$tmp/time.txt"
	if command -v apt-cache >/dev/null 2>&1; then
		mkdir -p "$tmp/deb"
		apt-cache dumpavail | awk '/^Package: /{p=$2} /^Description: /{sub(/^Description: /,""); print p ": " $0 ".\n"}' | head -n 100000 >"$tmp/deb/debian.txt"
		/usr/bin/time -v "$tmp/charterbot" ask --sources "$tmp/deb/debian.txt" "What does the charter say about an attack on a member?" >/dev/null 2>"$tmp/time.txt" || true
		awk -F: '/Maximum resident set size/ { printf "| ask, default corpus + 50,000 Debian descriptions | %.1f MB |\n", $2 / 1024 }' "$tmp/time.txt"
	fi
else
	echo "(/usr/bin/time not found: skipped)"
fi

echo
echo "## A 50,000-article code (internal/benchtext.Code, seeded): peak RSS and time"
if [ -x /usr/bin/time ]; then
	go test ./internal/benchtext -run '^TestCode$' -count=1 -args -write-code "$tmp/code50k.txt" -articles 50000 >/dev/null
	q="lease mortgage guarantor debtor"
	peak() { # LABEL CMD...: one row, peak RSS and wall time of CMD
		label=$1
		shift
		/usr/bin/time -f "%M %e" "$@" >/dev/null 2>"$tmp/time.txt" || true
		tail -n 1 "$tmp/time.txt" | awk -v l="$label" '{ printf "| %-44s | %8.1f MB | %6.2f s |\n", l, $1 / 1024, $2 }'
	}
	echo "| command                                      |    peak RSS |   wall |"
	echo "|----------------------------------------------|-------------|--------|"
	peak "index --data-dir (first build)" "$tmp/charterbot" index --data-dir "$tmp/dd" --no-default --sources "$tmp/code50k.txt"
	peak "ask --data-dir (sources remembered)" "$tmp/charterbot" ask --data-dir "$tmp/dd" "$q"
	peak "ask --data-dir --sources (unchanged)" "$tmp/charterbot" ask --data-dir "$tmp/dd" --no-default --sources "$tmp/code50k.txt" "$q"
	peak "ask in memory" "$tmp/charterbot" ask --no-default --sources "$tmp/code50k.txt" "$q"
fi

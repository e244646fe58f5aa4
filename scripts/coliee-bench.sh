#!/bin/sh
# coliee-bench.sh prints, in one run, charterbot's article retrieval on the
# COLIEE dev set (see coliee-dev.sh) side by side with two anchors: a
# textbook BM25 and Xapian (BM25Weight, English stemmer), each with MRR@10,
# R@1, R@5, R@10 and query latency p50/p99 in milliseconds, then the ratios
# of charterbot's latency to Xapian's, the held-out figures of the learned
# ranking (scripts/fit-ranking.sh, without writing its weights), and the
# calibration of the answer tiers.
#
# Usage: scripts/coliee-bench.sh [CACHEDIR] [REPEAT] [ROUNDS]
#   CACHEDIR  the dev set (default: ${XDG_CACHE_HOME:-$HOME/.cache}/charterbot/coliee)
#   REPEAT    times each question is asked, for the latency figures (default 3;
#             the quality figures come from the first time)
#   ROUNDS    rounds of latency runs (default 3): the table is the first;
#             each further round runs charterbot (in memory, --data-dir) and
#             Xapian again, one after the other, and the ratios of
#             charterbot's latency to Xapian's are given for each round and
#             as their median, since one round's move with the machine's load
#
# charterbot runs as an operator would run it: the civil code as a charter
# source (CACHEDIR/sources.toml, without the embedded default corpus), first
# in memory, then from a --data-dir built by `charterbot index`; its figures
# are `charterbot eval --json` (articles ranked from the top 10 passages,
# which are the best passages of the 10 best units; latency = Retrieve, timed
# over all the questions before any is answered, as the anchors time their
# searches alone). The anchors are scripts/anchors.py, whose header says
# how they segment and tokenise. Every engine is timed in-process with its
# index open. Without the dev set it says how to build it and exits 0.
set -eu
cd "$(dirname "$0")/.."
cache=${1:-${XDG_CACHE_HOME:-$HOME/.cache}/charterbot/coliee}
repeat=${2:-3}
rounds=${3:-3}

. scripts/coliee-devset.sh dev.jsonl civil_code.txt sources.toml

. scripts/python.sh

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
go build -o "$tmp/charterbot" .
cb="$tmp/charterbot"
cfg="$cache/sources.toml"

echo "charterbot in memory..." >&2
"$cb" eval --config "$cfg" --no-default --questions "$cache/dev.jsonl" --k 1,5,10 --depth 10 --repeat "$repeat" --json >"$tmp/mem.json"
"$py" scripts/anchors.py row "charterbot (in memory)" "$tmp/mem.json" >"$tmp/rows.jsonl"

echo "charterbot from --data-dir..." >&2
"$cb" index --config "$cfg" --no-default --data-dir "$tmp/data" >/dev/null
"$cb" eval --config "$cfg" --no-default --data-dir "$tmp/data" --questions "$cache/dev.jsonl" --k 1,5,10 --depth 10 --repeat "$repeat" --json >"$tmp/disk.json"
"$py" scripts/anchors.py row "charterbot (--data-dir)" "$tmp/disk.json" >>"$tmp/rows.jsonl"

echo "textbook BM25 and Xapian..." >&2
"$py" scripts/anchors.py run --code "$cache/civil_code.txt" --questions "$cache/dev.jsonl" --repeat "$repeat" >>"$tmp/rows.jsonl"

echo "## COLIEE dev set (H18-R02, $(wc -l <"$cache/dev.jsonl" | tr -d ' ') questions; articles ranked; latency over $repeat runs of each)"
"$py" scripts/anchors.py table "$tmp/rows.jsonl"

echo
r=2
cp "$tmp/rows.jsonl" "$tmp/round-1.jsonl"
while [ "$r" -le "$rounds" ]; do
	echo "latency round $r of $rounds..." >&2
	"$cb" eval --config "$cfg" --no-default --questions "$cache/dev.jsonl" --k 1,5,10 --depth 10 --repeat "$repeat" --json >"$tmp/mem.$r.json"
	"$py" scripts/anchors.py row "charterbot (in memory)" "$tmp/mem.$r.json" >"$tmp/round-$r.jsonl"
	"$cb" eval --config "$cfg" --no-default --data-dir "$tmp/data" --questions "$cache/dev.jsonl" --k 1,5,10 --depth 10 --repeat "$repeat" --json >"$tmp/disk.$r.json"
	"$py" scripts/anchors.py row "charterbot (--data-dir)" "$tmp/disk.$r.json" >>"$tmp/round-$r.jsonl"
	"$py" scripts/anchors.py run --code "$cache/civil_code.txt" --questions "$cache/dev.jsonl" --repeat "$repeat" --engines xapian >>"$tmp/round-$r.jsonl" 2>/dev/null
	r=$((r + 1))
done
"$py" scripts/anchors.py rounds "$tmp"/round-*.jsonl

echo
echo "## Learned ranking, each year held out (fitted on the other years)"
"$cb" eval --fit-ranking --data-dir "" --no-default --sources "$cache/civil_code.txt" --questions "$cache/dev-*.jsonl"

echo
echo "## Answer tiers"
"$cb" eval --config "$cfg" --no-default --questions testdata/eval/out_of_scope.jsonl --json >"$tmp/oos-code.json"
"$cb" eval --sources sources/testdata/segment/charter_fr.txt --sources sources/testdata/segment/charter_en.txt \
	--questions testdata/eval/out_of_scope.jsonl --json >"$tmp/oos-fixtures.json"
"$cb" eval --config "$cfg" --no-default --questions testdata/eval/out_of_scope_long.jsonl --json >"$tmp/oosl-code.json"
"$cb" eval --sources sources/testdata/segment/charter_fr.txt --sources sources/testdata/segment/charter_en.txt \
	--questions testdata/eval/out_of_scope_long.jsonl --json >"$tmp/oosl-fixtures.json"
"$py" -c '
import json, sys
dev, code, fix, lcode, lfix = (json.load(open(f)) for f in sys.argv[1:6])
s = dev["statuses"]
print("dev set tiers: answered %d, related %d, not_covered %d" % (s.get("answered", 0), s.get("related", 0), s.get("not_covered", 0)))
print("dev questions with their article in the top 3 answered not_covered: %.3f of %d (target <= 0.10)" % (dev["top3_not_covered"], dev["top3_questions"]))
print("dev answers citing a right article first: %.3f of %d; among those answered: %.3f of %d" % (dev["cited_first"], dev["article_questions"], dev["answered_cited_first"], dev["answered_questions"]))
print("out-of-scope questions answered not_covered, over the civil code: %.3f of %d (target >= 0.90)" % (code["status_right"], code["status_questions"]))
print("out-of-scope questions answered not_covered, over the fixture charters: %.3f of %d (target >= 0.90)" % (fix["status_right"], fix["status_questions"]))
print("long out-of-scope questions answered not_covered, over the civil code: %.3f of %d; over the fixture charters: %.3f of %d" % (lcode["status_right"], lcode["status_questions"], lfix["status_right"], lfix["status_questions"]))
' "$tmp/mem.json" "$tmp/oos-code.json" "$tmp/oos-fixtures.json" "$tmp/oosl-code.json" "$tmp/oosl-fixtures.json"

# Questions as a citizen asks them: everyday.jsonl was written after the
# everyday glossary's groups; blind.jsonl by someone who had not read them
# (see testdata/coliee/README.md); definitions.jsonl asks what terms are.
for set in everyday blind definitions; do
	f=testdata/coliee/$set.jsonl
	"$cb" eval --config "$cfg" --no-default --questions "$f" --k 1,5,10 --depth 10 --json >"$tmp/$set.json"
	echo
	what="Everyday questions"
	[ "$set" = definitions ] && what="Questions on what a term is"
	echo "## $what ($f: $(wc -l <"$f" | tr -d ' '))"
	"$py" scripts/anchors.py row "charterbot (in memory)" "$tmp/$set.json" >"$tmp/rows-$set.jsonl"
	"$py" scripts/anchors.py run --code "$cache/civil_code.txt" --questions "$f" >>"$tmp/rows-$set.jsonl" 2>/dev/null
	"$py" scripts/anchors.py table "$tmp/rows-$set.jsonl" | sed '/^latency ratio/,$d'
	"$py" scripts/anchors.py tiers "$tmp/$set.json"
done

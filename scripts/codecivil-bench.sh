#!/bin/sh
# codecivil-bench.sh measures charterbot on a French legal code kept as one
# Markdown file per article (the GitHub repository steeve/france.code-civil:
# "Livre II/Titre II/Article 544.md"), given to it the way an operator would
# (`--sources DIR`, no configuration), with the questions of
# testdata/code-civil/questions.jsonl (80 questions written for charterbot in
# plain French, with the article that answers each), side by side with the
# textbook BM25 and Xapian anchors of coliee-bench.sh (French stemmer, the
# code as one file of "Article N  text" lines). It prints one table: MRR@10,
# R@1, R@5, R@10, latency p50/p99; then the same for the questions typed
# without accents.
#
# Usage: scripts/codecivil-bench.sh GITDIR [CACHEDIR] [REPEAT]
#   GITDIR    a clone or bare git directory of steeve/france.code-civil
#   CACHEDIR  where the code is written (default: ${XDG_CACHE_HOME:-$HOME/.cache}/charterbot/code-civil)
#   REPEAT    times each question is asked, for latency (default 3)
#
# The code's text is written outside the repository and never committed.
# Without GITDIR it says how to get one and exits 0.
set -eu
cd "$(dirname "$0")/.."
if [ $# -lt 1 ] || [ ! -e "$1" ]; then
	cat <<EOF2
usage: $0 GITDIR [CACHEDIR] [REPEAT]
GITDIR is a copy of the GitHub repository steeve/france.code-civil (git clone,
or the search tool's fetch, which gives a bare git directory).
EOF2
	exit 0
fi
git_dir=$1
cache=${2:-${XDG_CACHE_HOME:-$HOME/.cache}/charterbot/code-civil}
repeat=${3:-3}
questions=testdata/code-civil/questions.jsonl

. scripts/python.sh

rm -rf "$cache/code"
mkdir -p "$cache/code"
if git --git-dir="$git_dir" rev-parse HEAD >/dev/null 2>&1; then
	git --git-dir="$git_dir" archive HEAD | tar -x -C "$cache/code"
else
	git -C "$git_dir" archive HEAD | tar -x -C "$cache/code"
fi
rm -f "$cache/code/README.md"
# The anchors read one file: each article on a line "Article N  text".
"$py" - "$cache/code" "$cache/code.txt" <<'PY'
import os, re, sys
arts = []
for root, _, files in os.walk(sys.argv[1]):
    for f in files:
        m = re.match(r"Article (\d+(?:-\d+)*)\.md$", f)
        if m:
            lines = open(os.path.join(root, f), encoding="utf-8").read().split("\n")
            body = " ".join(l.strip() for l in lines[2:] if l.strip())
            arts.append((tuple(int(x) for x in m.group(1).split("-")), m.group(1), body))
arts.sort()
with open(sys.argv[2], "w", encoding="utf-8") as out:
    for _, n, body in arts:
        out.write(f"Article {n}  {body}\n")
PY

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
go build -o "$tmp/charterbot" .
echo "charterbot..." >&2
"$tmp/charterbot" eval --no-default --sources "$cache/code" --questions "$questions" --k 1,5,10 --depth 10 --repeat "$repeat" --json >"$tmp/cb.json"
"$py" scripts/anchors.py row "charterbot (in memory)" "$tmp/cb.json" >"$tmp/rows.jsonl"
echo "textbook BM25 and Xapian..." >&2
"$py" scripts/anchors.py run --code "$cache/code.txt" --questions "$questions" --repeat "$repeat" --lang french >>"$tmp/rows.jsonl"
echo "## French Code civil as files ($(wc -l <"$questions" | tr -d ' ') questions; articles ranked; latency over $repeat runs of each)"
"$py" scripts/anchors.py table "$tmp/rows.jsonl"
"$py" scripts/anchors.py tiers "$tmp/cb.json"

# The same questions typed without accents, as many are on a phone ("qui
# herite", "Ou s'ouvre une succession ?"): charterbot folds accents and
# corrects one-letter slips; the anchors see the words as typed.
"$py" -c '
import json, sys, unicodedata
with open(sys.argv[2], "w", encoding="utf-8") as out:
    for line in open(sys.argv[1], encoding="utf-8"):
        if not line.strip() or line.startswith("#"):
            continue
        q = json.loads(line)
        q["question"] = "".join(c for c in unicodedata.normalize("NFD", q["question"]) if unicodedata.category(c) != "Mn")
        out.write(json.dumps(q, ensure_ascii=False) + "\n")
' "$questions" "$tmp/bare.jsonl"
"$tmp/charterbot" eval --no-default --sources "$cache/code" --questions "$tmp/bare.jsonl" --k 1,5,10 --depth 10 --repeat "$repeat" --json >"$tmp/cb-bare.json"
"$py" scripts/anchors.py row "charterbot (in memory)" "$tmp/cb-bare.json" >"$tmp/rows-bare.jsonl"
"$py" scripts/anchors.py run --code "$cache/code.txt" --questions "$tmp/bare.jsonl" --repeat "$repeat" --lang french >>"$tmp/rows-bare.jsonl"
echo
echo "## The same questions typed without accents"
"$py" scripts/anchors.py table "$tmp/rows-bare.jsonl"

# Questions in everyday French, which the everyday glossary
# (answer/everyday.txt) is for: everyday.jsonl was written after its
# groups, blind.jsonl by someone who had not read them (see
# testdata/code-civil/README.md); definitions.jsonl asks what terms are.
for set in everyday blind definitions; do
	f=testdata/code-civil/$set.jsonl
	"$tmp/charterbot" eval --no-default --sources "$cache/code" --questions "$f" --k 1,5,10 --depth 10 --repeat "$repeat" --json >"$tmp/cb-$set.json"
	"$py" scripts/anchors.py row "charterbot (in memory)" "$tmp/cb-$set.json" >"$tmp/rows-$set.jsonl"
	"$py" scripts/anchors.py run --code "$cache/code.txt" --questions "$f" --repeat "$repeat" --lang french >>"$tmp/rows-$set.jsonl"
	echo
	what="Questions in everyday French"
	[ "$set" = definitions ] && what="Questions on what a term is"
	echo "## $what ($f: $(wc -l <"$f" | tr -d ' '))"
	"$py" scripts/anchors.py table "$tmp/rows-$set.jsonl"
	"$py" scripts/anchors.py tiers "$tmp/cb-$set.json"
done

#!/bin/sh
# coliee-dev.sh builds charterbot's development set from a copy of the
# COLIEE 2024 statute-retrieval data (English): the civil code as an ordinary
# charter source and the bar-exam questions of the years H18 to R02 with
# their gold articles, in the question-set format of `charterbot eval`.
#
# Usage: scripts/coliee-dev.sh GITDIR [OUTDIR]
#   GITDIR  a clone or bare git directory of huyhoang0311/COLIEE2024statute_data-English
#   OUTDIR  where to write (default: ${XDG_CACHE_HOME:-$HOME/.cache}/charterbot/coliee)
#
# The data states no licence: it is written outside the repository and never
# committed. The years R03, R04 and R05 are held out for measurement elsewhere:
# this script never reads them.
#
# Writes: civil_code.txt (the code as published), sources.toml (it, as a
# charter source), dev.jsonl (all dev years) and dev-YEAR.jsonl (one a year).
set -eu
if [ $# -lt 1 ]; then
	echo "usage: $0 GITDIR [OUTDIR]" >&2
	exit 2
fi
git_dir=$1
out=${2:-${XDG_CACHE_HOME:-$HOME/.cache}/charterbot/coliee}
years="H18 H19 H20 H21 H22 H23 H24 H25 H26 H27 H28 H29 H30 R01 R02"
mkdir -p "$out"

show() { git --git-dir="$git_dir" show "HEAD:$1" 2>/dev/null || git -C "$git_dir" show "HEAD:$1"; }

show text/civil_code_en-1to724-2.txt | sed '1s/^\xEF\xBB\xBF//' >"$out/civil_code.txt"
cat >"$out/sources.toml" <<TOML
# The COLIEE civil code as an operator would add it: one charter source.
[[source]]
path = "civil_code.txt"
kind = "charter"
lang = "en"
title = "Civil Code"
TOML

: >"$out/dev.jsonl"
for y in $years; do
	show "train/riteval/riteval_${y}_en.xml" | python3 -c '
import json, re, sys
import xml.etree.ElementTree as ET
root = ET.parse(sys.stdin).getroot()
for pair in root.iter("pair"):
    t1 = pair.findtext("t1") or ""
    t2 = " ".join((pair.findtext("t2") or "").split())
    arts = []
    for m in re.finditer(r"^\s*Article\s+(\d+(?:-\d+)*)(?=\s|$)", t1, re.M):
        if m.group(1) not in arts:
            arts.append(m.group(1))
    if t2 and arts:
        print(json.dumps({"id": pair.get("id"), "question": t2, "articles": arts}, ensure_ascii=False))
' >"$out/dev-$y.jsonl"
	cat "$out/dev-$y.jsonl" >>"$out/dev.jsonl"
done
echo "wrote $(wc -l <"$out/dev.jsonl") questions and the civil code to $out" >&2

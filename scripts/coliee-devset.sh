# coliee-devset.sh, sourced by the COLIEE benchmark scripts with $cache set
# to the dev set's directory: when a file the script needs ($@, names in
# $cache) is missing, it says how to build the dev set and exits 0.
for f in "$@"; do
	if [ ! -s "$cache/$f" ]; then
		cat <<EOF
No COLIEE dev set in $cache. To build it:
  1. get a copy of the GitHub repository huyhoang0311/COLIEE2024statute_data-English
     (git clone, or the search tool's fetch, which gives a bare git directory), then
  2. scripts/coliee-dev.sh GITDIR $cache
and run this script again.
EOF
		exit 0
	fi
done

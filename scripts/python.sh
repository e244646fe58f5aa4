# python.sh, sourced by the benchmark scripts, sets py to a python3 that
# has Xapian if one does: Debian's python3-xapian installs into the system
# Python, which may not be the first python3 on PATH.
if ! command -v python3 >/dev/null 2>&1; then
	echo "$0 needs python3 (for the anchors and the table)" >&2
	exit 1
fi
py=python3
for p in python3 /usr/bin/python3; do
	if command -v "$p" >/dev/null 2>&1 && "$p" -c 'import xapian' 2>/dev/null; then
		py=$p
		break
	fi
done

#!/usr/bin/env python3
"""anchors.py: the two reference retrievers charterbot is measured against on
the COLIEE dev set (see scripts/coliee-bench.sh), and the table that puts
them side by side with charterbot's own `eval --json` figures.

Both anchors rank articles (an article is one document) and see the same
text and the same tokenisation:

  segmentation  a line "Article N  text" (N like 3 or 3-2) starts article N;
                a caption line "(Purpose)" just before it belongs to it (it is
                part of the article's text); the lines that follow, up to the
                next article, caption or heading, are its paragraphs. Part,
                chapter, section, subsection and division headings and
                "Articles 38 to 84  Deleted" lines belong to no article.
  tokens        lowercase, then maximal runs of Unicode letters and digits
                (the regular expression [^\\W_]+), then the Snowball English
                stemmer (xapian.Stem("english"), or the snowballstemmer
                package, which is the same algorithm, when Xapian is
                missing; --lang names another language's); no stop list; a
                question's distinct stems are its query terms.
  textbook BM25 k1 1.2, b 0.75, idf = ln(1 + (N - df + 0.5) / (df + 0.5)),
                document length = its number of tokens.
  Xapian        the same terms added to an on-disk (glass) database,
                BM25Weight(k1 1.2, k2 0, k3 1, b 0.75, min_normlen 0.5), an OR
                of the query terms, top 10.

Each question is run --repeat times in a row, timed in-process from the
question's text to its top 10 (tokenising included) with the index open, and
scored on its first run: MRR@10, Recall@k = |gold in top k| / |gold|, latency
p50/p99 by nearest rank, as `charterbot eval` does.

Usage:
  anchors.py run --code FILE --questions FILE [--repeat N] [--lang L] [--engines E]
                                                             JSON lines, one per engine
                                                             (E: bm25,xapian, the default, or one)
  anchors.py row ENGINE EVAL.json                            charterbot's row, from `charterbot eval --json`
  anchors.py table ROWS.jsonl                                the table and latency ratios
  anchors.py tiers EVAL.json                                 charterbot's answer tiers, from
                                                             `charterbot eval --json`
  anchors.py rounds ROWS.jsonl...                            the latency ratios to Xapian of
                                                             each file (a round of runs), and
                                                             their medians
"""

import argparse
import heapq
import json
import math
import os
import re
import shutil
import statistics
import sys
import tempfile
import time

try:
    import xapian
except ImportError:  # the table says how to install it
    xapian = None

ARTICLE_RE = re.compile(r"^Article\s+(\d+(?:-\d+)*)(?:\s+(.*))?$")
CAPTION_RE = re.compile(r"^\((?:[^()]|\([^()]*\))*\)$")
HEADING_RE = re.compile(r"^(?:Part|Chapter|Section|Subsection|Division)\s+[0-9IVXLC]+\b")
DELETED_RE = re.compile(r"^Articles\s+\d")
WORD_RE = re.compile(r"[^\W_]+")


def segment(text):
    """Returns [(number, text)] in order of the code."""
    articles = []
    caption = None
    cur = None  # [number, lines]
    for line in text.splitlines():
        line = line.strip()
        if not line:
            continue
        m = ARTICLE_RE.match(line)
        if m:
            cur = [m.group(1), [caption] if caption else []]
            cur[1].append(m.group(2) or "")
            articles.append(cur)
            caption = None
        elif CAPTION_RE.match(line) and not re.match(r"^\((?:\d+|[ivxlc]+|[a-z])\)", line):
            caption = line
            cur = None
        elif HEADING_RE.match(line) or DELETED_RE.match(line):
            caption = None
            cur = None
        elif cur is not None:
            cur[1].append(line)
    return [(n, "\n".join(ls)) for n, ls in articles]


def stemmer(lang="english"):
    """The Snowball stemmer of lang as a function, and its name; (None,
    None) when neither Xapian nor snowballstemmer is installed."""
    if xapian is not None:
        st = xapian.Stem(lang)

        def stem(w):
            s = st(w)
            return s.decode("utf-8") if isinstance(s, bytes) else s

        return stem, f"xapian.Stem({lang})"
    try:
        import snowballstemmer
    except ImportError:
        return None, None
    st = snowballstemmer.stemmer(lang)
    return st.stemWord, f"snowballstemmer({lang})"


def tokens(text, stem):
    return [stem(w) for w in WORD_RE.findall(text.lower())]


class BM25:
    """Okapi BM25 over whole articles, in memory."""

    def __init__(self, docs, stem, k1=1.2, b=0.75):
        self.stem = stem
        self.k1, self.b = k1, b
        self.ids = [n for n, _ in docs]
        self.postings = {}  # term -> [(doc, tf)]
        lens = []
        for d, (_, text) in enumerate(docs):
            tf = {}
            toks = tokens(text, stem)
            for t in toks:
                tf[t] = tf.get(t, 0) + 1
            lens.append(len(toks))
            for t, c in tf.items():
                self.postings.setdefault(t, []).append((d, c))
        n = len(docs)
        avgdl = sum(lens) / n
        self.norm = [k1 * (1 - b + b * l / avgdl) for l in lens]
        self.idf = {t: math.log(1 + (n - len(p) + 0.5) / (len(p) + 0.5)) for t, p in self.postings.items()}

    def search(self, question, k=10):
        scores = {}
        k1 = self.k1
        for t in set(tokens(question, self.stem)):
            p = self.postings.get(t)
            if not p:
                continue
            idf = self.idf[t]
            for d, tf in p:
                scores[d] = scores.get(d, 0.0) + idf * tf * (k1 + 1) / (tf + self.norm[d])
        top = heapq.nsmallest(k, scores.items(), key=lambda kv: (-kv[1], kv[0]))
        return [self.ids[d] for d, _ in top]


class Xapian:
    """The same articles in a Xapian glass database, searched with BM25."""

    def __init__(self, docs, stem, path):
        self.stem = stem
        db = xapian.WritableDatabase(path, xapian.DB_CREATE_OR_OVERWRITE)
        for n, text in docs:
            doc = xapian.Document()
            for t in tokens(text, stem):
                doc.add_term(t)
            doc.set_data(n)
            db.add_document(doc)
        db.commit()
        db.close()
        self.db = xapian.Database(path)
        self.enquire = xapian.Enquire(self.db)
        self.enquire.set_weighting_scheme(xapian.BM25Weight(1.2, 0, 1, 0.75, 0.5))

    def search(self, question, k=10):
        terms = sorted(set(tokens(question, self.stem)))
        self.enquire.set_query(xapian.Query(xapian.Query.OP_OR, terms))
        return [m.document.get_data().decode("utf-8") for m in self.enquire.get_mset(0, k)]


def percentile(xs, p):
    s = sorted(xs)
    if not s:
        return 0.0
    r = min(max(math.ceil(p / 100 * len(s)), 1), len(s))
    return s[r - 1]


def norm_article(a):
    return a.strip().lower()


def evaluate(name, engine, questions, repeat):
    lat = []
    rr = 0.0
    rec = {1: 0.0, 5: 0.0, 10: 0.0}
    for q in questions:
        gold = []
        for a in q["articles"]:
            if norm_article(a) not in gold:
                gold.append(norm_article(a))
        ranked = None
        for _ in range(repeat):
            t0 = time.perf_counter()
            got = engine.search(q["question"])
            lat.append(time.perf_counter() - t0)
            if ranked is None:
                ranked = [norm_article(a) for a in got]
        for i, a in enumerate(ranked[:10]):
            if a in gold:
                rr += 1 / (i + 1)
                break
        for k in rec:
            rec[k] += sum(1 for a in ranked[:k] if a in gold) / len(gold)
    n = len(questions)
    return {
        "engine": name, "questions": n, "mrr@10": rr / n,
        "r@1": rec[1] / n, "r@5": rec[5] / n, "r@10": rec[10] / n,
        "p50_ms": percentile(lat, 50) * 1e3, "p99_ms": percentile(lat, 99) * 1e3,
    }


def cmd_run(args):
    with open(args.code, encoding="utf-8") as f:
        docs = segment(f.read())
    with open(args.questions, encoding="utf-8") as f:
        questions = [json.loads(l) for l in f if l.strip()]
    questions = [q for q in questions if q.get("articles")]
    print(f"anchors: {len(docs)} articles, {len(questions)} questions", file=sys.stderr)
    stem, stem_name = stemmer(args.lang)
    engines = args.engines.split(",")
    out = []
    if "bm25" not in engines:
        pass
    elif stem is None:
        out.append({"engine": "textbook BM25", "missing": "needs a Snowball English stemmer: apt-get install python3-xapian"})
    else:
        out.append(evaluate(f"textbook BM25 ({stem_name})", BM25(docs, stem), questions, args.repeat))
    if "xapian" not in engines:
        pass
    elif xapian is None:
        out.append({"engine": "Xapian BM25", "missing": "not installed: apt-get install python3-xapian"})
    else:
        d = tempfile.mkdtemp(prefix="anchors-xapian-")
        try:
            out.append(evaluate(f"Xapian {xapian.version_string()} BM25", Xapian(docs, stem, d), questions, args.repeat))
        finally:
            shutil.rmtree(d, ignore_errors=True)
    for row in out:
        print(json.dumps(row))


def cmd_row(args):
    """One table row of charterbot's figures, from `charterbot eval --json`."""
    with open(args.eval_json, encoding="utf-8") as f:
        d = json.load(f)
    r = d["recall"]
    print(json.dumps({"engine": args.engine, "questions": d["article_questions"], "mrr@10": d["mrr@10"],
                      "r@1": r["1"], "r@5": r["5"], "r@10": r["10"],
                      "p50_ms": d["latency_ms"]["retrieval_p50"], "p99_ms": d["latency_ms"]["retrieval_p99"]}))


def cmd_table(args):
    rows = []
    with open(args.rows, encoding="utf-8") as f:
        for l in f:
            if l.strip():
                rows.append(json.loads(l))
    w = max(len(r["engine"]) for r in rows)
    cols = ["MRR@10", "R@1", "R@5", "R@10", "p50 ms", "p99 ms"]
    keys = ["mrr@10", "r@1", "r@5", "r@10", "p50_ms", "p99_ms"]
    print(f"| {'engine':<{w}} | " + " | ".join(f"{c:>7}" for c in cols) + " |")
    print(f"|{'-' * (w + 2)}|" + "|".join("-" * 9 for _ in cols) + "|")
    for r in rows:
        if "missing" in r:
            print(f"| {r['engine']:<{w}} | {r['missing']}")
            continue
        vals = [f"{r[k]:7.3f}" if not k.endswith("_ms") else f"{r[k]:7.2f}" for k in keys]
        print(f"| {r['engine']:<{w}} | " + " | ".join(vals) + " |")
    xap = next((r for r in rows if r["engine"].startswith("Xapian") and "missing" not in r), None)
    if xap is None:
        print("\nlatency ratios to Xapian: Xapian not run")
        return
    print("\nlatency ratio to Xapian (p50, p99; <= 1.0 is at or below Xapian)")
    for r in rows:
        if r["engine"].startswith("charterbot") and "missing" not in r:
            print(f"  {r['engine']:<{w}}  p50 {r['p50_ms'] / xap['p50_ms']:6.2f}  p99 {r['p99_ms'] / xap['p99_ms']:6.2f}")


def cmd_tiers(args):
    """The answer tiers of `charterbot eval --json`, and how often the
    answer's first citation is a right article."""
    with open(args.eval_json, encoding="utf-8") as f:
        d = json.load(f)
    s = d["statuses"]
    print("tiers: answered %d, related %d, not_covered %d; answer cites a right article first: %.3f of %d, among those answered %.3f of %d" % (
        s.get("answered", 0), s.get("related", 0), s.get("not_covered", 0), d["cited_first"], d["article_questions"],
        d["answered_cited_first"], d["answered_questions"]))


def cmd_rounds(args):
    """The latency ratios of charterbot's rows to Xapian's, round by round
    (each file is one round: every engine run once, one after the other),
    and the median of each over the rounds: one round's figures move with
    the machine's load, their median much less."""
    ratios = {}  # engine -> {"p50": [...], "p99": [...]}
    for path in args.rows:
        with open(path, encoding="utf-8") as f:
            rows = [json.loads(l) for l in f if l.strip()]
        xap = next((r for r in rows if r["engine"].startswith("Xapian") and "missing" not in r), None)
        if xap is None:
            print("latency rounds: Xapian not run")
            return
        for r in rows:
            if r["engine"].startswith("charterbot") and "missing" not in r:
                d = ratios.setdefault(r["engine"], {"p50": [], "p99": []})
                d["p50"].append(r["p50_ms"] / xap["p50_ms"])
                d["p99"].append(r["p99_ms"] / xap["p99_ms"])
    n = len(args.rows)
    print(f"latency ratio to Xapian over {n} rounds (median, then each round; <= 1.0 is at or below Xapian)")
    w = max((len(e) for e in ratios), default=0)
    for e, d in ratios.items():
        for k in ("p50", "p99"):
            xs = d[k]
            med = statistics.median(xs)
            print(f"  {e:<{w}}  {k} {med:6.2f}   (" + " ".join(f"{x:.2f}" for x in xs) + ")")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    r = sub.add_parser("run", help="score the textbook BM25 and Xapian")
    r.add_argument("--code", required=True)
    r.add_argument("--questions", required=True)
    r.add_argument("--repeat", type=int, default=1)
    r.add_argument("--lang", default="english", help="the Snowball stemmer's language (english, french, ...)")
    r.add_argument("--engines", default="bm25,xapian", help="which anchors to run: bm25, xapian or both")
    w = sub.add_parser("row", help="one row of charterbot's figures from `charterbot eval --json`")
    w.add_argument("engine")
    w.add_argument("eval_json")
    t = sub.add_parser("table", help="print the table of a JSON-lines file of rows")
    t.add_argument("rows")
    e = sub.add_parser("tiers", help="charterbot's answer tiers from `charterbot eval --json`")
    e.add_argument("eval_json")
    o = sub.add_parser("rounds", help="latency ratios to Xapian over rounds, and their medians")
    o.add_argument("rows", nargs="+")
    args = ap.parse_args()
    {"run": cmd_run, "row": cmd_row, "table": cmd_table, "tiers": cmd_tiers, "rounds": cmd_rounds}[args.cmd](args)


if __name__ == "__main__":
    main()

package answer

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"testing"
	"time"

	"charterbot/index"
	"charterbot/internal/benchtext"
)

// benchConfigs are the retrieval configurations compared side by side.
var benchConfigs = []struct {
	name string
	set  func(a *Answerer)
}{
	{"noglossary", func(a *Answerer) { a.expand, a.synCover = false, false }},
	{"default", func(a *Answerer) {}}, // glossary expansion and coverage
}

// benchQuestionSet returns the questions of testdata/eval/charter.jsonl.
func benchQuestionSet(b *testing.B) []string {
	b.Helper()
	var out []string
	for _, q := range readEvalFile(b, "../testdata/eval/charter.jsonl") {
		out = append(out, q.Question)
	}
	return out
}

// BenchmarkAsk measures Ask (extractive, no LLM) and Retrieve over the
// default corpus plus the fixture charters, alone and with 1,000, 10,000,
// 50,000 and 100,000 passages of real text (Debian package descriptions),
// for each configuration, and reports the median and 99th percentile.
func BenchmarkAsk(b *testing.B) {
	questions := benchQuestionSet(b)
	for _, n := range []int{0, 1000, 10000, 50000, 100000} {
		var ix *index.Index
		for _, cfg := range benchConfigs {
			for _, op := range []string{"ask", "retrieve"} {
				b.Run(fmt.Sprintf("passages=%d/%s/%s", n, cfg.name, op), func(b *testing.B) {
					if ix == nil {
						ix = benchIndex(b, n)
					}
					a := New(ix, Options{})
					cfg.set(a)
					ctx := context.Background()
					lat := make([]time.Duration, 0, b.N)
					b.ReportAllocs()
					b.ResetTimer()
					for i := 0; i < b.N; i++ {
						q := questions[i%len(questions)]
						start := time.Now()
						var err error
						if op == "ask" {
							_, err = a.Ask(ctx, q)
						} else {
							_, err = a.Retrieve(ctx, q, 50)
						}
						if err != nil {
							b.Fatal(err)
						}
						lat = append(lat, time.Since(start))
					}
					b.StopTimer()
					reportLatency(b, lat)
				})
			}
		}
		if ix != nil {
			ix.Close()
		}
	}
}

// benchIndex builds an in-memory index of the eval corpus plus n passages
// of real text; the benchmark is skipped when apt-cache is not there.
func benchIndex(b *testing.B, n int) *index.Index {
	b.Helper()
	docs := evalCorpus(b, "charter")
	if n > 0 {
		more, err := benchtext.Debian(context.Background(), n)
		if errors.Is(err, benchtext.ErrNoAptCache) {
			b.Skipf("skipping the %d-passage benchmark: %v", n, err)
		}
		if err != nil {
			b.Fatal(err)
		}
		docs = append(docs, more...)
	}
	ctx := context.Background()
	ix, err := index.Open(ctx, index.Options{})
	if err != nil {
		b.Fatal(err)
	}
	if _, err := ix.Build(ctx, docs, nil); err != nil {
		b.Fatal(err)
	}
	return ix
}

// reportLatency reports the median and 99th percentile of lat in ms.
func reportLatency(b *testing.B, lat []time.Duration) {
	slices.Sort(lat)
	b.ReportMetric(float64(Percentile(lat, 50))/1e6, "p50-ms")
	b.ReportMetric(float64(Percentile(lat, 99))/1e6, "p99-ms")
}

package index

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"slices"
	"testing"
	"time"

	"charterbot/internal/benchtext"
	"charterbot/sources"
)

// benchSizes are the corpus sizes of the benchmarks, in passages of real
// text (Debian package descriptions) added to the default corpus.
var benchSizes = []int{1000, 10000, 100000}

// benchCorpus returns the default corpus plus n passages of real text, or
// skips the benchmark when apt-cache is not there.
func benchCorpus(b *testing.B, n int) []sources.Document {
	b.Helper()
	docs := sources.Default()
	if n == 0 {
		return docs
	}
	more, err := benchtext.Debian(context.Background(), n)
	if errors.Is(err, benchtext.ErrNoAptCache) {
		b.Skipf("skipping the %d-passage benchmark: %v", n, err)
	}
	if err != nil {
		b.Fatal(err)
	}
	return append(docs, more...)
}

// BenchmarkBuild indexes the default corpus plus n passages of real text in
// memory, in batches of the default size (auto), 500, 2,000 and 10,000 passages side
// by side, and reports passages/s and the heap the built index holds.
func BenchmarkBuild(b *testing.B) {
	for _, n := range append([]int{0}, benchSizes...) {
		var docs []sources.Document
		for _, batch := range []int{0, 500, 2000, 10000} {
			if n == 0 && batch != 0 {
				continue
			}
			name := fmt.Sprint(batch)
			if batch == 0 {
				name = "auto"
			}
			b.Run(fmt.Sprintf("passages=%d/batch=%s", n, name), func(b *testing.B) {
				if docs == nil {
					docs = benchCorpus(b, n)
				}
				benchBuild(b, docs, batch)
			})
		}
	}
}

func benchBuild(b *testing.B, docs []sources.Document, batch int) {
	{
		{
			passages := benchtext.Passages(docs)
			ctx := context.Background()
			b.ReportAllocs()
			b.ResetTimer()
			var heap uint64
			for i := 0; i < b.N; i++ {
				ix, err := Open(ctx, Options{BatchSize: batch})
				if err != nil {
					b.Fatal(err)
				}
				if _, err := ix.Build(ctx, docs, nil); err != nil {
					b.Fatal(err)
				}
				if i == b.N-1 {
					b.StopTimer()
					heap = heapInUse()
					b.StartTimer()
				}
				ix.Close()
			}
			b.ReportMetric(float64(passages)*float64(b.N)/b.Elapsed().Seconds(), "passages/s")
			b.ReportMetric(float64(heap)/(1<<20), "heap-MB")
		}
	}
}

func heapInUse() uint64 {
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapInuse
}

// benchQuestions are searched in turn by BenchmarkSearch.
var benchQuestions = []string{
	"What happens if one member is attacked?",
	"Où se trouve le siège de l'Alliance ?",
	"How can the charter be revised?",
	"Who leads the military government in Mali?",
	"What is the capital of France?",
	"Comment les litiges entre États sont-ils réglés ?",
}

// BenchmarkSearch measures one search of 30 passages (what Retrieve asks
// for) and reports its median and 99th percentile.
func BenchmarkSearch(b *testing.B) {
	for _, n := range append([]int{0}, benchSizes...) {
		b.Run(fmt.Sprintf("passages=%d", n), func(b *testing.B) {
			ctx := context.Background()
			ix, err := Open(ctx, Options{})
			if err != nil {
				b.Fatal(err)
			}
			defer ix.Close()
			if _, err := ix.Build(ctx, benchCorpus(b, n), nil); err != nil {
				b.Fatal(err)
			}
			lat := make([]time.Duration, 0, b.N)
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				start := time.Now()
				if _, err := ix.Search(ctx, Query{Text: benchQuestions[i%len(benchQuestions)], Size: 30}); err != nil {
					b.Fatal(err)
				}
				lat = append(lat, time.Since(start))
			}
			b.StopTimer()
			reportLatency(b, lat)
		})
	}
}

// reportLatency reports the median and 99th percentile of lat in ms.
func reportLatency(b *testing.B, lat []time.Duration) {
	slices.Sort(lat)
	at := func(p float64) float64 {
		i := min(int(p*float64(len(lat))), len(lat)-1)
		return float64(lat[i]) / 1e6
	}
	b.ReportMetric(at(0.50), "p50-ms")
	b.ReportMetric(at(0.99), "p99-ms")
}

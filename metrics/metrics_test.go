package metrics

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"
)

// scrape GETs h and parses the text exposition format.
func scrape(t *testing.T, h http.Handler) map[string]*dto.MetricFamily {
	t.Helper()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
	if rec.Code != http.StatusOK {
		t.Fatalf("GET /metrics: %d", rec.Code)
	}
	p := expfmt.NewTextParser(model.UTF8Validation)
	fams, err := p.TextToMetricFamilies(strings.NewReader(rec.Body.String()))
	if err != nil {
		t.Fatalf("parse exposition: %v\n%s", err, rec.Body.String())
	}
	return fams
}

// values returns each series of a counter or histogram family as
// "label=value,...": value (a histogram's count).
func values(f *dto.MetricFamily) map[string]float64 {
	out := map[string]float64{}
	if f == nil {
		return out
	}
	for _, m := range f.GetMetric() {
		var ls []string
		for _, l := range m.GetLabel() {
			ls = append(ls, l.GetName()+"="+l.GetValue())
		}
		k := strings.Join(ls, ",")
		switch {
		case m.Counter != nil:
			out[k] = m.GetCounter().GetValue()
		case m.Histogram != nil:
			out[k] = float64(m.GetHistogram().GetSampleCount())
		case m.Gauge != nil:
			out[k] = m.GetGauge().GetValue()
		}
	}
	return out
}

func TestMetrics(t *testing.T) {
	m := New()
	m.ObserveQuestion(Question{Mode: "llm", Grounded: true, UnverifiedQuotes: 2, Latency: 1200 * time.Millisecond})
	m.ObserveQuestion(Question{Mode: "extractive", Grounded: true, Fallback: "timeout", Latency: 30 * time.Millisecond})
	m.ObserveQuestion(Question{Mode: "extractive", Grounded: false, Latency: 10 * time.Millisecond})
	m.ObserveRetrieval(3 * time.Millisecond)
	m.ObserveRetrieval(4 * time.Millisecond)
	m.ObserveLLM(time.Second, nil)
	m.ObserveLLM(time.Second, errors.New("503"))
	m.ObserveReindex(2*time.Second, "ok")
	m.ObserveRESTStatus(200)
	m.ObserveRESTStatus(204)
	m.ObserveRESTStatus(429)
	m.ObserveRESTStatus(429)
	m.ObserveRESTStatus(0)
	m.ObserveRateLimited()
	m.ObserveStore("record_question", errors.New("connection refused"))
	m.ObserveStore("rate_limit", errors.New("connection refused"))
	m.ObserveStore("record_question", errors.New("connection refused"))
	m.ObserveStore("stats", nil)
	m.ObserveRateLimitFallback()
	m.SetGeneration(7)

	fams := scrape(t, m.Handler())
	tests := []struct {
		name string
		want map[string]float64
	}{
		{"charterbot_questions_total", map[string]float64{"mode=extractive": 2, "mode=llm": 1}},
		{"charterbot_questions_ungrounded_total", map[string]float64{"": 1}},
		{"charterbot_llm_fallbacks_total", map[string]float64{"reason=timeout": 1}},
		{"charterbot_unverified_quotes_removed_total", map[string]float64{"": 2}},
		{"charterbot_answer_duration_seconds", map[string]float64{"mode=extractive": 2, "mode=llm": 1}},
		{"charterbot_retrieval_duration_seconds", map[string]float64{"": 2}},
		{"charterbot_llm_duration_seconds", map[string]float64{"result=ok": 1, "result=error": 1}},
		{"charterbot_reindex_duration_seconds", map[string]float64{"result=ok": 1}},
		{"charterbot_discord_rest_errors_total", map[string]float64{"status=429": 2, "status=0": 1}},
		{"charterbot_rate_limited_total", map[string]float64{"": 1}},
		{"charterbot_store_errors_total", map[string]float64{"op=record_question": 2, "op=rate_limit": 1}},
		{"charterbot_store_up", map[string]float64{"": 1}},
		{"charterbot_rate_limit_fallbacks_total", map[string]float64{"": 1}},
		{"charterbot_index_generation", map[string]float64{"": 7}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, values(fams[tt.name])); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
	if _, ok := fams["go_goroutines"]; !ok {
		t.Error("no go_goroutines: the Go collector is missing")
	}
}

// Two Metrics do not share series: no global registry.
func TestMetricsIndependent(t *testing.T) {
	a, b := New(), New()
	a.ObserveRateLimited()
	if got := values(scrape(t, b.Handler())["charterbot_rate_limited_total"])[""]; got != 0 {
		t.Errorf("second Metrics sees %v rate-limited; want 0", got)
	}
}

// Package metrics provides charterbot's Prometheus metrics: questions by
// answer mode, LLM fallbacks by reason, unverified quotes removed, retrieval
// and LLM latency, reindex duration and result, Discord REST errors by
// status, and rate-limited users. Each Metrics has its own registry (never
// Prometheus's global one), and the rest of the program reports to it
// through plain methods and function values: no other package imports
// Prometheus.
package metrics

import (
	"net/http"
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Namespace prefixes every metric name.
const Namespace = "charterbot"

// Question is the outcome of one answered question.
type Question struct {
	// Mode is the answer's mode: "article", "extractive", "outline" or "llm".
	Mode string
	// Grounded is false when the sources did not answer.
	Grounded bool
	// Fallback is why the LLM's answer was replaced, "" when it was not.
	Fallback string
	// UnverifiedQuotes is the number of LLM quotes left out, with their
	// sentences, because they were not found in the sources.
	UnverifiedQuotes int
	// Latency is the time from the question to the answer.
	Latency time.Duration
}

// Metrics holds the bot's metrics. Make it with New; its methods are safe
// for concurrent use.
type Metrics struct {
	reg *prometheus.Registry

	questions   *prometheus.CounterVec
	ungrounded  prometheus.Counter
	fallbacks   *prometheus.CounterVec
	unverified  prometheus.Counter
	answerSecs  *prometheus.HistogramVec
	retrieval   prometheus.Histogram
	llm         *prometheus.HistogramVec
	reindexSecs *prometheus.HistogramVec
	restErrors  *prometheus.CounterVec
	rateLimited prometheus.Counter

	storeErrors   *prometheus.CounterVec
	storeUp       prometheus.Gauge
	limitFallback prometheus.Counter
	generation    prometheus.Gauge
}

// latencyBuckets cover a fast extractive answer (milliseconds) to a slow
// LLM (tens of seconds).
var latencyBuckets = []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 30, 60}

// New returns Metrics registered on a registry of their own, beside the Go
// runtime and process collectors.
func New() *Metrics {
	m := &Metrics{
		reg: prometheus.NewRegistry(),
		questions: prometheus.NewCounterVec(prometheus.CounterOpts{
			Namespace: Namespace, Name: "questions_total",
			Help: "Questions answered, by answer mode (article, extractive, outline, llm).",
		}, []string{"mode"}),
		ungrounded: prometheus.NewCounter(prometheus.CounterOpts{
			Namespace: Namespace, Name: "questions_ungrounded_total",
			Help: "Questions the sources did not answer (coverage gaps).",
		}),
		fallbacks: prometheus.NewCounterVec(prometheus.CounterOpts{
			Namespace: Namespace, Name: "llm_fallbacks_total",
			Help: "LLM answers replaced by the extractive answer, by reason.",
		}, []string{"reason"}),
		unverified: prometheus.NewCounter(prometheus.CounterOpts{
			Namespace: Namespace, Name: "unverified_quotes_removed_total",
			Help: "LLM quotes not found verbatim in the sources, left out with their sentences.",
		}),
		answerSecs: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Namespace: Namespace, Name: "answer_duration_seconds",
			Help: "Time from a question to its answer, by answer mode.", Buckets: latencyBuckets,
		}, []string{"mode"}),
		retrieval: prometheus.NewHistogram(prometheus.HistogramOpts{
			Namespace: Namespace, Name: "retrieval_duration_seconds",
			Help: "Duration of one index search.", Buckets: latencyBuckets,
		}),
		llm: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Namespace: Namespace, Name: "llm_duration_seconds",
			Help: "Duration of one LLM call, by result (ok, error).", Buckets: latencyBuckets,
		}, []string{"result"}),
		reindexSecs: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Namespace: Namespace, Name: "reindex_duration_seconds",
			Help:    "Duration of a reindex, by result (ok, error, running).",
			Buckets: []float64{.1, .25, .5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600},
		}, []string{"result"}),
		restErrors: prometheus.NewCounterVec(prometheus.CounterOpts{
			Namespace: Namespace, Name: "discord_rest_errors_total",
			Help: "Discord REST responses that were not 2xx, by status (0: no response).",
		}, []string{"status"}),
		rateLimited: prometheus.NewCounter(prometheus.CounterOpts{
			Namespace: Namespace, Name: "rate_limited_total",
			Help: "Questions refused because the user asked too fast.",
		}),
		storeErrors: prometheus.NewCounterVec(prometheus.CounterOpts{
			Namespace: Namespace, Name: "store_errors_total",
			Help: "Calls to the store (question log, feedback, rate limit, replicas) that failed, by operation; answers still go out.",
		}, []string{"op"}),
		storeUp: prometheus.NewGauge(prometheus.GaugeOpts{
			Namespace: Namespace, Name: "store_up",
			Help: "1 when the last call to the store succeeded, 0 when it failed.",
		}),
		limitFallback: prometheus.NewCounter(prometheus.CounterOpts{
			Namespace: Namespace, Name: "rate_limit_fallbacks_total",
			Help: "Rate-limit decisions taken by this replica alone because the shared limit could not be reached.",
		}),
		generation: prometheus.NewGauge(prometheus.GaugeOpts{
			Namespace: Namespace, Name: "index_generation",
			Help: "The index generation this replica serves (0: none recorded).",
		}),
	}
	m.reg.MustRegister(
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
		m.questions, m.ungrounded, m.fallbacks, m.unverified, m.answerSecs, m.retrieval, m.llm,
		m.reindexSecs, m.restErrors, m.rateLimited, m.storeErrors, m.storeUp, m.limitFallback, m.generation,
	)
	return m
}

// Handler serves the metrics in the Prometheus exposition format.
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{Registry: m.reg})
}

// ObserveQuestion counts one answered question.
func (m *Metrics) ObserveQuestion(q Question) {
	mode := q.Mode
	if mode == "" {
		mode = "unknown"
	}
	m.questions.WithLabelValues(mode).Inc()
	if !q.Grounded {
		m.ungrounded.Inc()
	}
	if q.Fallback != "" {
		m.fallbacks.WithLabelValues(q.Fallback).Inc()
	}
	if q.UnverifiedQuotes > 0 {
		m.unverified.Add(float64(q.UnverifiedQuotes))
	}
	m.answerSecs.WithLabelValues(mode).Observe(q.Latency.Seconds())
}

// ObserveRetrieval records the duration of one index search.
func (m *Metrics) ObserveRetrieval(d time.Duration) { m.retrieval.Observe(d.Seconds()) }

// ObserveLLM records the duration of one LLM call and whether it failed.
func (m *Metrics) ObserveLLM(d time.Duration, err error) {
	m.llm.WithLabelValues(result(err)).Observe(d.Seconds())
}

// ObserveReindex records a reindex: its duration and result, "ok",
// "error", or "running" when another was under way.
func (m *Metrics) ObserveReindex(d time.Duration, result string) {
	m.reindexSecs.WithLabelValues(result).Observe(d.Seconds())
}

// ObserveRESTStatus counts a Discord REST response whose status is not
// 2xx; 2xx statuses are ignored, 0 stands for no response at all.
func (m *Metrics) ObserveRESTStatus(status int) {
	if status >= 200 && status < 300 {
		return
	}
	m.restErrors.WithLabelValues(strconv.Itoa(status)).Inc()
}

// ObserveRateLimited counts a question refused by the rate limit.
func (m *Metrics) ObserveRateLimited() { m.rateLimited.Inc() }

// ObserveStore records the result of one call to the store: op names it
// ("record_question", "rate_limit", ...); a non-nil err counts as a
// failure. store_up follows the last call.
func (m *Metrics) ObserveStore(op string, err error) {
	if err != nil {
		m.storeErrors.WithLabelValues(op).Inc()
		m.storeUp.Set(0)
		return
	}
	m.storeUp.Set(1)
}

// ObserveRateLimitFallback counts a rate-limit decision taken locally
// because the shared limit failed.
func (m *Metrics) ObserveRateLimitFallback() { m.limitFallback.Inc() }

// SetGeneration sets the index generation this replica serves.
func (m *Metrics) SetGeneration(id int64) { m.generation.Set(float64(id)) }

func result(err error) string {
	if err != nil {
		return "error"
	}
	return "ok"
}

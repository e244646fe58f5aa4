package metrics_test

import (
	"fmt"
	"io"
	"net/http/httptest"
	"strings"
	"time"

	"charterbot/metrics"
)

func ExampleMetrics() {
	m := metrics.New()
	m.ObserveQuestion(metrics.Question{Mode: "extractive", Grounded: true, Latency: 20 * time.Millisecond})

	rec := httptest.NewRecorder()
	m.Handler().ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
	body, _ := io.ReadAll(rec.Body)
	for _, line := range strings.Split(string(body), "\n") {
		if strings.HasPrefix(line, "charterbot_questions_total") {
			fmt.Println(line)
		}
	}
	// Output:
	// charterbot_questions_total{mode="extractive"} 1
}

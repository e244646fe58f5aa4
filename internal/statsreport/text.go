// Package statsreport renders the question log's summary (store.Stats)
// the one way charterbot shows it: as text (the `charterbot stats` output,
// also the body of Discord's /stats) and as a PNG chart of the questions
// per day by answer tier and the top uncovered topics.
package statsreport

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"
	"unicode/utf8"

	"charterbot/store"
)

// WriteText writes st, summed up over the last days, for a person to read:
// totals, a bar per day, modes, fallbacks, latency, feedback and the
// coverage gaps. User text (the gap questions) is written as stored:
// callers that show it where markup is read escape it.
func WriteText(w io.Writer, st store.Stats, days int) {
	fmt.Fprintf(w, "Questions over the last %d days (since %s UTC): %d", days, st.Since.Format(time.DateOnly), st.Questions)
	if st.Questions == 0 {
		fmt.Fprintln(w)
		return
	}
	fmt.Fprintf(w, " from %d users, %d answered from the sources (%s)\n", st.Users, st.Grounded, Percent(st.Grounded, st.Questions))

	fmt.Fprintln(w, "\nPer day (answered / closest provisions / not covered):")
	peak := 0
	for _, d := range st.PerDay {
		peak = max(peak, d.Questions)
	}
	for _, d := range st.PerDay {
		bar := ""
		if peak > 0 {
			bar = strings.Repeat("#", (d.Questions*40+peak-1)/peak)
		}
		split := ""
		if d.Questions > 0 {
			split = fmt.Sprintf("%d/%d/%d ", d.Grounded, d.Related, NotCovered(d))
		}
		fmt.Fprintln(w, strings.TrimRight(fmt.Sprintf("  %s %5d  %-9s%s", d.Day, d.Questions, split, bar), " "))
	}

	fmt.Fprintf(w, "\nAnswer modes: %s\n", JoinCounts(st.Modes))
	fmt.Fprintf(w, "LLM fallbacks: %d (%.1f%%)", st.Fallbacks, 100*st.FallbackRate)
	if st.Fallbacks > 0 {
		fmt.Fprintf(w, ": %s", JoinCounts(st.FallbackReasons))
	}
	fmt.Fprintln(w)
	if st.UnverifiedQuotes > 0 {
		fmt.Fprintf(w, "LLM quotes not found in the sources (not shown): %d\n", st.UnverifiedQuotes)
	}
	fmt.Fprintf(w, "Latency: p50 %v, p95 %v\n", st.LatencyP50.Round(time.Millisecond), st.LatencyP95.Round(time.Millisecond))
	votes := st.Feedback.Helpful + st.Feedback.NotHelpful
	fmt.Fprintf(w, "Feedback: %d helpful, %d not helpful", st.Feedback.Helpful, st.Feedback.NotHelpful)
	if votes > 0 {
		fmt.Fprintf(w, " (%s helpful)", Percent(st.Feedback.Helpful, votes))
	}
	fmt.Fprintln(w)

	if len(st.Gaps) == 0 {
		fmt.Fprintln(w, "\nEvery question was answered from the sources.")
		return
	}
	fmt.Fprintln(w, "\nQuestions the sources could not answer: add sources for these")
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "asked\tusers\tlast asked\t")
	for _, g := range st.Gaps {
		fmt.Fprintf(tw, "%d\t%d\t%s\t  %s\n", g.Count, g.Users, g.LastAsked.Format(time.DateOnly), Clip(oneLine(g.Question), 100))
	}
	tw.Flush()
}

// NotCovered is the day's questions the sources did not cover.
func NotCovered(d store.DayCount) int { return max(d.Questions-d.Grounded-d.Related, 0) }

// Percent is n of all as a whole percentage, "0%" when all is 0.
func Percent(n, all int) string {
	if all == 0 {
		return "0%"
	}
	return fmt.Sprintf("%.0f%%", 100*float64(n)/float64(all))
}

// JoinCounts renders a tally as "a 3, b 2", most first.
func JoinCounts(m map[string]int) string {
	var parts []string
	for _, c := range store.Ranked(m) {
		name := c.Key
		if name == "" {
			name = "(none)"
		}
		parts = append(parts, fmt.Sprintf("%s %d", name, c.N))
	}
	if len(parts) == 0 {
		return "none"
	}
	return strings.Join(parts, ", ")
}

// Clip shortens s to at most n characters, ending with "…" when cut.
func Clip(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:max(n-1, 0)]) + "…"
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// Package store is what charterbot keeps: the question log (each question
// the bot was asked, with what it did) and the feedback its answers got,
// summed up by Stats: questions per day, answer modes, how often the LLM
// fell back, and the coverage gaps (the questions the sources could not
// answer, which say what sources to add).
//
// This package holds the data types, the user-hash key and the helpers
// every store shares, and links no database driver, so that the bot can
// use the types; package store/sqlite keeps them in SQLite. No store holds
// a raw Discord user ID: callers pass HashUser's keyed hash.
package store

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"sort"
	"strings"
	"time"
	"unicode"
)

// FileName is the log's file name in the data directory.
const FileName = "history.db"

// DefaultRetention is how long entries are kept when Options.Retention is 0.
const DefaultRetention = 90 * 24 * time.Hour

// MaxGaps is the number of coverage gaps Stats returns.
const MaxGaps = 20

// ErrRawUserID is returned when an entry's user hash looks like a raw
// Discord user ID (a snowflake: digits only) instead of a HashUser value.
var ErrRawUserID = errors.New("store: user hash looks like a raw user ID; pass HashUser(key, id)")

// Entry is one question and what the bot did with it.
type Entry struct {
	// Time the question was asked; zero means now, by the Log's clock.
	Time time.Time
	// UserHash identifies the asker without naming them: HashUser(key, id).
	UserHash string
	// Guild is the Discord server's ID, "" in DMs and on the command line.
	Guild    string
	Question string
	// Mode is the answer's mode: "article", "extractive", "outline", "llm".
	Mode string
	// Grounded is false when the sources did not answer the question.
	Grounded bool
	// Fallback is why the LLM answer was not used, "" when it was or when
	// there is no LLM.
	Fallback         string
	UnverifiedQuotes int
	Latency          time.Duration
	// AnswerID links feedback to this answer; may be "".
	AnswerID string
	// Status is the answer's tier: "answered", "related" or
	// "not_covered"; "" (entries from before tiers) counts by Grounded.
	Status string
	// Standalone is the question that was searched when Question was a
	// follow-up (see answer.Standalone); "" or Question otherwise.
	Standalone string
}

// Stats sums up the log from a point in time on. Days are UTC dates.
type Stats struct {
	Since     time.Time `json:"since"`
	Until     time.Time `json:"until"`
	Questions int       `json:"questions"`
	Grounded  int       `json:"grounded"`
	// Users is the number of distinct askers.
	Users  int        `json:"users"`
	PerDay []DayCount `json:"per_day"`
	// Modes counts the questions per answer mode.
	Modes map[string]int `json:"modes"`
	// Fallbacks counts the answers where the LLM failed and the text
	// answered instead; FallbackRate is Fallbacks / Questions (0 with no
	// question). FallbackReasons counts them per reason.
	Fallbacks        int            `json:"fallbacks"`
	FallbackRate     float64        `json:"fallback_rate"`
	FallbackReasons  map[string]int `json:"fallback_reasons"`
	UnverifiedQuotes int            `json:"unverified_quotes"`
	LatencyP50       time.Duration  `json:"-"` // latency_p50_ms in JSON
	LatencyP95       time.Duration  `json:"-"` // latency_p95_ms in JSON
	Feedback         Feedback       `json:"feedback"`
	// Gaps are the most frequent questions the sources could not answer,
	// normalised (see Normalize), most asked first, at most MaxGaps.
	Gaps []Gap `json:"gaps"`
}

// DayCount is the number of questions asked on one UTC day.
type DayCount struct {
	Day       string `json:"day"` // 2006-01-02
	Questions int    `json:"questions"`
	Grounded  int    `json:"grounded"`
	// Related counts the answers that quoted the closest provisions
	// (tier "related"); the rest, Questions - Grounded - Related, were
	// not covered by the sources.
	Related int `json:"related"`
}

// Feedback counts the votes on answers.
type Feedback struct {
	Helpful    int `json:"helpful"`
	NotHelpful int `json:"not_helpful"`
}

// Gap is a question, normalised, that the sources could not answer.
type Gap struct {
	Question  string    `json:"question"`
	Count     int       `json:"count"`
	Users     int       `json:"users"`
	LastAsked time.Time `json:"last_asked"`
}

// MarshalJSON gives the latencies in milliseconds, the unit in their names
// (latency_p50_ms), as every JSON charterbot prints.
func (s Stats) MarshalJSON() ([]byte, error) {
	type plain Stats
	ms := func(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
	return json.Marshal(struct {
		plain
		LatencyP50 float64 `json:"latency_p50_ms"`
		LatencyP95 float64 `json:"latency_p95_ms"`
	}{plain(s), ms(s.LatencyP50), ms(s.LatencyP95)})
}

// HashUser returns the keyed hash (HMAC-SHA256, 128 bits in hex) of a user
// ID to store in the log instead of the ID. key is a secret the operator
// keeps; without it the hashes cannot be tied back to users by hashing
// every possible ID.
func HashUser(key []byte, userID string) string {
	m := hmac.New(sha256.New, key)
	m.Write([]byte(userID))
	return hex.EncodeToString(m.Sum(nil)[:16])
}

// Normalize is the form questions are grouped by in coverage gaps: lower
// case, runs of white space folded to one space, typographic apostrophes
// made plain, and trailing punctuation and space ("?", " ?", "!", ".")
// dropped.
func Normalize(q string) string {
	q = strings.ToLower(strings.Join(strings.Fields(q), " "))
	q = strings.NewReplacer("’", "'", "ʼ", "'").Replace(q)
	return strings.TrimRightFunc(q, func(r rune) bool {
		return unicode.IsSpace(r) || strings.ContainsRune("?!.…;:", r)
	})
}

// LooksRaw reports whether s is all digits, as a Discord snowflake is.
func LooksRaw(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// Count is one entry of a tally such as Stats.Modes.
type Count struct {
	Key string
	N   int
}

// Ranked returns the entries of a tally most frequent first, ties in key
// order: the order reports show them in.
func Ranked(m map[string]int) []Count {
	out := make([]Count, 0, len(m))
	for k, n := range m {
		out = append(out, Count{k, n})
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].N != out[j].N {
			return out[i].N > out[j].N
		}
		return out[i].Key < out[j].Key
	})
	return out
}

// DaysFrom lists the UTC days from start's to end's, each with its counts
// from counts (keyed by day, 2006-01-02) or zero: Stats.PerDay, days
// without questions included. A zero start gives none.
func DaysFrom(start, end time.Time, counts map[string]DayCount) []DayCount {
	out := []DayCount{}
	if start.IsZero() {
		return out
	}
	day := func(t time.Time) time.Time {
		y, m, d := t.UTC().Date()
		return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	}
	for d := day(start); !d.After(day(end)); d = d.AddDate(0, 0, 1) {
		key := d.Format(time.DateOnly)
		dc, ok := counts[key]
		if !ok {
			dc = DayCount{Day: key}
		}
		out = append(out, dc)
	}
	return out
}

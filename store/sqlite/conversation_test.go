package sqlite

import (
	"context"
	"database/sql"
	"path/filepath"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"charterbot/store"
	"charterbot/store/storetest"
)

func TestConversations(t *testing.T) {
	clock := storetest.NewClock(time.Time{})
	storetest.RunConversations(t, clock, func(t *testing.T) storetest.ConversationStore {
		l, _ := openLog(t, Options{Clock: clock.Now})
		return l
	})
}

// TestMigrateFromQuestionLogOnly opens a log written before conversations
// (schema version 1): its questions stay, count by Grounded, and turns and
// settings work.
func TestMigrateFromQuestionLogOnly(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "history.db")
	db, err := sql.Open("sqlite", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{migrations[0], "PRAGMA user_version = 1",
		`INSERT INTO questions (ts, user_hash, guild, question, norm, mode, grounded, fallback, unverified, latency_us, answer_id)
		 VALUES (1773133200000, 'u1', '', 'Old?', 'old', 'extractive', 1, '', 0, 5, '')`} {
		if _, err := db.Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	db.Close()

	clock := storetest.NewClock(time.Date(2026, 3, 10, 12, 0, 0, 0, time.UTC))
	l, err := Open(ctx, path, Options{Clock: clock.Now})
	if err != nil {
		t.Fatalf("Open a version 1 log: %v", err)
	}
	defer l.Close()
	day := time.Date(2026, 3, 10, 0, 0, 0, 0, time.UTC)
	for _, e := range []store.Entry{
		{UserHash: "u2", Question: "Closest?", Mode: "extractive", Status: "related", Standalone: "Closest? (Article 6)"},
		{UserHash: "u2", Question: "Nothing?", Mode: "extractive", Status: "not_covered"},
	} {
		if err := l.RecordQuestion(ctx, e); err != nil {
			t.Fatal(err)
		}
	}
	st, err := l.Stats(ctx, day)
	if err != nil {
		t.Fatal(err)
	}
	want := []store.DayCount{{Day: "2026-03-10", Questions: 3, Grounded: 1, Related: 1}}
	if diff := cmp.Diff(want, st.PerDay); diff != "" {
		t.Errorf("per day (-want +got):\n%s", diff)
	}
	if err := l.AddTurn(ctx, store.Turn{Conversation: "c", UserHash: "u1", Question: "q"}); err != nil {
		t.Errorf("AddTurn after the migration: %v", err)
	}
}

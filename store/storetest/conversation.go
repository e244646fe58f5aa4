// The conversation and server-settings cases of the conformance suite.

package storetest

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"charterbot/store"
)

// ConversationStore is what a store keeps of conversations and server
// settings.
type ConversationStore interface {
	AddTurn(ctx context.Context, t store.Turn) error
	Turns(ctx context.Context, conversation string) ([]store.Turn, error)
	ForgetTurns(ctx context.Context, conversation, userHash string) (int, error)
	GuildSettings(ctx context.Context, guild string) (store.GuildSettings, bool, error)
	SetGuildSettings(ctx context.Context, s store.GuildSettings) error
	Purge(ctx context.Context) (int, error)
}

// RunConversations checks the turn and settings methods. open returns a
// fresh, empty store that reads the time from clock (which the cases
// move) and keeps turns for store.DefaultTurnRetention; it is called once
// per subtest.
func RunConversations(t *testing.T, clock interface {
	Now() time.Time
	Set(time.Time)
}, open func(t *testing.T) ConversationStore) {
	ctx := context.Background()
	t0 := time.Date(2026, time.March, 10, 9, 0, 0, 0, time.UTC)
	turn := func(conv, user string, n int, at time.Time) store.Turn {
		return store.Turn{Conversation: conv, Time: at, UserHash: user,
			Question: fmt.Sprintf("question %d", n), Standalone: fmt.Sprintf("standalone %d", n),
			Status: "answered", Articles: []string{fmt.Sprintf("charter#Article %d", n)}, AnswerID: fmt.Sprintf("a%d", n)}
	}
	add := func(t *testing.T, s ConversationStore, tt store.Turn) {
		t.Helper()
		if err := s.AddTurn(ctx, tt); err != nil {
			t.Fatalf("AddTurn(%q): %v", tt.Question, err)
		}
	}
	turns := func(t *testing.T, s ConversationStore, conv string) []store.Turn {
		t.Helper()
		got, err := s.Turns(ctx, conv)
		if err != nil {
			t.Fatalf("Turns(%q): %v", conv, err)
		}
		return got
	}
	times := cmp.Comparer(func(a, b time.Time) bool { return a.Equal(b) })

	t.Run("turns come back oldest first, in their conversation only", func(t *testing.T) {
		clock.Set(t0)
		s := open(t)
		want := []store.Turn{turn("thread:1", "u1", 1, t0), turn("thread:1", "u2", 2, t0.Add(time.Minute))}
		want[1].Articles = nil // no article cited
		add(t, s, want[0])
		add(t, s, turn("thread:2", "u1", 9, t0))
		add(t, s, want[1])
		if diff := cmp.Diff(want, turns(t, s, "thread:1"), times, cmpopts.EquateEmpty()); diff != "" {
			t.Errorf("Turns(thread:1) mismatch (-want +got):\n%s", diff)
		}
		if got := turns(t, s, "thread:none"); len(got) != 0 {
			t.Errorf("Turns of an unknown conversation = %d turns; want none", len(got))
		}
	})

	t.Run("a conversation keeps its last MaxTurns turns", func(t *testing.T) {
		clock.Set(t0)
		s := open(t)
		for n := 1; n <= store.MaxTurns+5; n++ {
			add(t, s, turn("c", "u1", n, t0.Add(time.Duration(n)*time.Second)))
		}
		got := turns(t, s, "c")
		if len(got) != store.MaxTurns {
			t.Fatalf("%d turns kept; want %d", len(got), store.MaxTurns)
		}
		if got[0].Question != "question 6" || got[len(got)-1].Question != fmt.Sprintf("question %d", store.MaxTurns+5) {
			t.Errorf("kept turns %q .. %q; want question 6 .. question %d", got[0].Question, got[len(got)-1].Question, store.MaxTurns+5)
		}
	})

	t.Run("zero time is now by the store's clock", func(t *testing.T) {
		clock.Set(t0)
		s := open(t)
		add(t, s, turn("c", "u1", 1, time.Time{}))
		if got := turns(t, s, "c"); len(got) != 1 || !got[0].Time.Equal(t0) {
			t.Errorf("Turns = %+v; want one turn at %v", got, t0)
		}
	})

	t.Run("turns expire after the retention, also before a purge", func(t *testing.T) {
		clock.Set(t0)
		s := open(t)
		add(t, s, turn("c", "u1", 1, t0))
		add(t, s, turn("c", "u1", 2, t0.Add(2*24*time.Hour)))
		clock.Set(t0.Add(store.DefaultTurnRetention + time.Hour))
		got := turns(t, s, "c")
		if len(got) != 1 || got[0].Question != "question 2" {
			t.Errorf("after 7 days: %d turns (%+v); want only question 2", len(got), got)
		}
		n, err := s.Purge(ctx)
		if err != nil {
			t.Fatalf("Purge: %v", err)
		}
		if n < 1 {
			t.Errorf("Purge removed %d rows; want the expired turn at least", n)
		}
		if got := turns(t, s, "c"); len(got) != 1 {
			t.Errorf("after Purge: %d turns; want 1", len(got))
		}
	})

	t.Run("forget removes one user's turns", func(t *testing.T) {
		clock.Set(t0)
		s := open(t)
		add(t, s, turn("c1", "u1", 1, t0))
		add(t, s, turn("c1", "u2", 2, t0))
		add(t, s, turn("c2", "u1", 3, t0))
		add(t, s, turn("c3", "u1", 4, t0))
		if n, err := s.ForgetTurns(ctx, "c1", "u1"); err != nil || n != 1 {
			t.Errorf("ForgetTurns(c1, u1) = %d, %v; want 1, nil", n, err)
		}
		if got := turns(t, s, "c1"); len(got) != 1 || got[0].UserHash != "u2" {
			t.Errorf("c1 after forget: %+v; want u2's turn only", got)
		}
		if n, err := s.ForgetTurns(ctx, "", "u1"); err != nil || n != 2 {
			t.Errorf("ForgetTurns(all, u1) = %d, %v; want 2, nil", n, err)
		}
		if got := turns(t, s, "c2"); len(got) != 0 {
			t.Errorf("c2 after forgetting all of u1's turns: %d turns; want 0", len(got))
		}
	})

	t.Run("bad turns are refused", func(t *testing.T) {
		s := open(t)
		raw := turn("c", "123456789012345678", 1, t0)
		if err := s.AddTurn(ctx, raw); !errors.Is(err, store.ErrRawUserID) {
			t.Errorf("AddTurn with a raw user ID: %v; want store.ErrRawUserID", err)
		}
		if err := s.AddTurn(ctx, turn("", "u1", 1, t0)); err == nil {
			t.Errorf("AddTurn without a conversation: nil error")
		}
		if _, err := s.ForgetTurns(ctx, "", "123456789012345678"); !errors.Is(err, store.ErrRawUserID) {
			t.Errorf("ForgetTurns with a raw user ID: %v; want store.ErrRawUserID", err)
		}
	})

	t.Run("guild settings round-trip and replace", func(t *testing.T) {
		clock.Set(t0)
		s := open(t)
		if _, ok, err := s.GuildSettings(ctx, "g1"); ok || err != nil {
			t.Fatalf("GuildSettings of a new guild: ok=%v err=%v; want false, nil", ok, err)
		}
		want := store.GuildSettings{Guild: "g1", Channels: []string{"c1", "c2"}, PrivateElsewhere: true, Language: "fr", UpdatedAt: t0}
		if err := s.SetGuildSettings(ctx, want); err != nil {
			t.Fatal(err)
		}
		got, ok, err := s.GuildSettings(ctx, "g1")
		if !ok || err != nil {
			t.Fatalf("GuildSettings: ok=%v err=%v", ok, err)
		}
		if diff := cmp.Diff(want, got, times); diff != "" {
			t.Errorf("settings mismatch (-want +got):\n%s", diff)
		}
		clock.Set(t0.Add(time.Hour))
		want = store.GuildSettings{Guild: "g1", UpdatedAt: t0.Add(time.Hour)}
		if err := s.SetGuildSettings(ctx, store.GuildSettings{Guild: "g1"}); err != nil {
			t.Fatal(err)
		}
		got, _, _ = s.GuildSettings(ctx, "g1")
		if diff := cmp.Diff(want, got, times, cmpopts.EquateEmpty()); diff != "" {
			t.Errorf("replaced settings mismatch (-want +got):\n%s", diff)
		}
		if _, ok, _ := s.GuildSettings(ctx, "g2"); ok {
			t.Errorf("another guild has settings")
		}
	})
}

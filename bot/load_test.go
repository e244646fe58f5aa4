package bot

import (
	"context"
	"fmt"
	"net/http"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"charterbot/bot/discordtest"
	"charterbot/store"
)

// TestConversationLoad sends 200 interactions to the HTTP endpoint, 20 at
// a time: 100 new questions in a channel and 100 follow-ups, 5 in each of
// 20 threads. Every one must be acknowledged within Discord's 3 s and
// answered, and every turn must land in its own conversation.
func TestConversationLoad(t *testing.T) {
	for _, mode := range []string{"http", "gateway"} {
		t.Run(mode, func(t *testing.T) { conversationLoad(t, mode) })
	}
}

// loadJob is one interaction of the load test and where its turn belongs.
type loadJob struct {
	i       discordtest.Interaction
	conv    string // the conversation the turn must land in
	marker  string
	article int
}

func conversationLoad(t *testing.T, mode string) {
	const (
		total, concurrent, threads = 200, 20, 20
	)
	ix := testIndex(t)
	cs := openConversations(t, filepath.Join(t.TempDir(), store.FileName))
	opts := Options{Conversations: cs, RateLimit: RateLimit{Rate: -1}}
	var (
		srv  *discordtest.Server
		send func(n int, j loadJob) time.Duration // returns the time to the acknowledgement
	)
	if mode == "http" {
		rig := startHTTPToken(t, ix, nil, opts, "test-token")
		srv = rig.srv
		client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: concurrent}}
		send = func(n int, j loadJob) time.Duration {
			t0 := time.Now()
			status, body := rig.postSigned(t, client, j.i)
			if status != 200 || !strings.Contains(string(body), `"type":5`) {
				t.Errorf("interaction %d: status %d %s; want a deferral", n, status, body)
			}
			return time.Since(t0)
		}
	} else {
		rig := startGateway(t, ix, nil, nil, opts)
		srv = rig.srv
		send = func(n int, j loadJob) time.Duration {
			t0 := time.Now()
			if err := srv.DispatchInteraction(j.i); err != nil {
				t.Errorf("dispatch %d: %v", n, err)
				return 0
			}
			// The fake refuses (and reports) a callback later than 3 s.
			c, err := srv.WaitFor(waitCtx(t), func(c discordtest.Call) bool {
				return c.Route == routeCallback && c.Params["interaction_token"] == j.i.Token()
			})
			if err != nil || c.Status != http.StatusNoContent {
				t.Errorf("interaction %d: callback %d, %v", n, c.Status, err)
			}
			return c.Time.Sub(t0)
		}
	}

	var jobs []loadJob
	for n := range total {
		article := n%30 + 1
		if article == 12 {
			article = 11 // "12 bis" exists too; keep the expectation simple
		}
		marker := fmt.Sprintf("q%03d", n)
		if n%2 == 0 {
			// A new question in the channel.
			q := fmt.Sprintf("What does Article %d say? %s", article, marker)
			i := srv.SlashCommand("ask", map[string]any{"question": q}, discordtest.Actor{UserID: fmt.Sprintf("30000000000000%05d", n)})
			jobs = append(jobs, loadJob{i: i, conv: "conv:" + i.ID(), marker: marker, article: article})
			continue
		}
		k := (n / 2) % threads
		thread := fmt.Sprintf("70000000000000000%02d", k)
		article = k + 1
		if article == 12 {
			article = 13
		}
		q := fmt.Sprintf("and article %d? %s", article, marker)
		i := srv.SlashCommand("ask", map[string]any{"question": q},
			discordtest.Actor{UserID: fmt.Sprintf("31000000000000%05d", n), ChannelID: thread, Thread: true})
		jobs = append(jobs, loadJob{i: i, conv: "thread:" + thread, marker: marker, article: article})
	}

	acks := make([]time.Duration, len(jobs))
	var wg sync.WaitGroup
	sem := make(chan struct{}, concurrent)
	start := time.Now()
	for n, j := range jobs {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			acks[n] = send(n, j)
		}()
	}
	wg.Wait()
	acked := time.Since(start)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	for _, j := range jobs {
		if _, err := srv.WaitFor(ctx, func(c discordtest.Call) bool {
			return c.Method == "PATCH" && c.Route == routeOriginal && c.Params["webhook_token"] == j.i.Token()
		}); err != nil {
			t.Fatalf("%s not answered: %v", j.marker, err)
		}
	}
	answered := time.Since(start)

	for _, j := range jobs {
		m, _ := srv.Original(j.i.Token())
		if want := fmt.Sprintf("Article %d", j.article); !strings.Contains(embedText(m), want) {
			t.Errorf("%s: the answer does not cite %s:\n%s", j.marker, want, embedText(m))
		}
	}
	byConv := map[string][]string{}
	for _, j := range jobs {
		byConv[j.conv] = append(byConv[j.conv], j.marker)
	}
	for conv, markers := range byConv {
		var got []string
		for _, tu := range turnsOf(t, cs, conv) {
			got = append(got, tu.Question[strings.LastIndex(tu.Question, " ")+1:])
		}
		slices.Sort(got)
		slices.Sort(markers)
		if !slices.Equal(got, markers) {
			t.Errorf("conversation %s holds turns %v; want %v", conv, got, markers)
		}
	}
	if len(byConv) != total/2+threads {
		t.Errorf("%d conversations; want %d", len(byConv), total/2+threads)
	}

	slices.Sort(acks)
	p50, p99, worst := acks[len(acks)/2], acks[len(acks)*99/100], acks[len(acks)-1]
	if worst > 3*time.Second {
		t.Errorf("slowest acknowledgement took %v; Discord allows 3 s", worst)
	}
	t.Logf("%s: %d interactions, %d at a time: all acknowledged in %v (ack p50 %v, p99 %v, max %v), all answered in %v; %d conversations checked",
		mode, total, concurrent, acked.Round(time.Millisecond), p50.Round(time.Microsecond), p99.Round(time.Microsecond),
		worst.Round(time.Microsecond), answered.Round(time.Millisecond), len(byConv))
}

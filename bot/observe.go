package bot

import (
	"context"
	"time"

	"charterbot/answer"
)

// Question is one answered question, as Options.OnQuestion and the
// Store receive it.
type Question struct {
	// Command is how it was asked: "ask", "article" or "message" (a
	// mention or a direct message).
	Command string
	// UserID is the asker's raw Discord ID: hash it before storing it
	// (store.HashUser).
	UserID string
	// GuildID is the server, "" in direct messages.
	GuildID  string
	Question string
	// AnswerID is the key the answer's feedback buttons carry: a Vote on
	// this answer has the same AnswerID.
	AnswerID         string
	Mode             answer.Mode
	Grounded         bool
	Fallback         string
	UnverifiedQuotes int
	// Latency is the time the answer took, from the question to the
	// answer being ready (before it is posted).
	Latency time.Duration
	// Status is the answer's tier.
	Status answer.Status
	// Standalone is the question that was searched: Question with what
	// the conversation's earlier turns fixed carried over (Question
	// itself for a first question). Condensed says how it was made:
	// "none", "rules", "llm" or "rules: " and why the LLM's was refused.
	Standalone, Condensed string
}

// Vote is a click on an answer's feedback buttons.
type Vote struct {
	AnswerID string
	// UserID is the voter's raw Discord ID: hash it before storing it.
	UserID  string
	GuildID string
	Helpful bool
}

// answered logs one line for an answered question, records it in the
// Store, then reports it to OnQuestion. The line holds no user ID and no question text: those go
// to the question log only, with the user hashed.
func (b *Bot) answered(ctx context.Context, q Question) {
	attrs := []any{"command", q.Command, "mode", string(q.Mode), "grounded", q.Grounded,
		"latency", q.Latency.Round(time.Microsecond), "answer", q.AnswerID}
	if q.Fallback != "" {
		attrs = append(attrs, "fallback", q.Fallback)
	}
	if q.UnverifiedQuotes > 0 {
		attrs = append(attrs, "unverified_quotes", q.UnverifiedQuotes)
	}
	if q.Condensed != "" && q.Condensed != "none" {
		// A follow-up: how its standalone question was made (the text
		// goes to the question log only, like the question's).
		attrs = append(attrs, "follow_up", q.Condensed)
	}
	b.log.Info("question", attrs...)
	// Recorded first: a question reported to OnQuestion is in /stats.
	if b.opts.Store != nil {
		if err := b.opts.Store.RecordQuestion(ctx, q); err != nil {
			b.log.Warn("record question failed", "answer", q.AnswerID, "err", err)
		}
	}
	if b.opts.OnQuestion != nil {
		b.opts.OnQuestion(ctx, q)
	}
}

// questionOf fills a Question from an answer.
func questionOf(command, userID, guildID, q, key string, a answer.Answer, latency time.Duration) Question {
	return Question{
		Command: command, UserID: userID, GuildID: guildID, Question: q, AnswerID: key,
		Mode: a.Mode, Grounded: a.Grounded, Fallback: a.Fallback, UnverifiedQuotes: a.UnverifiedQuotes,
		Latency: latency, Status: a.Status, Standalone: q, Condensed: "none",
	}
}

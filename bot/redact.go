package bot

import (
	"context"
	"fmt"
	"log/slog"
	"regexp"
)

// tokenInPath matches the secret segment of Discord's interaction URLs:
// the token in /webhooks/{application}/{token}... and in
// /interactions/{id}/{token}/callback.
var tokenInPath = regexp.MustCompile(`(/(?:webhooks|interactions)/[^/\s"'\\]+/)[^/\s"'\\?#]+`)

// RedactTokens replaces the interaction tokens in the Discord URLs within s
// with "REDACTED". A URL with its token can act on the interaction
// (edit the answer, post follow-ups) for 15 minutes: it never goes to a
// log.
func RedactTokens(s string) string {
	return tokenInPath.ReplaceAllString(s, "${1}REDACTED")
}

// redactHandler is a slog.Handler that passes records on to next with
// interaction tokens taken out of the message and of every string, error
// and Stringer value (see RedactTokens).
type redactHandler struct{ next slog.Handler }

func (h redactHandler) Enabled(ctx context.Context, l slog.Level) bool { return h.next.Enabled(ctx, l) }

func (h redactHandler) Handle(ctx context.Context, r slog.Record) error {
	out := slog.NewRecord(r.Time, r.Level, RedactTokens(r.Message), r.PC)
	r.Attrs(func(a slog.Attr) bool {
		out.AddAttrs(redactAttr(a))
		return true
	})
	return h.next.Handle(ctx, out)
}

func (h redactHandler) WithAttrs(attrs []slog.Attr) slog.Handler {
	out := make([]slog.Attr, len(attrs))
	for i, a := range attrs {
		out[i] = redactAttr(a)
	}
	return redactHandler{h.next.WithAttrs(out)}
}

func (h redactHandler) WithGroup(name string) slog.Handler {
	return redactHandler{h.next.WithGroup(name)}
}

func redactAttr(a slog.Attr) slog.Attr {
	v := a.Value.Resolve()
	switch v.Kind() {
	case slog.KindString:
		return slog.String(a.Key, RedactTokens(v.String()))
	case slog.KindGroup:
		g := v.Group()
		out := make([]slog.Attr, len(g))
		for i, ga := range g {
			out[i] = redactAttr(ga)
		}
		return slog.Attr{Key: a.Key, Value: slog.GroupValue(out...)}
	case slog.KindAny:
		switch x := v.Any().(type) {
		case error:
			return slog.String(a.Key, RedactTokens(x.Error()))
		case fmt.Stringer:
			return slog.String(a.Key, RedactTokens(x.String()))
		}
	}
	return slog.Attr{Key: a.Key, Value: v}
}

package bot

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/bwmarrin/discordgo"
)

// RewriteTransport returns a RoundTripper that sends every request to base's
// scheme and host (and port), keeping the path and query: with base
// http://rest-proxy:8080, https://discord.com/api/v10/x goes to
// http://rest-proxy:8080/api/v10/x. discordgo computes its endpoint URLs
// once, at init, so this is how a Session reaches a REST proxy that shares
// rate limits across shards, or a fake Discord in tests. next nil means
// http.DefaultTransport. The caller's request is not modified.
func RewriteTransport(base *url.URL, next http.RoundTripper) http.RoundTripper {
	if next == nil {
		next = http.DefaultTransport
	}
	return &rewriteTransport{base: base, next: next}
}

type rewriteTransport struct {
	base *url.URL
	next http.RoundTripper
}

func (rt *rewriteTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	if rt.base == nil || rt.base.Scheme == "" || rt.base.Host == "" {
		if r.Body != nil {
			r.Body.Close()
		}
		return nil, errors.New("rewrite transport: base URL has no scheme or host")
	}
	out := r.Clone(r.Context())
	out.URL.Scheme = rt.base.Scheme
	out.URL.Host = rt.base.Host
	out.Host = rt.base.Host
	return rt.next.RoundTrip(out)
}

// ObserveTransport returns a RoundTripper that passes requests to next
// (nil: http.DefaultTransport) and reports the status of every response to
// observe, 0 when there was no response (a network error). With it on a
// Session's client, metrics can count Discord's REST errors by status
// without the bot knowing about metrics.
func ObserveTransport(next http.RoundTripper, observe func(status int)) http.RoundTripper {
	if next == nil {
		next = http.DefaultTransport
	}
	return observeTransport{next: next, observe: observe}
}

type observeTransport struct {
	next    http.RoundTripper
	observe func(status int)
}

func (t observeTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	resp, err := t.next.RoundTrip(r)
	status := 0
	if err == nil {
		status = resp.StatusCode
	}
	if t.observe != nil {
		t.observe(status)
	}
	return resp, err
}

// ParseAPIBase checks a DISCORD_API_BASE value: scheme://host[:port] with
// http or https and nothing after the host but an optional "/".
func ParseAPIBase(s string) (*url.URL, error) {
	u, err := url.Parse(strings.TrimSpace(s))
	if err != nil {
		return nil, fmt.Errorf("API base %q: %w", s, err)
	}
	switch {
	case u.Scheme != "http" && u.Scheme != "https":
		return nil, fmt.Errorf("API base %q: want an http or https URL", s)
	case u.Host == "":
		return nil, fmt.Errorf("API base %q: no host", s)
	case u.Path != "" && u.Path != "/", u.RawQuery != "", u.Fragment != "", u.User != nil:
		return nil, fmt.Errorf("API base %q: give only scheme://host[:port]; paths stay Discord's", s)
	}
	return &url.URL{Scheme: u.Scheme, Host: u.Host}, nil
}

// NewSession returns a discordgo session for token (without "Bot "; empty
// for HTTP-interactions mode, where replies to interactions need no token)
// whose REST calls go to apiBase when it is set (see RewriteTransport). It
// is not opened. The token is never part of an error.
func NewSession(token, apiBase string) (*discordgo.Session, error) {
	auth := ""
	if token != "" {
		auth = "Bot " + token
	}
	s, err := discordgo.New(auth)
	if err != nil {
		return nil, errors.New("create discord session failed")
	}
	var rt http.RoundTripper = http.DefaultTransport
	if apiBase != "" {
		base, err := ParseAPIBase(apiBase)
		if err != nil {
			return nil, err
		}
		rt = RewriteTransport(base, rt)
	}
	s.Client = &http.Client{Transport: rt, Timeout: 20 * time.Second}
	s.ShouldReconnectOnError = true
	s.LogLevel = discordgo.LogWarning
	return s, nil
}

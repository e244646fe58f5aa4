package sources

import (
	"bufio"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"time"
)

// DefaultMaxSourceBytes bounds one source, read from a file or fetched.
// The charter is a few dozen pages: as text or HTML it is well under 1 MB,
// and even a scanned-then-OCRed PDF of it (images included) fits in tens of
// MB; anything larger is a mistake or an attack, and must not cost the
// bot hundreds of MB of memory while it is parsed.
const DefaultMaxSourceBytes = 32 << 20

// ErrTooLarge is matched (errors.Is) by every error that rejects a source
// for its size; the error itself is a *TooLargeError that names the limit.
var ErrTooLarge = errors.New("source too large")

// TooLargeError reports a source larger than Limit bytes.
type TooLargeError struct {
	Limit int64
}

func (e *TooLargeError) Error() string {
	return fmt.Sprintf("source is larger than the limit of %s", formatMB(e.Limit))
}

// Is makes errors.Is(err, ErrTooLarge) true.
func (e *TooLargeError) Is(target error) bool { return target == ErrTooLarge }

func formatMB(n int64) string {
	if n%(1<<20) == 0 {
		return fmt.Sprintf("%d MB", n>>20)
	}
	return fmt.Sprintf("%.2f MB", float64(n)/(1<<20))
}

// ReadLimited reads r to its end, at most limit bytes. When r holds more, it
// stops after limit+1 bytes and returns a *TooLargeError. It reads in
// chunks and copies them once at the end, so that rejecting an endless
// stream costs about limit bytes, not the 2-3x of a doubling buffer.
func ReadLimited(r io.Reader, limit int64) ([]byte, error) {
	return readLimitedHint(r, limit, -1)
}

// readLimitedHint is ReadLimited with a size hint (a Content-Length) used
// as the first chunk's size, so that an honest body is read in one piece.
func readLimitedHint(r io.Reader, limit, hint int64) ([]byte, error) {
	const minChunk, maxChunk = 32 << 10, 1 << 20
	size := int64(minChunk)
	if hint >= 0 && hint <= limit {
		size = hint + 1 // +1 to see the end without a second chunk
	}
	var chunks [][]byte
	var total int64
	for {
		size = min(size, limit+1-total)
		chunk := make([]byte, size)
		n, err := io.ReadFull(r, chunk)
		total += int64(n)
		if n > 0 {
			chunks = append(chunks, chunk[:n])
		}
		if total > limit {
			return nil, &TooLargeError{Limit: limit}
		}
		if err == io.EOF || err == io.ErrUnexpectedEOF {
			break
		}
		if err != nil {
			return nil, err
		}
		size = min(2*int64(len(chunk)), maxChunk)
	}
	if len(chunks) == 1 {
		return chunks[0], nil
	}
	out := make([]byte, 0, total)
	for _, c := range chunks {
		out = append(out, c...)
	}
	return out, nil
}

// Errors Fetch returns, wrapped; test them with errors.Is.
var (
	// ErrUnsupportedURL is a URL that is not http or https, or has no host.
	ErrUnsupportedURL = errors.New("only http and https URLs can be fetched")
	// ErrTooManyRedirects is a redirect chain longer than MaxRedirects,
	// usually a loop.
	ErrTooManyRedirects = errors.New("too many redirects")
	// ErrTimeout is a server that did not answer in full within
	// TotalTimeout (or did not accept a connection within ConnectTimeout).
	ErrTimeout = errors.New("timed out")
)

// StatusError is an answer whose status is not 2xx (or a 304 that was not
// asked for).
type StatusError struct {
	URL    string // redacted: no password
	Code   int
	Status string // as sent, e.g. "404 Not Found"
}

func (e *StatusError) Error() string {
	return fmt.Sprintf("fetch %s: server answered %s", e.URL, e.Status)
}

// FetchOptions configures a Fetcher. The zero value is usable: every zero
// field takes the default its comment names.
type FetchOptions struct {
	// Client sends the requests; nil means a client of the Fetcher's own
	// with ConnectTimeout on dialing and TLS handshakes. A given client is
	// copied, not modified: the copy gets the Fetcher's redirect policy.
	Client *http.Client
	// ConnectTimeout bounds dialing and the TLS handshake (own client
	// only); default 10s.
	ConnectTimeout time.Duration
	// TotalTimeout bounds one Fetch, body included; default 60s.
	TotalTimeout time.Duration
	// MaxBytes bounds a body; default DefaultMaxSourceBytes.
	MaxBytes int64
	// MaxRedirects bounds a redirect chain; default 5.
	MaxRedirects int
	// UserAgent is sent with each request; default "charterbot".
	UserAgent string
	// CacheDir, when set, keeps each URL's last body with its ETag and
	// Last-Modified, and revalidates with conditional requests.
	CacheDir string
}

// Fetched is one fetched source.
type Fetched struct {
	// URL is the final URL, after redirects, without a password.
	URL string
	// ContentType is the server's, or sniffed from the body when the server
	// sent none or a generic one (application/octet-stream, ...).
	ContentType  string
	Body         []byte
	ETag         string
	LastModified string
	// NotModified reports that the server answered 304 and Body comes from
	// the cache.
	NotModified bool
}

// Fetcher downloads sources over http and https, within bounds of time,
// size and redirects. It is safe for concurrent use; concurrent fetches of
// one URL with a CacheDir each write the cache entry whole (last one wins).
type Fetcher struct {
	client *http.Client
	opts   FetchOptions
}

// NewFetcher returns a Fetcher with opts, defaults filled in.
func NewFetcher(opts FetchOptions) *Fetcher {
	if opts.ConnectTimeout <= 0 {
		opts.ConnectTimeout = 10 * time.Second
	}
	if opts.TotalTimeout <= 0 {
		opts.TotalTimeout = 60 * time.Second
	}
	if opts.MaxBytes <= 0 {
		opts.MaxBytes = DefaultMaxSourceBytes
	}
	if opts.MaxRedirects <= 0 {
		opts.MaxRedirects = 5
	}
	if opts.UserAgent == "" {
		opts.UserAgent = "charterbot"
	}
	var c http.Client
	if opts.Client != nil {
		c = *opts.Client
	} else {
		t := http.DefaultTransport.(*http.Transport).Clone()
		d := &net.Dialer{Timeout: opts.ConnectTimeout, KeepAlive: 30 * time.Second}
		t.DialContext = d.DialContext
		t.TLSHandshakeTimeout = opts.ConnectTimeout
		c.Transport = t
	}
	maxRedirects := opts.MaxRedirects
	c.CheckRedirect = func(req *http.Request, via []*http.Request) error {
		if len(via) > maxRedirects {
			return fmt.Errorf("%w (more than %d)", ErrTooManyRedirects, maxRedirects)
		}
		if req.URL.Scheme != "http" && req.URL.Scheme != "https" {
			return fmt.Errorf("redirect to %s: %w", req.URL.Redacted(), ErrUnsupportedURL)
		}
		return nil
	}
	return &Fetcher{client: &c, opts: opts}
}

// Fetch downloads rawURL. It sends If-None-Match / If-Modified-Since when
// the cache holds the URL, and then a 304 returns the cached body with
// NotModified set. Errors never contain the URL's password; they wrap
// ErrUnsupportedURL, ErrTooManyRedirects, ErrTimeout, ErrTooLarge, or are a
// *StatusError, or wrap ctx.Err() when ctx ends first.
func (f *Fetcher) Fetch(ctx context.Context, rawURL string) (Fetched, error) {
	u, err := url.Parse(rawURL)
	if err != nil {
		// url.Parse errors quote the input, password included.
		return Fetched{}, fmt.Errorf("fetch: %w: cannot parse the URL", ErrUnsupportedURL)
	}
	shown := u.Redacted()
	if (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return Fetched{}, fmt.Errorf("fetch %s: %w", shown, ErrUnsupportedURL)
	}
	parent := ctx
	ctx, cancel := context.WithTimeout(ctx, f.opts.TotalTimeout)
	defer cancel()
	fail := func(err error) (Fetched, error) {
		var ue *url.Error
		if errors.As(err, &ue) {
			ue.URL = shown // net/http masks passwords too; be sure
			err = ue.Err
		}
		if perr := parent.Err(); perr != nil {
			return Fetched{}, fmt.Errorf("fetch %s: %w", shown, perr)
		}
		if ctx.Err() != nil {
			return Fetched{}, fmt.Errorf("fetch %s: no complete answer within %v: %w (%w)", shown, f.opts.TotalTimeout, ErrTimeout, err)
		}
		var ne net.Error
		if errors.As(err, &ne) && ne.Timeout() {
			return Fetched{}, fmt.Errorf("fetch %s: %w: %w", shown, ErrTimeout, err)
		}
		return Fetched{}, fmt.Errorf("fetch %s: %w", shown, err)
	}

	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return fail(err)
	}
	req.Header.Set("User-Agent", f.opts.UserAgent)
	req.Header.Set("Accept", "text/html, application/pdf, "+docxType+", "+odtType+", text/plain;q=0.9, */*;q=0.5")
	cached, hasCache := f.readCache(u.String())
	if hasCache {
		if cached.ETag != "" {
			req.Header.Set("If-None-Match", cached.ETag)
		}
		if cached.LastModified != "" {
			req.Header.Set("If-Modified-Since", cached.LastModified)
		}
	}
	resp, err := f.client.Do(req)
	if err != nil {
		return fail(err)
	}
	defer resp.Body.Close()
	final := resp.Request.URL.Redacted()

	if resp.StatusCode == http.StatusNotModified && hasCache {
		cached.NotModified = true
		return cached, nil
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return Fetched{}, &StatusError{URL: final, Code: resp.StatusCode, Status: resp.Status}
	}
	if resp.ContentLength > f.opts.MaxBytes {
		return Fetched{}, fmt.Errorf("fetch %s: %w", shown, &TooLargeError{Limit: f.opts.MaxBytes})
	}
	body, err := readLimitedHint(resp.Body, f.opts.MaxBytes, resp.ContentLength)
	if err != nil {
		return fail(err)
	}
	got := Fetched{
		URL:          final,
		ContentType:  contentType(resp.Header.Get("Content-Type"), body),
		Body:         body,
		ETag:         resp.Header.Get("ETag"),
		LastModified: resp.Header.Get("Last-Modified"),
	}
	if err := f.writeCache(u.String(), got); err != nil {
		return Fetched{}, fmt.Errorf("fetch %s: %w", shown, err)
	}
	return got, nil
}

// contentType returns the declared type unless it says nothing, then the
// type sniffed from the body.
func contentType(declared string, body []byte) string {
	mt, _, err := mime.ParseMediaType(declared)
	switch {
	case err != nil, mt == "application/octet-stream", mt == "binary/octet-stream",
		mt == "application/unknown", mt == "application/x-download", mt == "application/force-download":
		return http.DetectContentType(body)
	}
	return declared
}

// cacheMeta is the first line of a cache file; the body follows it.
type cacheMeta struct {
	URL          string `json:"url"`
	ContentType  string `json:"content_type"`
	ETag         string `json:"etag,omitempty"`
	LastModified string `json:"last_modified,omitempty"`
}

func (f *Fetcher) cachePath(rawURL string) string {
	sum := sha256.Sum256([]byte(rawURL))
	return filepath.Join(f.opts.CacheDir, hex.EncodeToString(sum[:16])+".cache")
}

// readCache returns the cached entry for rawURL. A missing or damaged
// entry is no entry: the fetch then simply downloads again.
func (f *Fetcher) readCache(rawURL string) (Fetched, bool) {
	if f.opts.CacheDir == "" {
		return Fetched{}, false
	}
	file, err := os.Open(f.cachePath(rawURL))
	if err != nil {
		return Fetched{}, false
	}
	defer file.Close()
	br := bufio.NewReader(file)
	line, err := br.ReadBytes('\n')
	if err != nil {
		return Fetched{}, false
	}
	var m cacheMeta
	if json.Unmarshal(line, &m) != nil || (m.ETag == "" && m.LastModified == "") {
		return Fetched{}, false
	}
	body, err := ReadLimited(br, f.opts.MaxBytes)
	if err != nil {
		return Fetched{}, false
	}
	return Fetched{URL: m.URL, ContentType: m.ContentType, Body: body, ETag: m.ETag, LastModified: m.LastModified}, true
}

// writeCache stores got for rawURL when it carries a validator, through a
// temporary file and a rename so that readers never see half an entry.
func (f *Fetcher) writeCache(rawURL string, got Fetched) (err error) {
	if f.opts.CacheDir == "" || (got.ETag == "" && got.LastModified == "") {
		return nil
	}
	if err := os.MkdirAll(f.opts.CacheDir, 0o755); err != nil {
		return fmt.Errorf("cache: %w", err)
	}
	tmp, err := os.CreateTemp(f.opts.CacheDir, ".fetch-*.tmp")
	if err != nil {
		return fmt.Errorf("cache: %w", err)
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	meta, err := json.Marshal(cacheMeta{URL: got.URL, ContentType: got.ContentType, ETag: got.ETag, LastModified: got.LastModified})
	if err != nil {
		return fmt.Errorf("cache: %w", err)
	}
	w := bufio.NewWriter(tmp)
	w.Write(meta)
	w.WriteByte('\n')
	w.Write(got.Body)
	if err := w.Flush(); err != nil {
		return fmt.Errorf("cache: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("cache: %w", err)
	}
	if err := os.Rename(tmp.Name(), f.cachePath(rawURL)); err != nil {
		return fmt.Errorf("cache: %w", err)
	}
	return nil
}

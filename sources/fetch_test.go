package sources

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

const charterHTML = "<html><body><h2>Article 6</h2><p>Any attack on one party.</p></body></html>"

// endlessHandler streams zeros in 32 KB writes until the client goes away.
func endlessHandler(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain")
	buf := make([]byte, 32<<10)
	for i := range buf {
		buf[i] = 'a'
	}
	for r.Context().Err() == nil {
		if _, err := w.Write(buf); err != nil {
			return
		}
	}
}

// sizedHandler streams n bytes, without a Content-Length.
func sizedHandler(n int64) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/octet-stream")
		io.CopyN(w, &endlessHTML{n: n}, n)
	}
}

func newTestServer(t testing.TB) *httptest.Server {
	t.Helper()
	mux := http.NewServeMux()
	mux.HandleFunc("/charter", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, charterHTML)
	})
	mux.HandleFunc("/old", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/charter", http.StatusMovedPermanently)
	})
	mux.HandleFunc("/loop", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/loop2", http.StatusFound)
	})
	mux.HandleFunc("/loop2", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/loop", http.StatusFound)
	})
	mux.HandleFunc("/to-file", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "file:///etc/passwd", http.StatusFound)
	})
	mux.HandleFunc("/missing", http.NotFound)
	mux.HandleFunc("/broken", func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "boom", http.StatusInternalServerError)
	})
	mux.HandleFunc("/pdf-as-octets", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/octet-stream")
		fmt.Fprint(w, "%PDF-1.4\n%âãÏÓ\n1 0 obj\n")
	})
	mux.HandleFunc("/no-type", func(w http.ResponseWriter, r *http.Request) {
		w.Header()["Content-Type"] = nil // stop net/http from sniffing it for us
		fmt.Fprint(w, charterHTML)
	})
	mux.HandleFunc("/endless", endlessHandler)
	mux.HandleFunc("/big-declared", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Length", fmt.Sprint(100<<20))
		w.WriteHeader(http.StatusOK)
		w.Write([]byte("short")) // the client must reject on the header alone
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv
}

func TestFetch(t *testing.T) {
	srv := newTestServer(t)
	tests := []struct {
		path string
		want Fetched
	}{
		{"/charter", Fetched{URL: srv.URL + "/charter", ContentType: "text/html; charset=utf-8", Body: []byte(charterHTML)}},
		{"/old", Fetched{URL: srv.URL + "/charter", ContentType: "text/html; charset=utf-8", Body: []byte(charterHTML)}},
		{"/pdf-as-octets", Fetched{URL: srv.URL + "/pdf-as-octets", ContentType: "application/pdf", Body: []byte("%PDF-1.4\n%âãÏÓ\n1 0 obj\n")}},
		{"/no-type", Fetched{URL: srv.URL + "/no-type", ContentType: "text/html; charset=utf-8", Body: []byte(charterHTML)}},
	}
	f := NewFetcher(FetchOptions{})
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			got, err := f.Fetch(context.Background(), srv.URL+tt.path)
			if err != nil {
				t.Fatalf("Fetch: %v", err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Fetch mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestFetchErrors(t *testing.T) {
	srv := newTestServer(t)
	tests := []struct {
		name    string
		url     string
		opts    FetchOptions
		wantErr error
		wantMsg string
		code    int // for a *StatusError
	}{
		{name: "404", url: srv.URL + "/missing", code: 404, wantMsg: "404 Not Found"},
		{name: "500", url: srv.URL + "/broken", code: 500, wantMsg: "500 Internal Server Error"},
		{name: "redirect loop", url: srv.URL + "/loop", wantErr: ErrTooManyRedirects, wantMsg: "too many redirects"},
		{name: "redirect to file", url: srv.URL + "/to-file", wantErr: ErrUnsupportedURL},
		{name: "endless stream", url: srv.URL + "/endless", opts: FetchOptions{MaxBytes: 1 << 20}, wantErr: ErrTooLarge, wantMsg: "1 MB"},
		{name: "declared too large", url: srv.URL + "/big-declared", opts: FetchOptions{MaxBytes: 1 << 20}, wantErr: ErrTooLarge},
		{name: "file scheme", url: "file:///etc/passwd", wantErr: ErrUnsupportedURL},
		{name: "ftp scheme", url: "ftp://example.org/charte.pdf", wantErr: ErrUnsupportedURL},
		{name: "no host", url: "http:///charte.pdf", wantErr: ErrUnsupportedURL},
		{name: "unparsable", url: "http://user:hunter2@[::1", wantErr: ErrUnsupportedURL},
		{name: "password redacted on 404", url: strings.Replace(srv.URL, "http://", "http://user:hunter2@", 1) + "/missing", code: 404},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := NewFetcher(tt.opts).Fetch(context.Background(), tt.url)
			if err == nil {
				t.Fatal("got no error")
			}
			if tt.wantErr != nil && !errors.Is(err, tt.wantErr) {
				t.Errorf("got error %v; want %v", err, tt.wantErr)
			}
			var se *StatusError
			if got := errors.As(err, &se); got != (tt.code != 0) || (got && se.Code != tt.code) {
				t.Errorf("got error %v; want a *StatusError with code %d: %v", err, tt.code, got)
			}
			if !strings.Contains(err.Error(), tt.wantMsg) {
				t.Errorf("got message %q; want it to contain %q", err, tt.wantMsg)
			}
			if strings.Contains(err.Error(), "hunter2") {
				t.Errorf("message %q shows the password", err)
			}
		})
	}
}

func TestFetchTimeout(t *testing.T) {
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select { // hang until the test ends or the client gives up
		case <-release:
		case <-r.Context().Done():
		}
	}))
	t.Cleanup(srv.Close)
	t.Cleanup(func() { close(release) }) // runs first: frees the handler

	u := strings.Replace(srv.URL, "http://", "http://user:hunter2@", 1) + "/slow"
	_, err := NewFetcher(FetchOptions{TotalTimeout: 100 * time.Millisecond}).Fetch(context.Background(), u)
	if !errors.Is(err, ErrTimeout) {
		t.Fatalf("got error %v; want ErrTimeout", err)
	}
	if strings.Contains(err.Error(), "hunter2") {
		t.Errorf("message %q shows the password", err)
	}

	// The caller's own cancellation is not a timeout of ours.
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err = NewFetcher(FetchOptions{}).Fetch(ctx, srv.URL)
	if !errors.Is(err, context.Canceled) || errors.Is(err, ErrTimeout) {
		t.Errorf("got error %v; want context.Canceled and not ErrTimeout", err)
	}
}

func TestFetchConnectionRefusedRedacted(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	u := strings.Replace(srv.URL, "http://", "http://admin:hunter2@", 1)
	srv.Close() // nothing listens there any more
	_, err := NewFetcher(FetchOptions{}).Fetch(context.Background(), u)
	if err == nil || strings.Contains(err.Error(), "hunter2") {
		t.Errorf("got error %v; want one without the password", err)
	}
}

func TestFetchCache(t *testing.T) {
	var version, conditional atomic.Int32
	version.Store(1)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		etag := fmt.Sprintf(`"v%d"`, version.Load())
		if r.Header.Get("If-None-Match") != "" {
			conditional.Add(1)
		}
		if r.Header.Get("If-None-Match") == etag {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Header().Set("ETag", etag)
		w.Header().Set("Last-Modified", "Sat, 16 Sep 2023 10:00:00 GMT")
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		fmt.Fprintf(w, "Article 6, version %d", version.Load())
	}))
	t.Cleanup(srv.Close)
	dir := t.TempDir()
	f := NewFetcher(FetchOptions{CacheDir: filepath.Join(dir, "cache")})
	ctx := context.Background()

	steps := []struct {
		name        string
		version     int32
		want        Fetched
		wantQueries int32 // conditional requests the server has seen so far
	}{
		{"first fetch downloads", 1, Fetched{Body: []byte("Article 6, version 1"), ETag: `"v1"`}, 0},
		{"unchanged gives 304 from cache", 1, Fetched{Body: []byte("Article 6, version 1"), ETag: `"v1"`, NotModified: true}, 1},
		{"changed downloads again", 2, Fetched{Body: []byte("Article 6, version 2"), ETag: `"v2"`}, 2},
		{"new version is cached", 2, Fetched{Body: []byte("Article 6, version 2"), ETag: `"v2"`, NotModified: true}, 3},
	}
	for _, st := range steps {
		t.Run(st.name, func(t *testing.T) {
			version.Store(st.version)
			got, err := f.Fetch(ctx, srv.URL+"/charter.txt")
			if err != nil {
				t.Fatalf("Fetch: %v", err)
			}
			st.want.URL = srv.URL + "/charter.txt"
			st.want.ContentType = "text/plain; charset=utf-8"
			st.want.LastModified = "Sat, 16 Sep 2023 10:00:00 GMT"
			if diff := cmp.Diff(st.want, got); diff != "" {
				t.Errorf("Fetch mismatch (-want +got):\n%s", diff)
			}
			if got := conditional.Load(); got != st.wantQueries {
				t.Errorf("server saw %d conditional requests; want %d", got, st.wantQueries)
			}
		})
	}
	entries, err := os.ReadDir(filepath.Join(dir, "cache"))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	if len(names) != 1 || !strings.HasSuffix(names[0], ".cache") || strings.Contains(names[0], "charter") {
		t.Errorf("cache holds %v; want one hashed .cache file and no temporary file", names)
	}
}

func TestFetchDoesNotModifyGivenClient(t *testing.T) {
	c := &http.Client{}
	NewFetcher(FetchOptions{Client: c})
	if c.CheckRedirect != nil {
		t.Error("NewFetcher set CheckRedirect on the caller's client")
	}
}

// TestFetchEndlessStreamMemory rejects an endless stream and checks that
// what it allocated stays near the limit, not near what the server sent.
func TestFetchEndlessStreamMemory(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(endlessHandler))
	t.Cleanup(srv.Close)
	const limit = 4 << 20
	f := NewFetcher(FetchOptions{MaxBytes: limit})
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	_, err := f.Fetch(context.Background(), srv.URL)
	runtime.ReadMemStats(&after)
	if !errors.Is(err, ErrTooLarge) {
		t.Fatalf("got error %v; want ErrTooLarge", err)
	}
	// The server side of the test allocates too; both together stay
	// within twice the limit.
	alloc := after.TotalAlloc - before.TotalAlloc
	t.Logf("rejecting an endless stream with a %d MB limit allocated %.1f MB", limit>>20, float64(alloc)/(1<<20))
	if alloc > 2*limit {
		t.Errorf("allocated %d bytes rejecting an endless stream; want at most %d", alloc, 2*limit)
	}
}

func TestReadLimited(t *testing.T) {
	tests := []struct {
		name    string
		n       int64
		limit   int64
		wantErr error
	}{
		{"empty", 0, 10, nil},
		{"under", 9, 10, nil},
		{"exactly the limit", 10, 10, nil},
		{"one over", 11, 10, ErrTooLarge},
		{"several chunks", 3<<20 + 7, 4 << 20, nil},
		{"100 MB through a 1 MB limit", 100 << 20, 1 << 20, ErrTooLarge},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := &endlessHTML{n: tt.n}
			got, err := ReadLimited(src, tt.limit)
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("got error %v; want %v", err, tt.wantErr)
			}
			if err == nil && int64(len(got)) != tt.n {
				t.Errorf("got %d bytes; want %d", len(got), tt.n)
			}
			if err != nil && src.n < tt.n-tt.limit-1-(32<<10) {
				t.Errorf("read %d bytes past the limit; want at most one chunk", tt.n-src.n-tt.limit)
			}
		})
	}
}

// BenchmarkFetchReject100MB fetches a 100 MB body through the default
// limit: -benchmem's B/op is the memory one rejection costs.
func BenchmarkFetchReject100MB(b *testing.B) {
	srv := httptest.NewServer(sizedHandler(100 << 20))
	b.Cleanup(srv.Close)
	f := NewFetcher(FetchOptions{})
	for b.Loop() {
		if _, err := f.Fetch(context.Background(), srv.URL); !errors.Is(err, ErrTooLarge) {
			b.Fatalf("got %v; want ErrTooLarge", err)
		}
	}
}

// BenchmarkReadLimitedReject100MB is the same without HTTP.
func BenchmarkReadLimitedReject100MB(b *testing.B) {
	for b.Loop() {
		if _, err := ReadLimited(&endlessHTML{n: 100 << 20}, DefaultMaxSourceBytes); !errors.Is(err, ErrTooLarge) {
			b.Fatalf("got %v; want ErrTooLarge", err)
		}
	}
}

func ExampleFetcher_Fetch() {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header()["Content-Type"] = nil // the fetcher sniffs it
		fmt.Fprint(w, "<html><body><h2>Article 6</h2></body></html>")
	}))
	defer srv.Close()

	f := NewFetcher(FetchOptions{TotalTimeout: 5 * time.Second})
	got, err := f.Fetch(context.Background(), srv.URL+"/charte")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(got.ContentType, len(got.Body))
	_, err = f.Fetch(context.Background(), "file:///etc/passwd")
	fmt.Println(err)
	// Output:
	// text/html; charset=utf-8 44
	// fetch file:///etc/passwd: only http and https URLs can be fetched
}

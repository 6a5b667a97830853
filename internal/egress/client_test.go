package egress

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"github.com/paddock-dev/paddock/internal/egress/egresstest"
	"io"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// webSite is a loopback test site reachable as a.test, sub.a.test and b.test.
type webSite struct {
	srv   *httptest.Server
	port  string
	loops atomic.Int64
	res   *egresstest.Resolver
}

var (
	bombOnce sync.Once
	bomb     []byte // gzip of 16 MiB of zeros (about 16 KiB): 64 times the test cap
)

func gzipBomb() []byte {
	bombOnce.Do(func() {
		var buf bytes.Buffer
		zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
		zeros := make([]byte, 1<<20)
		for i := 0; i < 16; i++ {
			zw.Write(zeros)
		}
		zw.Close()
		bomb = buf.Bytes()
	})
	return bomb
}

func newWebSite(t *testing.T, tlsToo bool) *webSite {
	t.Helper()
	s := &webSite{}
	mux := http.NewServeMux()
	mux.HandleFunc("/echo", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, "host=%s\n", r.Host)
		for _, h := range []string{"Authorization", "Cookie", "X-Api-Key", "User-Agent", "Accept-Encoding"} {
			fmt.Fprintf(w, "%s=%s\n", h, r.Header.Get(h))
		}
	})
	mux.HandleFunc("/redirect", func(w http.ResponseWriter, r *http.Request) {
		code, _ := strconv.Atoi(r.URL.Query().Get("code"))
		if code == 0 {
			code = http.StatusFound
		}
		http.Redirect(w, r, r.URL.Query().Get("to"), code)
	})
	mux.HandleFunc("/loop", func(w http.ResponseWriter, r *http.Request) {
		s.loops.Add(1)
		http.Redirect(w, r, "/loop", http.StatusFound)
	})
	mux.HandleFunc("/chain/", func(w http.ResponseWriter, r *http.Request) {
		n, _ := strconv.Atoi(strings.TrimPrefix(r.URL.Path, "/chain/"))
		if n > 0 {
			http.Redirect(w, r, "/chain/"+strconv.Itoa(n-1), http.StatusMovedPermanently)
			return
		}
		io.WriteString(w, "done")
	})
	mux.HandleFunc("/big", func(w http.ResponseWriter, r *http.Request) {
		n, _ := strconv.Atoi(r.URL.Query().Get("n"))
		if r.URL.Query().Get("cl") == "1" {
			w.Header().Set("Content-Length", strconv.Itoa(n))
		} else {
			w.(http.Flusher).Flush() // chunked: no length known up front
		}
		chunk := bytes.Repeat([]byte("x"), 32<<10)
		for n > 0 {
			k := min(n, len(chunk))
			if _, err := w.Write(chunk[:k]); err != nil {
				return
			}
			n -= k
		}
	})
	mux.HandleFunc("/gzip", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Encoding", "gzip")
		zw := gzip.NewWriter(w)
		io.WriteString(zw, "hello, decoded")
		zw.Close()
	})
	mux.HandleFunc("/bomb", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Encoding", "gzip")
		w.Header().Set("Content-Type", "text/html")
		w.Write(gzipBomb())
	})
	mux.HandleFunc("/slow-body", func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(200)
		for i := 0; i < 100; i++ {
			if _, err := w.Write([]byte("x")); err != nil {
				return
			}
			w.(http.Flusher).Flush()
			select {
			case <-r.Context().Done():
				return
			case <-time.After(50 * time.Millisecond):
			}
		}
	})
	mux.HandleFunc("/slow-header", func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-time.After(5 * time.Second):
		}
	})
	if tlsToo {
		s.srv = httptest.NewTLSServer(mux)
	} else {
		s.srv = httptest.NewServer(mux)
	}
	t.Cleanup(s.srv.Close)
	s.port = portOf(t, s.srv.Listener.Addr().String())
	s.res = egresstest.NewResolver().
		Set("a.test", "127.0.0.1").
		Set("sub.a.test", "127.0.0.1").
		Set("b.test", "127.0.0.1").
		Set("unlisted.test", "127.0.0.1").
		Set("private.test", "10.0.0.1").
		Set("meta.test", "169.254.169.254")
	return s
}

func (s *webSite) url(host, path string) string {
	scheme := "http"
	if s.srv.TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + host + ":" + s.port + path
}

// policy allows the site's names on any port, and loopback only.
func (s *webSite) policy(t *testing.T) Policy {
	return mustPolicy(t, "a.test:*", "*.a.test:*", "b.test:*", "private.test:*", "meta.test:*").
		AllowPrivate(netip.MustParsePrefix("127.0.0.1/32"))
}

func (s *webSite) client(t *testing.T, o ClientOptions) *http.Client {
	o.Resolver = s.res
	return NewClient(s.policy(t), o)
}

func readAll(t *testing.T, c *http.Client, req *http.Request) (string, error) {
	t.Helper()
	resp, err := c.Do(req)
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	return string(b), err
}

func get(t *testing.T, c *http.Client, url string) (string, error) {
	t.Helper()
	req, err := http.NewRequest("GET", url, nil)
	if err != nil {
		t.Fatalf("NewRequest(%q): %v", url, err)
	}
	return readAll(t, c, req)
}

func TestClientBasics(t *testing.T) {
	s := newWebSite(t, false)
	c := s.client(t, ClientOptions{})
	body, err := get(t, c, s.url("a.test", "/echo"))
	if err != nil {
		t.Fatalf("GET: %v", err)
	}
	if !strings.Contains(body, "User-Agent=paddock-agent/") {
		t.Errorf("User-Agent not naming paddock:\n%s", body)
	}
	body, err = get(t, c, s.url("a.test", "/gzip"))
	if err != nil || body != "hello, decoded" {
		t.Errorf("gzip body = %q, %v", body, err)
	}
	c2 := s.client(t, ClientOptions{UserAgent: "custom/1"})
	if body, _ := get(t, c2, s.url("a.test", "/echo")); !strings.Contains(body, "User-Agent=custom/1") {
		t.Errorf("custom User-Agent not sent:\n%s", body)
	}
	for _, u := range []string{
		s.url("unlisted.test", "/echo"),
		s.url("127.0.0.1", "/echo"),
		s.url("private.test", "/echo"),
		s.url("meta.test", "/latest/meta-data/"),
		"file:///etc/passwd",
		"gopher://a.test:70/_",
		"ftp://a.test/",
	} {
		_, err := get(t, c, u)
		if !errors.Is(err, ErrDenied) {
			t.Errorf("GET %s = %v, want ErrDenied", u, err)
		}
	}
	_, err = get(t, c, s.url("unlisted.test", "/"))
	if err == nil || !strings.Contains(err.Error(), "add --allow-net unlisted.test:"+s.port) {
		t.Errorf("refusal %v does not say how to allow the host", err)
	}
}

// TestClientRedirectChecks: every redirect hop goes through the policy.
func TestClientRedirectChecks(t *testing.T) {
	s := newWebSite(t, false)
	c := s.client(t, ClientOptions{})
	targets := []string{
		"http://169.254.169.254/latest/meta-data/",
		"http://[::ffff:169.254.169.254]/",
		"http://127.0.0.1:" + s.port + "/echo",
		"http://localhost:" + s.port + "/echo",
		"http://[::1]:" + s.port + "/echo",
		"http://0x7f000001:" + s.port + "/echo",
		"http://2130706433:" + s.port + "/echo",
		s.url("private.test", "/"),
		s.url("meta.test", "/"),
		s.url("unlisted.test", "/echo"),
		"file:///etc/passwd",
		"gopher://127.0.0.1:6379/_INFO",
	}
	for _, to := range targets {
		for _, code := range []int{301, 302, 303, 307, 308} {
			u := s.url("a.test", "/redirect?code="+strconv.Itoa(code)+"&to="+urlQueryEscape(to))
			_, err := get(t, c, u)
			if !errors.Is(err, ErrDenied) {
				t.Errorf("redirect %d to %s: %v, want ErrDenied", code, to, err)
			}
		}
	}
	// An allowed hop is followed.
	body, err := get(t, c, s.url("a.test", "/redirect?to="+urlQueryEscape(s.url("b.test", "/echo"))))
	if err != nil || !strings.Contains(body, "host=b.test:") {
		t.Errorf("allowed redirect: %q, %v", body, err)
	}
}

func urlQueryEscape(s string) string {
	r := strings.NewReplacer("%", "%25", "&", "%26", "?", "%3F", "#", "%23", "+", "%2B", " ", "%20")
	return r.Replace(s)
}

func TestClientRedirectCaps(t *testing.T) {
	s := newWebSite(t, false)
	c := s.client(t, ClientOptions{MaxRedirects: 3})
	_, err := get(t, c, s.url("a.test", "/loop"))
	if !errors.Is(err, ErrTooManyRedirects) {
		t.Errorf("redirect loop: %v, want ErrTooManyRedirects", err)
	}
	if n := s.loops.Load(); n != 4 {
		t.Errorf("loop endpoint hit %d times, want 4 (1 + 3 redirects)", n)
	}
	if body, err := get(t, c, s.url("a.test", "/chain/3")); err != nil || body != "done" {
		t.Errorf("3 redirects with MaxRedirects 3: %q, %v", body, err)
	}
	if _, err := get(t, c, s.url("a.test", "/chain/4")); !errors.Is(err, ErrTooManyRedirects) {
		t.Errorf("4 redirects with MaxRedirects 3: %v, want ErrTooManyRedirects", err)
	}
	none := s.client(t, ClientOptions{MaxRedirects: -1})
	resp, err := none.Get(s.url("a.test", "/chain/1"))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusMovedPermanently {
		t.Errorf("MaxRedirects -1: status %d, want the 301 itself", resp.StatusCode)
	}
}

// TestClientRedirectStripsCredentials is CVE-05: credentials never follow a
// redirect to another origin, not even a subdomain (Go's client alone would
// keep them for subdomains).
func TestClientRedirectStripsCredentials(t *testing.T) {
	s := newWebSite(t, false)
	c := s.client(t, ClientOptions{})
	tests := []struct {
		to   string
		keep bool
	}{
		{s.url("a.test", "/echo"), true},
		{s.url("b.test", "/echo"), false},
		{s.url("sub.a.test", "/echo"), false},
		{"http://a.test:" + s.port + "/echo", true},
	}
	for _, tt := range tests {
		req, _ := http.NewRequest("GET", s.url("a.test", "/redirect?to="+urlQueryEscape(tt.to)), nil)
		req.Header.Set("Authorization", "Bearer secret-token")
		req.Header.Set("Cookie", "session=secret-cookie")
		req.Header.Set("X-Api-Key", "secret-key")
		body, err := readAll(t, c, req)
		if err != nil {
			t.Fatalf("redirect to %s: %v", tt.to, err)
		}
		leaked := strings.Contains(body, "secret")
		if leaked != tt.keep {
			t.Errorf("redirect to %s: credentials present=%v, want %v\n%s", tt.to, leaked, tt.keep, body)
		}
	}
}

func TestClientBodyCaps(t *testing.T) {
	s := newWebSite(t, false)
	const limit = 256 << 10
	c := s.client(t, ClientOptions{MaxBytes: limit})
	tests := []struct {
		path    string
		wantErr bool
	}{
		{fmt.Sprintf("/big?n=%d&cl=1", limit), false},
		{fmt.Sprintf("/big?n=%d", limit), false},
		{fmt.Sprintf("/big?n=%d&cl=1", limit+1), true},
		{fmt.Sprintf("/big?n=%d", limit+1), true},
		{fmt.Sprintf("/big?n=%d", 8<<20), true},
		{"/bomb", true},
	}
	for _, tt := range tests {
		resp, err := c.Get(s.url("a.test", tt.path))
		var n int64
		if err == nil {
			n, err = io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
		}
		if n > limit {
			t.Errorf("%s: read %d bytes, over the %d limit", tt.path, n, limit)
		}
		if tt.wantErr != (err != nil) {
			t.Errorf("%s: err %v, want error=%v", tt.path, err, tt.wantErr)
		}
		if err != nil && !errors.Is(err, ErrTooLarge) {
			t.Errorf("%s: %v, want ErrTooLarge", tt.path, err)
		}
	}
}

func TestClientTimeouts(t *testing.T) {
	s := newWebSite(t, false)
	c := s.client(t, ClientOptions{Timeout: 300 * time.Millisecond})
	for _, path := range []string{"/slow-body", "/slow-header"} {
		start := time.Now()
		_, err := get(t, c, s.url("a.test", path))
		if err == nil {
			t.Errorf("%s: no error, want a timeout", path)
		}
		if d := time.Since(start); d > 3*time.Second {
			t.Errorf("%s: took %v, the timeout did not bound it", path, d)
		}
	}
	// The caller's context is honoured too.
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	req, _ := http.NewRequestWithContext(ctx, "GET", s.url("a.test", "/echo"), nil)
	if _, err := readAll(t, s.client(t, ClientOptions{}), req); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled context: %v", err)
	}
}

func TestClientVerifiesTLS(t *testing.T) {
	s := newWebSite(t, true)
	_, err := get(t, s.client(t, ClientOptions{}), s.url("a.test", "/echo"))
	if err == nil || !strings.Contains(err.Error(), "certificate") {
		t.Errorf("self-signed server accepted: %v", err)
	}
	roots := s.srv.Client().Transport.(*http.Transport).TLSClientConfig.RootCAs
	// httptest's certificate is for example.com and 127.0.0.1, not a.test:
	// verification must fail on the name even with the right root.
	_, err = get(t, s.client(t, ClientOptions{RootCAs: roots}), s.url("a.test", "/echo"))
	if err == nil || !strings.Contains(err.Error(), "certificate") {
		t.Errorf("certificate for another name accepted: %v", err)
	}
	s.res.Set("example.com", "127.0.0.1")
	c := NewClient(mustPolicy(t, "example.com:*").AllowPrivate(loopback), ClientOptions{Resolver: s.res, RootCAs: roots})
	body, err := get(t, c, s.url("example.com", "/echo"))
	if err != nil || !strings.Contains(body, "host=example.com") {
		t.Errorf("verified TLS: %q, %v", body, err)
	}
}

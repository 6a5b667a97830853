package egress

import (
	"compress/gzip"
	"crypto/tls"
	"crypto/x509"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"
)

// UserAgent is the User-Agent NewClient sends unless told otherwise.
const UserAgent = "paddock-agent/0.1 (+https://github.com/paddock-dev/paddock; autonomous AI agent runtime)"

// ClientOptions configures NewClient. The zero value gives the defaults noted
// on each field.
type ClientOptions struct {
	// Resolver resolves names; net.DefaultResolver when nil.
	Resolver Resolver
	// MaxRedirects is how many redirects one request may follow: 5 when 0;
	// negative means redirects are not followed (the 3xx response is
	// returned).
	MaxRedirects int
	// MaxBytes caps a response body after gzip decoding: 10 MiB when 0.
	// Reading past it fails with ErrTooLarge.
	MaxBytes int64
	// Timeout bounds a whole request, redirects and body reading included:
	// 30s when 0.
	Timeout time.Duration
	// UserAgent replaces the default User-Agent (which names paddock).
	UserAgent string
	// RootCAs, when set, replaces the system roots for verifying servers
	// (tests, private CAs). Certificates are always verified.
	RootCAs *x509.CertPool
}

// NewClient returns an http.Client for the web tools that enforces p: every
// request and every redirect hop is checked against the policy and connects
// only to checked addresses; redirects are capped; Authorization, Cookie and
// API-key headers are removed when a redirect leaves the original origin; TLS
// is verified; bodies are capped after gzip decoding; the whole exchange is
// bounded by Timeout. It never uses the environment's proxy settings or a
// cookie jar.
func NewClient(p Policy, o ClientOptions) *http.Client {
	if o.MaxRedirects == 0 {
		o.MaxRedirects = 5
	}
	if o.MaxBytes <= 0 {
		o.MaxBytes = 10 << 20
	}
	if o.Timeout <= 0 {
		o.Timeout = 30 * time.Second
	}
	if o.UserAgent == "" {
		o.UserAgent = UserAgent
	}
	d := p.Dialer(o.Resolver)
	tr := &http.Transport{
		Proxy:                  nil,
		DialContext:            d.DialContext,
		TLSClientConfig:        &tls.Config{MinVersion: tls.VersionTLS12, RootCAs: o.RootCAs},
		ForceAttemptHTTP2:      true,
		DisableCompression:     true, // decoded here, under the size cap
		TLSHandshakeTimeout:    10 * time.Second,
		ResponseHeaderTimeout:  o.Timeout,
		MaxResponseHeaderBytes: 256 << 10,
		MaxIdleConns:           16,
		MaxIdleConnsPerHost:    2,
		IdleConnTimeout:        30 * time.Second,
	}
	rt := &clientTransport{policy: p, next: tr, maxBytes: o.MaxBytes, userAgent: o.UserAgent}
	return &http.Client{
		Transport:     rt,
		CheckRedirect: checkRedirect(p, o.MaxRedirects),
		Timeout:       o.Timeout,
	}
}

// checkRedirect re-checks each redirect hop and strips credentials when the
// hop leaves the origin of the first request.
func checkRedirect(p Policy, max int) func(*http.Request, []*http.Request) error {
	return func(req *http.Request, via []*http.Request) error {
		if max < 0 {
			return http.ErrUseLastResponse
		}
		if len(via) > max {
			return fmt.Errorf("egress: stopped after %d redirects: %w", max, ErrTooManyRedirects)
		}
		if err := p.CheckURL(req.URL); err != nil {
			return fmt.Errorf("egress: redirect to %s: %w", redactURL(req.URL.String()), err)
		}
		if origin(req) != origin(via[0]) {
			for _, h := range credentialHeaders {
				req.Header.Del(h)
			}
		}
		return nil
	}
}

// origin is scheme://host:port of a request, for same-origin comparisons.
func origin(r *http.Request) string {
	scheme := strings.ToLower(r.URL.Scheme)
	port := r.URL.Port()
	if port == "" {
		port = map[string]string{"http": "80", "https": "443"}[scheme]
	}
	return scheme + "://" + strings.ToLower(strings.TrimSuffix(r.URL.Hostname(), ".")) + ":" + port
}

// redactURL drops a URL's query string and user info for messages.
func redactURL(s string) string {
	if i := strings.IndexAny(s, "?#"); i >= 0 {
		s = s[:i]
	}
	if i := strings.Index(s, "@"); i >= 0 {
		if j := strings.Index(s, "://"); j >= 0 && j < i {
			s = s[:j+3] + s[i+1:]
		}
	}
	return s
}

// clientTransport checks requests against the policy before they are sent and
// caps and decodes response bodies.
type clientTransport struct {
	policy    Policy
	next      http.RoundTripper
	maxBytes  int64
	userAgent string
}

// RoundTrip implements http.RoundTripper.
func (t *clientTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	if err := t.policy.CheckURL(req.URL); err != nil {
		if req.Body != nil {
			req.Body.Close()
		}
		return nil, err
	}
	req = req.Clone(req.Context())
	req.Host = "" // the Host header is the URL's host: the one that was checked
	if req.Header.Get("User-Agent") == "" {
		req.Header.Set("User-Agent", t.userAgent)
	}
	askedGzip := false
	if req.Header.Get("Accept-Encoding") == "" && req.Method != http.MethodHead {
		req.Header.Set("Accept-Encoding", "gzip")
		askedGzip = true
	}
	resp, err := t.next.RoundTrip(req)
	if err != nil {
		return nil, err
	}
	if resp.ContentLength > t.maxBytes {
		resp.Body.Close()
		return nil, fmt.Errorf("egress: %s: Content-Length %d exceeds the %d-byte limit: %w", redactURL(req.URL.String()), resp.ContentLength, t.maxBytes, ErrTooLarge)
	}
	body := resp.Body
	if askedGzip && isGzip(resp.Header.Get("Content-Encoding")) {
		body = &gzipBody{raw: io.NopCloser(&cappedReader{r: resp.Body, left: t.maxBytes, limit: t.maxBytes}), closer: resp.Body}
		resp.Header.Del("Content-Encoding")
		resp.Header.Del("Content-Length")
		resp.ContentLength = -1
		resp.Uncompressed = true
	}
	resp.Body = &cappedBody{cappedReader: cappedReader{r: body, left: t.maxBytes, limit: t.maxBytes}, closer: body}
	return resp, nil
}

func isGzip(enc string) bool {
	enc = strings.ToLower(strings.TrimSpace(enc))
	return enc == "gzip" || enc == "x-gzip"
}

// cappedReader reads at most left bytes and then fails with ErrTooLarge if
// more were available.
type cappedReader struct {
	r     io.Reader
	left  int64
	limit int64
}

func (c *cappedReader) Read(p []byte) (int, error) {
	if c.left <= 0 {
		// Probe for one more byte: a body of exactly the limit is fine.
		var one [1]byte
		n, err := c.r.Read(one[:])
		if n > 0 {
			return 0, fmt.Errorf("egress: response body exceeds the %d-byte limit: %w", c.limit, ErrTooLarge)
		}
		return 0, err
	}
	if int64(len(p)) > c.left {
		p = p[:c.left]
	}
	n, err := c.r.Read(p)
	c.left -= int64(n)
	return n, err
}

// cappedBody is a response body cut at the limit.
type cappedBody struct {
	cappedReader
	closer io.Closer
}

func (c *cappedBody) Close() error { return c.closer.Close() }

// gzipBody decodes gzip lazily, so that a slow server does not block
// RoundTrip on reading the gzip header.
type gzipBody struct {
	raw    io.ReadCloser
	closer io.Closer
	zr     *gzip.Reader
	err    error
}

func (g *gzipBody) Read(p []byte) (int, error) {
	if g.err != nil {
		return 0, g.err
	}
	if g.zr == nil {
		zr, err := gzip.NewReader(g.raw)
		if err != nil {
			g.err = fmt.Errorf("egress: decoding gzip body: %w", err)
			return 0, g.err
		}
		g.zr = zr
	}
	return g.zr.Read(p)
}

func (g *gzipBody) Close() error { return g.closer.Close() }

package web

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"
	"unicode"

	"github.com/paddock-dev/paddock/internal/egress"
	"github.com/paddock-dev/paddock/internal/guard"
	"github.com/paddock-dev/paddock/internal/tool"
	"github.com/paddock-dev/paddock/internal/workspace"
)

// Names of the web tools, as the model sees them.
const (
	ReadWebpage  = "read_webpage"
	DownloadFile = "download_file"
	WebSearch    = "web_search"
)

// Sentinel errors callers (and tests) branch on; every tool failure wraps one of them or an
// egress error.
var (
	// ErrNoAllowlist reports a web tool call while no host is allowed at all.
	ErrNoAllowlist = errors.New("web access is off")
	// ErrBadURL reports a URL that is malformed or uses a scheme other than http or https.
	ErrBadURL = errors.New("invalid URL")
	// ErrRobots reports a URL that the site's robots.txt disallows for paddock.
	ErrRobots = errors.New("disallowed by robots.txt")
	// ErrHTTPStatus reports a response that was not a success (2xx).
	ErrHTTPStatus = errors.New("unsuccessful HTTP status")
	// ErrTooLarge reports a download larger than the workspace or response limits.
	ErrTooLarge = errors.New("too large")
)

// Defaults for the zero Config fields.
const (
	DefaultMaxBytes = 5 << 20
	DefaultTimeout  = 30 * time.Second
	DefaultMaxText  = 20000
)

// Config configures the web tools of one run.
type Config struct {
	// Policy is the egress allowlist (--allow-net). The zero Policy allows nothing: the tools are
	// offered but refuse, saying how to allow a domain.
	Policy egress.Policy
	// Workspace receives download_file's files; nil leaves download_file out.
	Workspace *workspace.Workspace
	// Search answers web_search; nil leaves web_search out.
	Search SearchBackend
	// UserAgent replaces the default User-Agent, egress.UserAgent (which names paddock).
	UserAgent string
	// MaxBytes caps one response body after decoding: DefaultMaxBytes when 0. A page longer than
	// this is read up to it, with a notice.
	MaxBytes int64
	// Timeout bounds one fetch, redirects and body included: DefaultTimeout when 0.
	Timeout time.Duration
	// IgnoreRobots turns off robots.txt checks.
	IgnoreRobots bool
	// Resolver resolves host names (tests inject rebinding resolvers); net.DefaultResolver when nil.
	Resolver egress.Resolver
	// RootCAs replaces the system roots for verifying servers (private CAs, tests). Certificates are
	// always verified.
	RootCAs *x509.CertPool
	// MaxText caps the characters of page text returned by read_webpage: DefaultMaxText when 0.
	MaxText int
	// Screen, when set, judges every HTML page's raw markup, hidden elements included, before its
	// visible text is returned (the agent loop only sees the visible text). GuardScreen adapts a
	// *guard.Guard. A flagged page calls Taint and carries a notice.
	Screen func(page, source string) (flagged bool, reasons []string)
	// Taint, when set, marks the run as having read a likely prompt injection; policy.(*Rules).Taint
	// fits. A flagged page also sets tool.Result.Flagged, which the agent loop turns into a taint
	// and a notice to the user, so the agent loop needs no Taint hook.
	Taint func(why string) bool
	// Logger receives debug records of fetches (URLs without query strings); slog.Default() when nil.
	Logger *slog.Logger
}

func (c Config) withDefaults() Config {
	if c.MaxBytes <= 0 {
		c.MaxBytes = DefaultMaxBytes
	}
	if c.Timeout <= 0 {
		c.Timeout = DefaultTimeout
	}
	if c.UserAgent == "" {
		c.UserAgent = egress.UserAgent
	}
	if c.MaxText <= 0 {
		c.MaxText = DefaultMaxText
	}
	if c.Logger == nil {
		c.Logger = slog.Default()
	}
	return c
}

// Tools returns read_webpage, download_file (when cfg.Workspace is set) and web_search (when
// cfg.Search is set). The tools share one HTTP client and one robots.txt cache for the run. All
// of them reach the network, so they are tool.Consequential: after a prompt injection taints the
// run they need the user's approval.
func Tools(cfg Config) []tool.Tool {
	f := newFetcher(cfg.withDefaults())
	out := []tool.Tool{f.readWebpageTool()}
	if cfg.Workspace != nil {
		out = append(out, f.downloadTool())
	}
	if cfg.Search != nil {
		out = append(out, searchTool(cfg.Search))
	}
	return out
}

// WarnAllowAll returns a warning for the user when the policy lets the web tools reach any host
// ("--allow-net '*'"), and "" otherwise.
func WarnAllowAll(p egress.Policy) string {
	for _, e := range strings.Split(p.String(), ",") {
		if e == "*" || strings.HasPrefix(e, "*:") {
			return "warning: --allow-net '" + e + "' lets the agent's web tools reach any public host: " +
				"instructions injected into one page can make the agent send what it knows anywhere. " +
				"Private, loopback and cloud metadata addresses stay refused. Prefer listing the domains the task needs."
		}
	}
	return ""
}

// GuardScreen adapts g for Config.Screen: the detector sees the raw page, hidden parts included.
func GuardScreen(g *guard.Guard) func(page, source string) (bool, []string) {
	return func(page, source string) (bool, []string) {
		v, _ := g.ScreenHTML(page, source)
		return v.Flagged || v.Blocked, v.Reasons
	}
}

// allowedHosts tells the model, in a tool description, which hosts it may reach.
func allowedHosts(p egress.Policy) string {
	if p.String() == "" {
		return "Web access is off in this run: no host can be reached until the user allows one."
	}
	return "Only these hosts (the run's web allowlist) can be reached: " + strings.ReplaceAll(p.String(), ",", ", ") + "."
}

// fetcher holds the run's HTTP clients and robots.txt cache.
type fetcher struct {
	cfg    Config
	client *http.Client // page and file fetches; redirects also pass robots.txt
	robots *robotsCache
}

func newFetcher(cfg Config) *fetcher {
	opts := egress.ClientOptions{
		Resolver:  cfg.Resolver,
		MaxBytes:  cfg.MaxBytes,
		Timeout:   cfg.Timeout,
		UserAgent: cfg.UserAgent,
		RootCAs:   cfg.RootCAs,
	}
	f := &fetcher{cfg: cfg, client: egress.NewClient(cfg.Policy, opts)}
	robotsOpts := opts
	// Only maxRobotsBytes are read; the client cap only refuses absurd announced lengths.
	robotsOpts.MaxBytes = 16 << 20
	f.robots = newRobotsCache(egress.NewClient(cfg.Policy, robotsOpts))
	check := f.client.CheckRedirect
	f.client.CheckRedirect = func(req *http.Request, via []*http.Request) error {
		err := check(req, via)
		if err == nil && !cfg.IgnoreRobots {
			err = f.robots.check(req.Context(), req.URL)
		}
		if err != nil {
			return &redirectError{to: req.URL, err: err}
		}
		return nil
	}
	return f
}

// parseTarget parses a URL chosen by the model and refuses what the web tools never fetch, with
// a message the model can act on.
func parseTarget(raw string) (*url.URL, error) {
	raw = strings.TrimSpace(raw)
	if raw == "" {
		return nil, fmt.Errorf("%w: the url is empty", ErrBadURL)
	}
	for _, r := range raw {
		if unicode.IsSpace(r) || unicode.IsControl(r) {
			return nil, fmt.Errorf("%w: the url contains spaces or control characters; percent-encode them", ErrBadURL)
		}
	}
	u, err := url.Parse(raw)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrBadURL, unwrapURLError(err))
	}
	switch strings.ToLower(u.Scheme) {
	case "http", "https":
	case "":
		return nil, fmt.Errorf("%w: %q has no scheme; give a full URL such as https://%s", ErrBadURL, shorten(raw, 100), shorten(strings.TrimPrefix(raw, "//"), 100))
	default:
		return nil, fmt.Errorf("%w: the %s: scheme is not allowed; only http and https URLs can be fetched", ErrBadURL, shorten(strings.ToLower(u.Scheme), 20))
	}
	if u.Opaque != "" || u.Host == "" {
		return nil, fmt.Errorf("%w: %q has no host", ErrBadURL, shorten(raw, 100))
	}
	if u.User != nil {
		return nil, fmt.Errorf("%w: URLs with user names or passwords (user:password@host) are not allowed", ErrBadURL)
	}
	u.Scheme = strings.ToLower(u.Scheme)
	u.Fragment, u.RawFragment = "", ""
	return u, nil
}

// get fetches u (already checked by parseTarget) after the allowlist and robots.txt checks. The
// caller closes the body; resp.Request.URL is the URL finally fetched, after redirects. Only 2xx
// answers are returned.
func (f *fetcher) get(ctx context.Context, u *url.URL, accept string) (*http.Response, error) {
	if f.cfg.Policy.String() == "" {
		return nil, fmt.Errorf("%w: no web host is allowed in this run, so %s cannot be fetched; to allow it, the user can run paddock with --allow-net %s",
			ErrNoAllowlist, redact(u), suggestHost(u))
	}
	if err := f.cfg.Policy.CheckURL(u); err != nil {
		return nil, f.explain(u, err)
	}
	if !f.cfg.IgnoreRobots {
		if err := f.robots.check(ctx, u); err != nil {
			return nil, err
		}
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrBadURL, err)
	}
	req.Header.Set("Accept", accept)
	start := time.Now()
	resp, err := f.client.Do(req)
	if err != nil {
		f.cfg.Logger.Debug("web: fetch failed", "url", redact(u), "err", unwrapURLError(err))
		return nil, f.explain(u, err)
	}
	f.cfg.Logger.Debug("web: fetched", "url", redact(u), "final", redact(resp.Request.URL), "status", resp.StatusCode, "took", time.Since(start))
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		resp.Body.Close()
		return nil, fmt.Errorf("%w: %s answered HTTP %s", ErrHTTPStatus, redact(resp.Request.URL), statusText(resp.StatusCode))
	}
	return resp, nil
}

// redirectError is a redirect hop refused by the policy or robots.txt.
type redirectError struct {
	to  *url.URL
	err error
}

func (e *redirectError) Error() string { return "redirect to " + redact(e.to) + ": " + e.err.Error() }
func (e *redirectError) Unwrap() error { return e.err }

// explain turns a fetch error into a message the model can act on, keeping the sentinel errors.
func (f *fetcher) explain(u *url.URL, err error) error {
	var re *redirectError
	if errors.As(err, &re) && !errors.Is(err, egress.ErrTooManyRedirects) {
		return fmt.Errorf("%s redirected to %s, which was refused: %w", redact(u), redact(re.to), f.explain(re.to, re.err))
	}
	var de *egress.DenyError
	switch {
	case errors.Is(err, ErrRobots):
		return err
	case errors.As(err, &de):
		if de.Reason == "not in the allowlist" {
			entry := strings.TrimPrefix(de.Hint, "to allow it, add --allow-net ")
			return fmt.Errorf("%w: %s is not in this run's web allowlist (%s); to allow it, the user can run paddock with --allow-net %s",
				egress.ErrDenied, de.Host, f.cfg.Policy, entry)
		}
		// Address refusals (private, loopback, metadata, odd spellings) carry no hint: the model
		// should not talk the user into opening internal addresses.
		return fmt.Errorf("%w: %s: %s; the web tools do not fetch such addresses", egress.ErrDenied, de.Host, de.Reason)
	case errors.Is(err, egress.ErrTooManyRedirects):
		return fmt.Errorf("fetching %s: it redirects too many times: %w", redact(u), egress.ErrTooManyRedirects)
	case errors.Is(err, egress.ErrTooLarge):
		return fmt.Errorf("fetching %s: the response is larger than the %d-byte limit: %w", redact(u), f.cfg.MaxBytes, ErrTooLarge)
	case errors.Is(err, context.DeadlineExceeded) || isTimeout(err):
		return fmt.Errorf("fetching %s: no complete answer within %s: %w", redact(u), f.cfg.Timeout, context.DeadlineExceeded)
	case errors.Is(err, context.Canceled):
		return fmt.Errorf("fetching %s: %w", redact(u), context.Canceled)
	}
	var cve *tls.CertificateVerificationError
	if errors.As(err, &cve) {
		return fmt.Errorf("fetching %s: the server's TLS certificate could not be verified: %w", redact(u), cve.Err)
	}
	return fmt.Errorf("fetching %s: %w", redact(u), unwrapURLError(err))
}

func isTimeout(err error) bool {
	var ne net.Error
	return errors.As(err, &ne) && ne.Timeout()
}

// unwrapURLError drops the *url.Error wrapper, whose message repeats the full URL (with its
// query string, which may carry secrets).
func unwrapURLError(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err
	}
	return err
}

// redact renders u without user info, query or fragment, for messages and logs.
func redact(u *url.URL) string {
	if u == nil {
		return ""
	}
	c := *u
	c.User = nil
	c.RawQuery, c.ForceQuery = "", false
	c.Fragment, c.RawFragment = "", ""
	return shorten(c.String(), 300)
}

// suggestHost is the --allow-net entry for u's host.
func suggestHost(u *url.URL) string {
	h := u.Hostname()
	if strings.Contains(h, ":") {
		h = "[" + h + "]"
	}
	if p := u.Port(); p != "" && !(p == "80" && u.Scheme == "http") && !(p == "443" && u.Scheme == "https") {
		h += ":" + p
	}
	return h
}

func statusText(code int) string {
	if t := http.StatusText(code); t != "" {
		return fmt.Sprintf("%d %s", code, t)
	}
	return fmt.Sprint(code)
}

// shorten cuts s to at most n bytes on a rune boundary, marking the cut.
func shorten(s string, n int) string {
	if len(s) <= n {
		return s
	}
	i := n
	for i > 0 && !isRuneStart(s[i]) {
		i--
	}
	return s[:i] + "…"
}

func isRuneStart(b byte) bool { return b&0xC0 != 0x80 }

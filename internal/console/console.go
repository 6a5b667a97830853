package console

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/paddock-dev/paddock/internal/store"
	"github.com/paddock-dev/paddock/internal/tenant"
)

// Store is what the console reads: a key's record (to start and re-check sessions) and a tenant's
// scope (tasks, steps, artifacts, audit, keys and usage of the signed-in tenant only). Changes go
// through the API, never through the store.
type Store interface {
	KeyByHash(ctx context.Context, hash string) (*store.APIKey, error)
	Tenant(name string) *store.Scope
}

// Config configures a Console. Store is required.
type Config struct {
	Store Store
	// TLS is set when the listener serves HTTPS: cookies are then Secure and __Host- prefixed.
	TLS bool
	// SessionLifetime bounds a session (default DefaultSessionLifetime).
	SessionLifetime time.Duration
	// MaxUploadBytes bounds the files of one new-task form together (default 64 MiB); the API
	// still applies its own per-file limit.
	MaxUploadBytes int64
	// Context, when it ends (the server starts draining), ends the console's event streams and
	// stops its step drivers before their next step, so a drain is not held up by open pages.
	Context context.Context
	Logger  *slog.Logger
	// Sealer, the server's master key, puts sessions in the database when Store keeps them
	// (SessionStore; *store.DB does) with their API keys sealed: every node on the database then
	// serves every session, and sessions survive a restart. Without it they live in this process.
	Sealer *tenant.Sealer
}

// Console is the web console's http.Handler. It serves "/" (a redirect) and everything under
// /console/.
type Console struct {
	cfg      Config
	api      atomic.Pointer[http.Handler]
	sessions *sessions
	mux      *http.ServeMux
	pages    *pages
	hub      *hub
	drivers  *drivers
	log      *slog.Logger

	ctx    context.Context // ends on Close: background step drivers stop
	cancel context.CancelFunc
	wg     sync.WaitGroup
}

// New makes a console. It acts only once UseAPI has given it the server's API handler.
func New(cfg Config) (*Console, error) {
	if cfg.Store == nil {
		return nil, errors.New("console: Store is required")
	}
	if cfg.MaxUploadBytes <= 0 {
		cfg.MaxUploadBytes = 64 << 20
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	p, err := loadPages()
	if err != nil {
		return nil, err
	}
	c := &Console{cfg: cfg, sessions: newSessions(cfg.SessionLifetime), pages: p, hub: newHub(), log: cfg.Logger}
	c.sessions.log = cfg.Logger
	if ss, ok := cfg.Store.(SessionStore); ok && cfg.Sealer != nil {
		c.sessions.db, c.sessions.sealer = ss, cfg.Sealer
	}
	c.drivers = &drivers{running: map[string]bool{}, notes: map[string]string{}}
	if cfg.Context == nil {
		cfg.Context = context.Background()
	}
	c.ctx, c.cancel = context.WithCancel(context.WithoutCancel(cfg.Context))
	context.AfterFunc(cfg.Context, c.cancel)
	c.routes()
	return c, nil
}

// UseAPI gives the console the server's API handler, through which it makes every change.
func (c *Console) UseAPI(h http.Handler) { c.api.Store(&h) }

func (c *Console) apiHandler() http.Handler {
	if p := c.api.Load(); p != nil {
		return *p
	}
	return nil
}

// Close stops the console's background step drivers and waits for them (a step already sent
// to the API finishes there, as any client's would).
func (c *Console) Close() error {
	c.cancel()
	c.wg.Wait()
	return nil
}

// Paths the console serves; the server's route table marks them public (the console signs its
// own sessions in and acts with their keys).
const (
	Prefix = "/console/"
)

// access says what a console route needs.
type access int

const (
	open    access = iota // the sign-in page, assets, the redirect from /
	reading               // a live session
	acting                // a live session, a same-origin request and the session's CSRF token
)

// consoleRoute is one entry of the console's route table; a test walks it and requires a sign-in
// for every reading route and a CSRF token for every acting one.
type consoleRoute struct {
	pattern string
	access  access
	h       any // http.HandlerFunc for open routes, handler otherwise
}

func (c *Console) routeTable() []consoleRoute {
	return []consoleRoute{
		{"GET /{$}", open, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			http.Redirect(w, r, Prefix, http.StatusSeeOther)
		})},
		{"GET /console/static/{version}/{name}", open, http.HandlerFunc(c.static)},
		{"GET /console/signin", open, http.HandlerFunc(c.signinPage)},
		{"POST /console/signin", open, http.HandlerFunc(c.signin)},
		{"POST /console/signout", acting, handler(c.signout)},
		{"GET /console/{$}", reading, handler(c.tasksPage)},
		{"GET /console/tasks/new", reading, handler(c.newTaskPage)},
		{"POST /console/tasks", acting, handler(c.createTask)},
		{"GET /console/tasks/{task_id}", reading, handler(c.taskPage)},
		{"GET /console/tasks/{task_id}/events", reading, handler(c.taskEvents)},
		{"POST /console/tasks/{task_id}/run", acting, handler(c.runTask)},
		{"POST /console/tasks/{task_id}/answer", acting, handler(c.answer)},
		{"GET /console/tasks/{task_id}/artifacts/{artifact_id}", reading, handler(c.downloadArtifact)},
		{"GET /console/audit", reading, handler(c.auditPage)},
		{"GET /console/admin", reading, handler(c.adminPage)},
		{"POST /console/admin/network", acting, handler(c.setNetwork)},
		{"POST /console/admin/keys", acting, handler(c.createKey)},
		{"POST /console/admin/keys/{key_id}/revoke", acting, handler(c.revokeKey)},
		// Anything else: sign in first, then 404.
		{"/", reading, handler(func(http.ResponseWriter, *http.Request, *session) error { return errNotFound })},
	}
}

func (c *Console) routes() {
	m := http.NewServeMux()
	for _, rt := range c.routeTable() {
		switch rt.access {
		case open:
			m.Handle(rt.pattern, rt.h.(http.HandlerFunc))
		case reading:
			m.Handle(rt.pattern, c.page(rt.h.(handler)))
		case acting:
			m.Handle(rt.pattern, c.action(rt.h.(handler)))
		}
	}
	c.mux = m
}

// ServeHTTP serves the console with its security headers on every answer.
func (c *Console) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("Content-Security-Policy", csp)
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("X-Frame-Options", "DENY")
	h.Set("Referrer-Policy", "same-origin") // no-referrer would make Chromium send "Origin: null" with forms
	h.Set("Cross-Origin-Opener-Policy", "same-origin")
	h.Set("Cross-Origin-Resource-Policy", "same-origin")
	h.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
	if c.cfg.TLS {
		h.Set("Strict-Transport-Security", "max-age=31536000")
	}
	c.mux.ServeHTTP(w, r)
}

// csp allows script, style, images and connections (the event stream) from the console's own
// origin only: no inline script or style, no eval, no third-party origin, no plugin, no framing,
// forms post only to the console.
const csp = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; " +
	"font-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"

// errNotFound is the console's 404: an id of another tenant gets it too.
var errNotFound = &APIError{Status: http.StatusNotFound, Code: "not_found", Message: "not found"}

// errForbidden answers a page the session's role may not see.
func errForbidden(need tenant.Role) error {
	return &APIError{Status: http.StatusForbidden, Code: "forbidden", Message: fmt.Sprintf("this page needs the %s role", need)}
}

// handler is a console page or action with its live session.
type handler func(w http.ResponseWriter, r *http.Request, s *session) error

// current returns the request's live session: one whose key is still valid.
func (c *Console) current(r *http.Request) (*session, error) {
	ck, err := r.Cookie(c.sessionCookieName())
	if err != nil {
		return nil, ErrNoSession
	}
	s, err := c.sessions.get(r.Context(), ck.Value)
	if err != nil {
		return nil, err
	}
	if err := c.sessions.checkKey(r.Context(), c.cfg.Store, s); err != nil {
		return nil, err
	}
	return s, nil
}

// page serves a read-only page to a signed-in session; others go to the sign-in page.
func (c *Console) page(h handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s, err := c.current(r)
		if err != nil {
			c.toSignin(w, r, err)
			return
		}
		if err := h(w, r, s); err != nil {
			c.fail(w, r, s, err)
		}
	})
}

// action serves a state-changing request: a live session, a same-origin request when the browser
// says where it came from, and the session's CSRF token.
func (c *Console) action(h handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s, err := c.current(r)
		if err != nil {
			c.toSignin(w, r, err)
			return
		}
		r.Body = http.MaxBytesReader(w, r.Body, c.cfg.MaxUploadBytes+1<<20)
		if strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/form-data") {
			err = r.ParseMultipartForm(1 << 20)
		} else {
			err = r.ParseForm()
		}
		if err != nil {
			c.fail(w, r, s, &APIError{Status: http.StatusBadRequest, Code: "bad_request", Message: "the form could not be read: " + clip(err.Error(), 200)})
			return
		}
		if !sameOrigin(r) || checkCSRF(s, r.PostFormValue("csrf")) != nil {
			c.fail(w, r, s, &APIError{Status: http.StatusForbidden, Code: "csrf", Message: "this form is not from this console page (CSRF token missing or wrong); reload the page and try again"})
			return
		}
		if err := h(w, r, s); err != nil {
			c.fail(w, r, s, err)
		}
	})
}

// sameOrigin refuses a request whose Origin (or, without one, Sec-Fetch-Site) says another site
// sent it. The server's Host/Origin check has already held the Origin to the allowed names.
func sameOrigin(r *http.Request) bool {
	if o := r.Header.Get("Origin"); o != "" && o != "null" {
		u, err := url.Parse(o)
		return err == nil && strings.EqualFold(u.Host, r.Host)
	}
	if o := r.Header.Get("Origin"); o == "null" {
		return false
	}
	switch r.Header.Get("Sec-Fetch-Site") {
	case "", "same-origin", "none":
		return true
	}
	return false
}

// toSignin sends a request without a live session to the sign-in page (an event stream gets 401
// and closes).
func (c *Console) toSignin(w http.ResponseWriter, r *http.Request, err error) {
	if !errors.Is(err, ErrNoSession) && !errors.Is(err, ErrKeyGone) {
		c.log.Error("console session check failed", "err", err)
		c.renderError(w, r, nil, http.StatusServiceUnavailable, "cannot check the session now; retry")
		return
	}
	if ck, e := r.Cookie(c.sessionCookieName()); e == nil && ck.Value != "" {
		http.SetCookie(w, c.cookie(c.sessionCookieName(), "", time.Time{}))
	}
	if strings.HasSuffix(r.URL.Path, "/events") {
		w.Header().Set("Cache-Control", "no-store")
		http.Error(w, "signed out", http.StatusUnauthorized)
		return
	}
	q := url.Values{}
	if errors.Is(err, ErrKeyGone) {
		q.Set("ended", "key")
	}
	if r.Method == http.MethodGet && r.URL.Path != Prefix {
		q.Set("next", r.URL.Path)
	}
	target := Prefix + "signin"
	if len(q) > 0 {
		target += "?" + q.Encode()
	}
	http.Redirect(w, r, target, http.StatusSeeOther)
}

// fail shows err as an error page: the API's own status and message, or 404, or a generic 500.
func (c *Console) fail(w http.ResponseWriter, r *http.Request, s *session, err error) {
	var ae *APIError
	switch {
	case errors.As(err, &ae):
		if ae.Status == http.StatusUnauthorized {
			// The key died between the session check and the API call.
			c.sessions.endKey(r.Context(), s.keyHash)
			c.toSignin(w, r, ErrKeyGone)
			return
		}
		c.renderError(w, r, s, ae.Status, ae.Message)
	case errors.Is(err, store.ErrNotFound):
		c.renderError(w, r, s, http.StatusNotFound, "not found")
	default:
		c.log.Error("console request failed", "path", r.URL.Path, "err", err)
		c.renderError(w, r, s, http.StatusInternalServerError, "internal error; the server's log has the details")
	}
}

func clip(s string, n int) string {
	if len(s) > n {
		return s[:n]
	}
	return s
}

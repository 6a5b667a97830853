package server

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"runtime/debug"
	"strings"
	"sync"
	"time"

	"github.com/paddock-dev/paddock/internal/store"
	"github.com/paddock-dev/paddock/internal/tenant"
)

// access says who may call a route.
type access int

const (
	// public routes answer without a key: only /healthz and /readyz.
	public access = iota
	// keyed routes need a tenant's key with at least the route's role.
	keyed
	// metricsAccess takes the metrics token or a tenant admin key.
	metricsAccess
)

type handlerFunc func(w http.ResponseWriter, r *http.Request, p *principal) error

// route is one entry of the route table. Every route of the server is in it, with its access:
// a test walks the table and requires 401 without a key for all but the public ones.
type route struct {
	pattern string // a net/http ServeMux pattern with its method
	access  access
	role    tenant.Role // the least role of a keyed route
	// body is the request body limit; 0 means the JSON limit.
	body int64
	h    handlerFunc
}

func (s *Server) routeTable() []route {
	up := s.cfg.Limits.MaxUploadBytes + 1<<20 // multipart framing
	return append(s.consoleRoutes(), []route{
		{pattern: "GET /healthz", access: public, h: s.healthz},
		{pattern: "GET /readyz", access: public, h: s.readyz},
		{pattern: "GET /metrics", access: metricsAccess, role: tenant.Admin, h: s.serveMetrics},

		{pattern: "POST /ap/v1/agent/tasks", access: keyed, role: tenant.Member, h: s.createTask},
		{pattern: "GET /ap/v1/agent/tasks", access: keyed, role: tenant.Viewer, h: s.listTasks},
		{pattern: "GET /ap/v1/agent/tasks/{task_id}", access: keyed, role: tenant.Viewer, h: s.getTask},
		{pattern: "POST /ap/v1/agent/tasks/{task_id}/steps", access: keyed, role: tenant.Member, h: s.createStep},
		{pattern: "GET /ap/v1/agent/tasks/{task_id}/steps", access: keyed, role: tenant.Viewer, h: s.listSteps},
		{pattern: "GET /ap/v1/agent/tasks/{task_id}/steps/{step_id}", access: keyed, role: tenant.Viewer, h: s.getStep},
		{pattern: "POST /ap/v1/agent/tasks/{task_id}/artifacts", access: keyed, role: tenant.Member, body: up, h: s.uploadArtifact},
		{pattern: "GET /ap/v1/agent/tasks/{task_id}/artifacts", access: keyed, role: tenant.Viewer, h: s.listArtifacts},
		{pattern: "GET /ap/v1/agent/tasks/{task_id}/artifacts/{artifact_id}", access: keyed, role: tenant.Viewer, h: s.downloadArtifact},

		{pattern: "POST /paddock/v1/shares", access: keyed, role: tenant.Admin, h: s.createShare},
		{pattern: "GET /paddock/v1/shares", access: keyed, role: tenant.Viewer, h: s.listShares},
		{pattern: "DELETE /paddock/v1/shares/{share_id}", access: keyed, role: tenant.Admin, h: s.revokeShare},
		{pattern: "GET /paddock/v1/shared/{share_id}", access: keyed, role: tenant.Viewer, h: s.downloadShared},

		{pattern: "POST /paddock/v1/keys", access: keyed, role: tenant.Admin, h: s.createKey}, // keys.go
		{pattern: "GET /paddock/v1/keys", access: keyed, role: tenant.Admin, h: s.listKeys},
		{pattern: "DELETE /paddock/v1/keys/{key_id}", access: keyed, role: tenant.Admin, h: s.revokeKey},
		{pattern: "GET /paddock/v1/usage", access: keyed, role: tenant.Viewer, h: s.getUsage}, // usage.go

		{pattern: "GET /paddock/v1/network", access: keyed, role: tenant.Viewer, h: s.getNetwork},
		{pattern: "PUT /paddock/v1/network", access: keyed, role: tenant.Admin, h: s.setNetwork},
		{pattern: "GET /paddock/v1/rules", access: keyed, role: tenant.Viewer, h: s.getRules},
		{pattern: "PUT /paddock/v1/rules", access: keyed, role: tenant.Admin, h: s.setRules},
		{pattern: "GET /paddock/v1/mcp-servers", access: keyed, role: tenant.Admin, h: s.getMCPServers}, // set by the operator only (mcp.go)

		// Everything else: 401 without a key, 404 with one.
		{pattern: "/", access: keyed, role: tenant.Viewer, h: func(http.ResponseWriter, *http.Request, *principal) error {
			return notFound("route")
		}},
	}...)
}

// consoleRoutes are the web console's, when the server has one (Config.Console). They are public
// as the health checks are: the console signs its own sessions in and acts only through this
// table's other routes, with the session's key and so its role.
func (s *Server) consoleRoutes() []route {
	if s.cfg.Console == nil {
		return nil
	}
	return []route{
		{pattern: "GET /{$}", access: public, h: s.serveConsole},
		{pattern: "/console/", access: public, h: s.serveConsole},
	}
}

// statusWriter remembers the status written.
type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

// Unwrap lets http.ResponseController reach the connection (the console's event stream flushes).
func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// serveConsole hands a request to the web console.
func (s *Server) serveConsole(w http.ResponseWriter, r *http.Request, _ *principal) error {
	s.cfg.Console.ServeHTTP(w, r)
	return nil
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	return w.ResponseWriter.Write(b)
}

// wrap applies, in order: panic recovery, the Host/Origin check, authentication and role, the
// tenant's rate limit, the body limit; then runs the handler, and records metrics and the audit
// entry of the request.
func (s *Server) wrap(rt route) http.Handler {
	name := rt.pattern
	limit := rt.body
	if limit == 0 {
		limit = s.cfg.Limits.MaxBodyBytes
	}
	return http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		start := time.Now()
		w := &statusWriter{ResponseWriter: rw}
		label := "unauthenticated"
		defer func() {
			if v := recover(); v != nil {
				s.log.Error("panic in handler", "route", name, "panic", fmt.Sprint(v), "stack", string(debug.Stack()))
				if w.status == 0 {
					writeError(w, fmt.Errorf("panic"))
				}
			}
			s.metrics.request(label, name, w.status, time.Since(start))
			s.logRequest(r, w.status, label, time.Since(start))
		}()
		if !s.hostAllowed(r) {
			writeError(w, errorf(http.StatusForbidden, "forbidden_host", "this server does not answer to that Host or Origin"))
			return
		}
		if rt.access == public {
			if err := rt.h(w, r, nil); err != nil {
				writeError(w, err)
			}
			return
		}
		p, aerr := s.authenticate(r, rt.access == metricsAccess)
		if aerr != nil {
			s.metrics.denial(label, "auth")
			writeError(w, aerr)
			return
		}
		if p.Operator {
			label = "operator"
		} else {
			label = p.Tenant
			// The rate limit comes first, so denied requests cost their sender as much as
			// allowed ones; both kinds of refusal are audited as counts per second, not one
			// entry each.
			if ok, retry := s.limits.allow(p.Tenant, p.shared); !ok {
				s.metrics.denial(p.Tenant, "rate_limit")
				s.throttled.add(p.Tenant, p.KeyID, "rate_limited", "429")
				writeError(w, tooMany("rate_limited", retry, "this tenant is over its request rate of %g/s", s.cfg.Limits.RatePerSecond))
				return
			}
			if !p.Role.AtLeast(rt.role) {
				s.metrics.denial(p.Tenant, "role")
				s.throttled.add(p.Tenant, p.KeyID, "forbidden", "403")
				writeError(w, errorf(http.StatusForbidden, "forbidden", "a %s key cannot do this; it needs the %s role", p.Role, rt.role))
				return
			}
		}
		r.Body = http.MaxBytesReader(w, r.Body, limit)
		p.route = name
		err := rt.h(w, r, p)
		msg := ""
		if err != nil {
			e := writeError(w, err)
			msg = e.Message
			if e.Status >= 500 {
				s.log.Error("request failed", "route", name, "tenant", p.Tenant, "err", err)
			}
			if e.Status == http.StatusTooManyRequests {
				s.metrics.denial(p.Tenant, e.Code)
			}
		}
		if !p.Operator {
			s.auditRequest(r, p, name, w.status, msg)
		}
	})
}

// logRequest writes the one info line every request gets: its method, path (ids included, the
// query string never: it could hold a secret), status, tenant ("unauthenticated" before a key was
// accepted, "operator" for the metrics token) and duration. Keys are never logged.
func (s *Server) logRequest(r *http.Request, status int, tenant string, d time.Duration) {
	if status == 0 {
		status = http.StatusOK // net/http's answer when a handler wrote nothing
	}
	s.log.Info("request", "method", r.Method, "path", clip(r.URL.EscapedPath(), 512), "status", status,
		"tenant", tenant, "duration", d)
}

// auditRequest appends the request to the tenant's chain before the response is complete,
// unless its handler did (principal.audited).
func (s *Server) auditRequest(r *http.Request, p *principal, route string, status int, msg string) {
	if p.audited {
		return
	}
	// The handler's own entries (principal.audit) go first, in the same transaction.
	if err := s.audit.AppendBatch(context.WithoutCancel(r.Context()), append(p.audit, requestEntry(r, p, route, status, msg))); err != nil {
		s.log.Error("audit append failed", "tenant", p.Tenant, "err", err)
	}
}

// requestEntry is a request's own entry in its tenant's audit chain: the route, the ids in its
// path, its status and the error's message.
func requestEntry(r *http.Request, p *principal, route string, status int, msg string) *store.AuditEntry {
	var target []string
	for _, k := range []string{"task_id", "step_id", "artifact_id", "share_id", "key_id"} {
		if v := r.PathValue(k); v != "" {
			target = append(target, v)
		}
	}
	detail, _ := json.Marshal(map[string]string{"path": clip(r.URL.Path, 512), "message": msg})
	return &store.AuditEntry{Tenant: p.Tenant, Actor: p.KeyID, Action: route, Target: strings.Join(target, "/"), Outcome: fmt.Sprint(status), Detail: string(detail)}
}

func clip(s string, n int) string {
	if len(s) > n {
		return s[:n]
	}
	return s
}

// throttleLog audits rate-limited requests once per tenant and second, with their count, so a
// flood cannot turn into a flood of audit writes that slows every other tenant.
type throttleLog struct {
	s      *Server
	mu     sync.Mutex
	counts map[[4]string]int // tenant, key, action, outcome -> requests
	stop   chan struct{}
	done   chan struct{}
}

func newThrottleLog(s *Server) *throttleLog {
	t := &throttleLog{s: s, counts: map[[4]string]int{}, stop: make(chan struct{}), done: make(chan struct{})}
	go t.loop()
	return t
}

func (t *throttleLog) add(tenant, key, action, outcome string) {
	t.mu.Lock()
	t.counts[[4]string{tenant, key, action, outcome}]++
	t.mu.Unlock()
}

func (t *throttleLog) loop() {
	defer close(t.done)
	tick := time.NewTicker(time.Second)
	defer tick.Stop()
	for {
		select {
		case <-tick.C:
			t.flush()
		case <-t.stop:
			t.flush()
			return
		}
	}
}

func (t *throttleLog) flush() {
	t.mu.Lock()
	counts := t.counts
	t.counts = map[[4]string]int{}
	t.mu.Unlock()
	for k, n := range counts {
		_ = t.s.audit.Append(context.Background(), &store.AuditEntry{Tenant: k[0], Actor: k[1], Action: k[2],
			Outcome: k[3], Detail: fmt.Sprintf(`{"requests":%d}`, n)})
	}
}

func (t *throttleLog) close() {
	select {
	case <-t.stop:
	default:
		close(t.stop)
	}
	<-t.done
}

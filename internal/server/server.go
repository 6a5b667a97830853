// Package server is paddock's multi-tenant Agent Protocol server (`paddock serve`): the REST API of
// AutoGPT's Agent Protocol v1, with API keys and roles, per-tenant isolation, rate limits, quotas,
// health, Prometheus metrics and a hash-chained audit log.
//
// Threat model: every tenant is untrusted towards every other, and so is anything on the network.
// What holds:
//   - no route but /healthz and /readyz answers without a valid key (a test walks every route);
//   - the tenant and role of a request come from its key alone; nothing in a body or header the
//     client sets can change them;
//   - every lookup names the tenant, so another tenant's task, step or artifact is 404, exactly as
//     an id that does not exist;
//   - one tenant cannot starve another: a token bucket per tenant, a cap on its running steps
//     below the server's total, daily quotas, body and upload limits, and server timeouts;
//   - model credentials are sealed at rest and never returned or logged;
//   - sharing between tenants happens only through an explicit, revocable, read-only grant, and
//     every request, tool call, approval, denial, detection and share is in the tenant's audit chain;
//   - a loopback listener answers only to the configured host names (DNS rebinding), and a
//     non-loopback listener needs TLS unless an explicitly insecure flag says otherwise.
//
// Durability: the store is SQLite in WAL mode (synchronous=NORMAL). A request's writes are committed
// before it is answered, and its audit entry before the answer is complete (for answers that fit
// the server's write buffer, before any byte is sent), so whatever the API acknowledged survives a
// crash or kill -9 of the server; after an OS crash or power loss the database stays consistent but the
// last commits may be lost. A step is on record as running before it starts; one cut short by a
// crash is marked interrupted at the next start, and the task continues from the state saved by its
// last finished step (tool calls made by the cut step may then run again).
//
// Several nodes: the server reaches storage only through the Store interface, which store.DB
// satisfies over any store.Backend, PostgreSQL included; one running step per task is enforced
// in the database. With a database shared by several nodes, Config.Cluster (cluster.go) makes a
// tenant's rate limit and running-step cap hold across the nodes, and each node marks the steps
// of nodes whose lease ran out interrupted, so their tasks resume on any node.
package server

import (
	"context"
	"crypto/subtle"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"path/filepath"
	"strings"
	"sync/atomic"
	"time"

	"github.com/paddock-dev/paddock/internal/assembly"
	"github.com/paddock-dev/paddock/internal/audit"
	"github.com/paddock-dev/paddock/internal/llm"
	"github.com/paddock-dev/paddock/internal/pricing"
	"github.com/paddock-dev/paddock/internal/sandbox"
	"github.com/paddock-dev/paddock/internal/store"
	"github.com/paddock-dev/paddock/internal/tenant"
)

// Store is the storage the server needs: *store.DB, over SQLite or, shared by several server
// nodes, PostgreSQL. Everything of a tenant's goes through Tenant(name); the other methods are
// the few that span tenants: authenticating a key, a tenant's own record, start-up recovery, a
// read through a share grant, and the audit log's group commit.
type Store interface {
	Ping(ctx context.Context) error
	Tenant(name string) *store.Scope
	KeyByHash(ctx context.Context, hash string) (*store.APIKey, error)
	LookupTenant(ctx context.Context, name string) (*store.Tenant, error)
	MarkInterruptedSteps(ctx context.Context, output string) ([]*store.APStep, error)
	SharedArtifact(ctx context.Context, grantee, shareID string) (*store.Share, *store.Artifact, error)
	AppendAuditBatch(ctx context.Context, es []*store.AuditEntry, hash func(*store.AuditEntry) string) error
}

var _ Store = (*store.DB)(nil)

// Config configures a Server. Store and DataDir are required.
type Config struct {
	Store   Store
	DataDir string // tenants' workspaces live under DataDir/tenants/<tenant>/workspaces/<task>

	// Model is the server-wide model endpoint, used by tenants without their own credential.
	Model llm.Config
	// Sealer opens tenants' sealed model keys; nil means tenants' own credentials cannot be used.
	Sealer *tenant.Sealer

	Limits Limits
	// AllowedHosts are the host names (without port) requests may name in Host and Origin. When
	// CheckHost is set and the list is empty, only localhost, 127.0.0.1 and ::1 are allowed.
	AllowedHosts []string
	CheckHost    bool
	// MetricsToken, when set, lets a scraper read every tenant's metrics with
	// "Authorization: Bearer TOKEN". A tenant's admin key reads its own tenant's series.
	MetricsToken string

	// AutoApprove names tools that run without asking; others wait for approval over the API.
	AutoApprove []string
	// Prices price the models for step costs and daily money quotas (rules.go); nil is
	// pricing.Defaults(). A model without a price costs nothing.
	Prices pricing.Table
	// Continuous makes tasks run their tool calls without approval unless their additional_input
	// says {"continuous": false} (for harnesses that cannot approve, like AutoGPT's benchmark).
	// A detected prompt injection still makes consequential calls wait for approval.
	Continuous bool
	// MaxSteps is each task's budget of model turns; StepTimeout bounds one step's wall time.
	MaxSteps    int
	StepTimeout time.Duration
	// Exec, when set, offers execute_shell and execute_python_code, each command run by
	// sandbox.Run with this configuration, in the task's workspace and under the tenant's own
	// host uids (TenantHostUID); its CPU time counts against the tenant's daily quota.
	Exec *sandbox.Config
	// Web, when set, offers every task the web tools (read_webpage, download_file, web_search with
	// a search backend). What they reach is each tenant's network grants, set by its admin; none
	// by default, so the tools refuse and say how to ask for a grant.
	Web *assembly.Web
	// AllowPrivate opens private, loopback or link-local ranges to every tenant's web tools (an
	// operator's choice, never a tenant admin's: it reaches the server's own network).
	AllowPrivate []netip.Prefix
	// Secrets are further values to redact from everything a task shows or stores (the search
	// backend's key).
	Secrets []string
	// ReadyCheck, when set, is part of /readyz (the sandbox self-test).
	ReadyCheck func(ctx context.Context) error
	// Cluster, when several server nodes share the database, holds the limits that must hold
	// across them and has this node mark the steps of stopped nodes (cluster.go); nil on one node.
	Cluster Cluster

	// OpenTenant, when set, serves requests that carry no API key as this tenant with the member
	// role, for stock Agent Protocol clients that cannot send a key (AutoGPT's benchmark). Only
	// for a loopback listener: the command line refuses it otherwise. Keys still work alongside,
	// and every request served this way is audited with the actor "open-tenant".
	OpenTenant string

	// Console, when set, is the web console (package console), served at / and /console/ on
	// the same listener, under the same Host/Origin check; it acts only through the API's routes.
	Console http.Handler

	Logger *slog.Logger
}

// Defaults for Config's zero fields.
const (
	DefaultStepTimeout = 5 * time.Minute
	DefaultMaxSteps    = 50
)

// DefaultAutoApprove are the read-only tools a task runs without asking.
var DefaultAutoApprove = []string{"read_file", "list_folder"}

// Server serves the Agent Protocol for many tenants.
type Server struct {
	cfg     Config
	st      Store
	log     *slog.Logger
	audit   *audit.Log
	limits  *limiter
	metrics *metrics
	locks   taskLocks
	routes  []route
	mux     *http.ServeMux
	hosts   map[string]bool

	// runCtx ends when in-flight steps must stop (the drain deadline passed).
	runCtx    context.Context
	cancelRun context.CancelFunc
	draining  atomic.Bool
	throttled *throttleLog
	// clusterWatch marks the steps of stopped nodes, with a Cluster.
	clusterWatch *clusterWatch
	disk         diskUsage
}

// New makes a server and marks the steps a previous run left running as interrupted.
func New(ctx context.Context, cfg Config) (*Server, error) {
	if cfg.Store == nil || cfg.DataDir == "" {
		return nil, errors.New("server: Store and DataDir are required")
	}
	cfg.Limits = cfg.Limits.withDefaults()
	if cfg.Model.HTTPClient == nil {
		// Every step makes its tenant's model client: they share one connection pool, so a step
		// reuses a kept-alive connection (no new TCP and TLS handshake) instead of leaving one
		// more idle connection (two descriptors, for 90 s) behind each time.
		cfg.Model.HTTPClient = llm.NewHTTPClient()
	}
	if cfg.StepTimeout <= 0 {
		cfg.StepTimeout = DefaultStepTimeout
	}
	if cfg.MaxSteps <= 0 {
		cfg.MaxSteps = DefaultMaxSteps
	}
	if cfg.AutoApprove == nil {
		cfg.AutoApprove = DefaultAutoApprove
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	abs, err := filepath.Abs(cfg.DataDir)
	if err != nil {
		return nil, fmt.Errorf("server: data dir: %w", err)
	}
	cfg.DataDir = abs
	s := &Server{cfg: cfg, st: cfg.Store, log: cfg.Logger, limits: newLimiter(cfg.Limits), metrics: newMetrics(),
		hosts: map[string]bool{}}
	s.runCtx, s.cancelRun = context.WithCancel(context.WithoutCancel(ctx))
	if cfg.CheckHost {
		names := cfg.AllowedHosts
		if len(names) == 0 {
			names = []string{"localhost", "127.0.0.1", "::1"}
		}
		for _, h := range names {
			s.hosts[strings.ToLower(strings.Trim(h, "[]"))] = true
		}
	}
	s.audit = audit.NewLog(cfg.Store)
	s.throttled = newThrottleLog(s)
	if err := s.recover(ctx); err != nil {
		s.audit.Close()
		return nil, err
	}
	s.watchCluster()
	s.routes = s.routeTable()
	s.mux = http.NewServeMux()
	for _, rt := range s.routes {
		s.mux.Handle(rt.pattern, s.wrap(rt))
	}
	return s, nil
}

// recover marks steps cut short by a crash; their tasks resume from the last saved state.
func (s *Server) recover(ctx context.Context) error {
	cut, err := s.st.MarkInterruptedSteps(ctx, "the server stopped while this step ran; its work since the last completed step was not saved. Send a new step to continue from there.")
	if err != nil {
		return fmt.Errorf("server: recover interrupted steps: %w", err)
	}
	for _, st := range cut {
		s.log.Warn("step interrupted by a server stop", "tenant", st.Tenant, "task", st.TaskID, "step", st.ID)
		s.metrics.stepReaped(st.Tenant)
		_ = s.audit.Append(ctx, &store.AuditEntry{Tenant: st.Tenant, Actor: "server", Action: "step.interrupted",
			Target: st.TaskID + "/" + st.ID, Outcome: string(store.APStepInterrupted)})
	}
	return nil
}

// Handler returns the server's HTTP handler.
func (s *Server) Handler() http.Handler { return s.mux }

// Close stops background work; call it after the HTTP server has shut down.
func (s *Server) Close() error {
	s.cancelRun()
	s.stopWatchingCluster()
	s.throttled.close()
	return s.audit.Close()
}

// HTTPServer returns an http.Server for the handler with the server's timeouts: headers must come
// within 10 s, a body within 2 minutes, and a response may take as long as a step plus a margin.
func (s *Server) HTTPServer() *http.Server {
	return &http.Server{
		Handler:           s.Handler(),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       2 * time.Minute,
		WriteTimeout:      s.cfg.StepTimeout + time.Minute,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(s.log.Handler(), slog.LevelWarn),
	}
}

// Serve serves on ln until ctx ends, then drains: new requests are refused, in-flight ones get up
// to drain to finish; steps still running then are stopped and left resumable.
func (s *Server) Serve(ctx context.Context, ln net.Listener, certFile, keyFile string, drain time.Duration) error {
	hs := s.HTTPServer()
	errc := make(chan error, 1)
	go func() {
		if certFile != "" {
			errc <- hs.ServeTLS(ln, certFile, keyFile)
		} else {
			errc <- hs.Serve(ln)
		}
	}()
	select {
	case err := <-errc:
		return fmt.Errorf("server: %w", err)
	case <-ctx.Done():
	}
	s.draining.Store(true)
	s.log.Info("draining", "deadline", drain)
	dctx, cancel := context.WithTimeout(context.Background(), drain)
	defer cancel()
	err := hs.Shutdown(dctx)
	if err != nil {
		// Steps still running: stop them (they are saved as interrupted) and give their
		// handlers a moment to answer.
		s.cancelRun()
		gctx, gcancel := context.WithTimeout(context.Background(), 5*time.Second)
		err = hs.Shutdown(gctx)
		gcancel()
		if err != nil {
			_ = hs.Close()
		}
	}
	if e := <-errc; e != nil && !errors.Is(e, http.ErrServerClosed) {
		return fmt.Errorf("server: %w", e)
	}
	return nil
}

// principal is who a request acts for: only ever taken from the API key.
type principal struct {
	Tenant string
	Role   tenant.Role
	KeyID  string
	// Operator is set for the metrics token: it may read every tenant's metrics and nothing else.
	Operator bool
	// audit holds entries a handler made (a step's tool calls, approvals, denials); the
	// request's own entry carries them to the chain in the same transaction, one commit per
	// request, before the response is complete.
	audit []*store.AuditEntry
	// route is the name of the request's route, its action in the audit chain (set by the router).
	route string
	// audited is set by a handler that wrote the request's own entry itself, with its work (a
	// step, in its finishing transaction): auditRequest then writes nothing.
	audited bool
	// shared, when set, is the token authentication took from the tenant's shared bucket with
	// the key (KeyTokenTaker); the rate limit uses it instead of taking another.
	shared *sharedToken
}

// OpenTenantActor is the audit actor of a request served without a key as Config.OpenTenant.
const OpenTenantActor = "open-tenant"

// errExpiredKey answers a key past its expiry; the refusal is audited in the key's tenant.
var errExpiredKey = errorf(http.StatusUnauthorized, "key_expired", "the API key has expired; ask the operator for a new one (paddock key create)")

// authenticate resolves the request's API key to a principal. The key comes in
// "Authorization: Bearer KEY" or "X-API-Key: KEY" (a header clients commonly let users set); a
// request with neither is the open tenant's when the server has one.
func (s *Server) authenticate(r *http.Request, allowOperator bool) (*principal, *Error) {
	h := r.Header.Get("Authorization")
	xkey := strings.TrimSpace(r.Header.Get("X-API-Key"))
	if h == "" && xkey != "" {
		h = "Bearer " + xkey
	}
	if h == "" {
		if s.cfg.OpenTenant != "" && !allowOperator {
			return &principal{Tenant: s.cfg.OpenTenant, Role: tenant.Member, KeyID: OpenTenantActor}, nil
		}
		return nil, errorf(http.StatusUnauthorized, "unauthenticated", "an API key is required: Authorization: Bearer %s... (or X-API-Key: %s...)", tenant.KeyPrefix, tenant.KeyPrefix)
	}
	if allowOperator && s.cfg.MetricsToken != "" {
		if scheme, tok, ok := strings.Cut(h, " "); ok && strings.EqualFold(scheme, "Bearer") &&
			subtle.ConstantTimeCompare([]byte(strings.TrimSpace(tok)), []byte(s.cfg.MetricsToken)) == 1 {
			return &principal{Operator: true, Tenant: "", KeyID: "metrics-token"}, nil
		}
	}
	key, err := tenant.ParseBearer(h)
	if err != nil {
		return nil, errorf(http.StatusUnauthorized, "unauthenticated", "the API key is not valid")
	}
	k, shared, err := s.keyByHash(r.Context(), tenant.HashKey(key))
	if err != nil {
		if errors.Is(err, store.ErrNotFound) || errors.Is(err, store.ErrRevoked) {
			return nil, errorf(http.StatusUnauthorized, "unauthenticated", "the API key is not valid")
		}
		var exp *store.ExpiredKeyError
		if errors.As(err, &exp) {
			// Counted per second in the key's tenant, as other refusals are: a client retrying
			// an expired key cannot flood the audit.
			s.throttled.add(exp.Key.Tenant, exp.Key.ID, "auth.key_expired", "401")
			s.metrics.denial(exp.Key.Tenant, "key_expired")
			return nil, errExpiredKey
		}
		s.log.Error("key lookup failed", "err", err)
		return nil, errorf(http.StatusServiceUnavailable, "unavailable", "cannot check the API key now; retry")
	}
	role, err := tenant.ParseRole(k.Role)
	if err != nil {
		return nil, errorf(http.StatusUnauthorized, "unauthenticated", "the API key is not valid")
	}
	return &principal{Tenant: k.Tenant, Role: role, KeyID: k.ID, shared: shared}, nil
}

// keyByHash finds a live key by its hash, as store.DB.KeyByHash. With a cluster that can, it
// takes a token from the key's tenant's shared bucket in the same round trip (the token a live
// key's request takes anyway, first thing after its authentication).
func (s *Server) keyByHash(ctx context.Context, hash string) (*store.APIKey, *sharedToken, error) {
	kt, ok := s.limits.cluster.(KeyTokenTaker)
	if !ok || s.limits.overHere(hash) {
		k, err := s.st.KeyByHash(ctx, hash)
		if err == nil && ok {
			s.limits.noteKey(hash, k.Tenant)
		}
		return k, nil, err
	}
	k, taken, retry, err := kt.KeyAndToken(ctx, hash, s.limits.limits.RatePerSecond, s.limits.limits.Burst)
	if err != nil {
		return nil, nil, err
	}
	if k, err = store.LiveKey(k); err != nil {
		return nil, nil, err
	}
	s.limits.noteKey(hash, k.Tenant)
	return k, &sharedToken{taken: taken, retry: retry}, nil
}

// hostAllowed checks Host and Origin against the allowed names (DNS rebinding, CSRF).
func (s *Server) hostAllowed(r *http.Request) bool {
	if !s.cfg.CheckHost {
		return true
	}
	host := r.Host
	if h, _, err := net.SplitHostPort(host); err == nil {
		host = h
	}
	if !s.hosts[strings.ToLower(strings.Trim(host, "[]"))] {
		return false
	}
	if o := r.Header.Get("Origin"); o != "" {
		u, err := url.Parse(o)
		if err != nil || !s.hosts[strings.ToLower(u.Hostname())] {
			return false
		}
	}
	return true
}

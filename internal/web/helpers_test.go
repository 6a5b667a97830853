package web

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/paddock-dev/paddock/internal/egress"
	"github.com/paddock-dev/paddock/internal/tool"
)

// loopback is the grant that lets tests reach their own servers.
var loopback = netip.MustParsePrefix("127.0.0.0/8")

// fakeResolver answers from a table; a name with several answer lists serves them in turn (the
// last repeats), like a rebinding DNS server. It counts lookups.
type fakeResolver struct {
	mu      sync.Mutex
	answers map[string][][]netip.Addr
	calls   map[string]int
}

func newResolver() *fakeResolver {
	return &fakeResolver{answers: map[string][][]netip.Addr{}, calls: map[string]int{}}
}

func (r *fakeResolver) set(host string, answers ...[]string) *fakeResolver {
	r.mu.Lock()
	defer r.mu.Unlock()
	var seq [][]netip.Addr
	for _, ans := range answers {
		var as []netip.Addr
		for _, a := range ans {
			as = append(as, netip.MustParseAddr(a))
		}
		seq = append(seq, as)
	}
	r.answers[host] = seq
	return r
}

func (r *fakeResolver) count(host string) int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.calls[host]
}

func (r *fakeResolver) LookupNetIP(_ context.Context, network, host string) ([]netip.Addr, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	i := r.calls[host]
	r.calls[host]++
	seq := r.answers[host]
	if len(seq) == 0 {
		return nil, fmt.Errorf("lookup %s: %w", host, errors.New("no such host"))
	}
	if i >= len(seq) {
		i = len(seq) - 1
	}
	var out []netip.Addr
	for _, a := range seq[i] {
		if (network == "ip4" && !a.Unmap().Is4()) || (network == "ip6" && a.Unmap().Is4()) {
			continue
		}
		out = append(out, a)
	}
	return out, nil
}

// site is a loopback test server reachable by name through a fake resolver.
type site struct {
	*httptest.Server
	mux  *http.ServeMux
	port string
	hits sync.Map // path -> *atomic.Int64
}

// newSite starts a server; mux handlers are added by the test. Every request is counted by path.
func newSite(t *testing.T) *site {
	t.Helper()
	s := &site{mux: http.NewServeMux()}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c, _ := s.hits.LoadOrStore(r.URL.Path, new(atomic.Int64))
		c.(*atomic.Int64).Add(1)
		s.mux.ServeHTTP(w, r)
	}))
	t.Cleanup(s.Close)
	_, s.port, _ = net.SplitHostPort(s.Listener.Addr().String())
	return s
}

// url returns the URL of path on host (a name the resolver maps to 127.0.0.1).
func (s *site) url(host, path string) string { return "http://" + host + ":" + s.port + path }

func (s *site) count(path string) int64 {
	c, ok := s.hits.Load(path)
	if !ok {
		return 0
	}
	return c.(*atomic.Int64).Load()
}

// handle registers a handler that answers with a fixed type and body.
func (s *site) handle(path, contentType, body string) {
	s.mux.HandleFunc(path, func(w http.ResponseWriter, r *http.Request) {
		if contentType != "" {
			w.Header().Set("Content-Type", contentType)
		}
		fmt.Fprint(w, body)
	})
}

// config is a Config allowing the given hosts on the site's port, with loopback granted and
// names resolved by res.
func (s *site) config(t *testing.T, res *fakeResolver, hosts ...string) Config {
	t.Helper()
	var entries []string
	for _, h := range hosts {
		entries = append(entries, h+":"+s.port)
		res.set(h, []string{"127.0.0.1"})
	}
	p := testPolicy(t, entries...).AllowPrivate(loopback)
	return Config{Policy: p, Resolver: res, Timeout: 5 * time.Second}
}

// call runs the named tool of cfg with args encoded as JSON.
func call(t *testing.T, cfg Config, name string, args map[string]any) (tool.Result, error) {
	t.Helper()
	for _, tl := range Tools(cfg) {
		if tl.Spec().Name == name {
			b, err := json.Marshal(args)
			if err != nil {
				t.Fatal(err)
			}
			return tl.Call(context.Background(), string(b))
		}
	}
	t.Fatalf("tool %s not offered", name)
	return tool.Result{}, nil
}

// mustCall is call that fails the test on a tool error.
func mustCall(t *testing.T, cfg Config, name string, args map[string]any) tool.Result {
	t.Helper()
	res, err := call(t, cfg, name, args)
	if err != nil {
		t.Fatalf("%s(%v): %v", name, args, err)
	}
	return res
}

var _ egress.Resolver = (*fakeResolver)(nil)

package web

import (
	"context"
	"encoding/json"
	"fmt"
	"github.com/paddock-dev/paddock/internal/egress/egresstest"
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
func (s *site) config(t *testing.T, res *egresstest.Resolver, hosts ...string) Config {
	t.Helper()
	var entries []string
	for _, h := range hosts {
		entries = append(entries, h+":"+s.port)
		res.Sequence(h, []string{"127.0.0.1"})
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
			return tool.Invoke(context.Background(), tl, string(b))
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

var _ egress.Resolver = (*egresstest.Resolver)(nil)

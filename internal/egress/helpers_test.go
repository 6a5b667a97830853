package egress

import (
	"context"
	"net"
	"net/netip"
	"sync"
	"testing"
)

// loopback grants the addresses test servers listen on.
var loopback = netip.MustParsePrefix("127.0.0.0/8")

// fakeResolver answers from a fixed table and counts lookups per name. An
// entry with several answers is served in turn (the last one repeats), which
// models a rebinding DNS server.
type fakeResolver struct {
	mu      sync.Mutex
	answers map[string][][]netip.Addr
	calls   map[string]int
}

func newResolver() *fakeResolver {
	return &fakeResolver{answers: map[string][][]netip.Addr{}, calls: map[string]int{}}
}

// set makes host answer addrs on every lookup.
func (r *fakeResolver) set(host string, addrs ...string) *fakeResolver {
	return r.sequence(host, addrs)
}

// sequence makes host answer each list in turn.
func (r *fakeResolver) sequence(host string, answers ...[]string) *fakeResolver {
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

func (r *fakeResolver) total() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	n := 0
	for _, c := range r.calls {
		n += c
	}
	return n
}

// LookupNetIP implements Resolver.
func (r *fakeResolver) LookupNetIP(_ context.Context, network, host string) ([]netip.Addr, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	i := r.calls[host]
	r.calls[host]++
	seq, ok := r.answers[host]
	if !ok || len(seq) == 0 {
		return nil, &net.DNSError{Err: "no such host", Name: host, Server: "10.9.8.7:53", IsNotFound: true}
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

// dialRecorder replaces a Dialer's connect step: it records each address and
// hands back one end of a pipe, so tests can use public addresses without
// touching the network.
type dialRecorder struct {
	mu    sync.Mutex
	addrs []string
}

func (d *dialRecorder) install(dl *Dialer) *Dialer {
	dl.dial = func(_ context.Context, _, addr string) (net.Conn, error) {
		d.mu.Lock()
		d.addrs = append(d.addrs, addr)
		d.mu.Unlock()
		c1, c2 := net.Pipe()
		c2.Close()
		return c1, nil
	}
	return dl
}

func (d *dialRecorder) dialed() []string {
	d.mu.Lock()
	defer d.mu.Unlock()
	return append([]string(nil), d.addrs...)
}

func mustPolicy(t testing.TB, entries ...string) Policy {
	t.Helper()
	p, err := ParsePolicy(entries)
	if err != nil {
		t.Fatalf("ParsePolicy(%q): %v", entries, err)
	}
	return p
}

// hostPort splits a listener address into its port.
func portOf(t testing.TB, addr string) string {
	t.Helper()
	_, port, err := net.SplitHostPort(addr)
	if err != nil {
		t.Fatalf("split %q: %v", addr, err)
	}
	return port
}

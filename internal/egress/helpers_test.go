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

package egress

import (
	"context"
	"errors"
	"github.com/paddock-dev/paddock/internal/egress/egresstest"
	"net"
	"net/netip"
	"strings"
	"testing"
	"time"
)

// acceptCounter listens on loopback and counts accepted connections.
type acceptCounter struct {
	ln       net.Listener
	accepted chan net.Conn
}

func newAcceptCounter(t *testing.T) *acceptCounter {
	t.Helper()
	ln, err := net.Listen("tcp4", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("listen: %v", err)
	}
	a := &acceptCounter{ln: ln, accepted: make(chan net.Conn, 16)}
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			a.accepted <- c
		}
	}()
	t.Cleanup(func() {
		ln.Close()
		for {
			select {
			case c := <-a.accepted:
				c.Close()
			default:
				return
			}
		}
	})
	return a
}

func (a *acceptCounter) port() string {
	return a.ln.Addr().(*net.TCPAddr).AddrPort().String()[len("127.0.0.1:"):]
}

// assertNoConnection fails if the listener accepted anything.
func (a *acceptCounter) assertNoConnection(t *testing.T) {
	t.Helper()
	select {
	case c := <-a.accepted:
		c.Close()
		t.Error("the refused destination received a connection")
	case <-time.After(50 * time.Millisecond):
	}
}

// TestDialerRebinding: the name is resolved once and the connection goes to
// the address that was checked, whatever the DNS server answers later.
func TestDialerRebinding(t *testing.T) {
	t.Run("public then private: pinned to the checked address", func(t *testing.T) {
		res := egresstest.NewResolver().Sequence("rebind.test", []string{"93.184.216.34"}, []string{"127.0.0.1"}, []string{"169.254.169.254"})
		var rec dialRecorder
		d := rec.install(mustPolicy(t, "rebind.test").Dialer(res))
		conn, err := d.DialContext(context.Background(), "tcp", "rebind.test:443")
		if err != nil {
			t.Fatalf("dial: %v", err)
		}
		conn.Close()
		if n := res.Count("rebind.test"); n != 1 {
			t.Errorf("resolver asked %d times, want exactly once", n)
		}
		if got := rec.dialed(); len(got) != 1 || got[0] != "93.184.216.34:443" {
			t.Errorf("connected to %v, want only the checked 93.184.216.34:443", got)
		}
	})
	t.Run("private answer: refused and never connected", func(t *testing.T) {
		srv := newAcceptCounter(t)
		// First answer private: a rebinding attacker who wins the first race.
		res := egresstest.NewResolver().Sequence("rebind.test", []string{"127.0.0.1"}, []string{"93.184.216.34"})
		d := mustPolicy(t, "rebind.test:*").Dialer(res)
		_, err := d.DialContext(context.Background(), "tcp", "rebind.test:"+srv.port())
		if !errors.Is(err, ErrDenied) || !strings.Contains(err.Error(), "resolves to 127.0.0.1, a loopback address") {
			t.Fatalf("dial = %v, want loopback refusal", err)
		}
		srv.assertNoConnection(t)
		// A retry gets the public answer from this resolver; the policy is
		// stateless, so that is a fresh decision (allowed), proving the
		// refusal came from the address and not from the name.
	})
	t.Run("mixed answers: refused as a whole", func(t *testing.T) {
		res := egresstest.NewResolver().Set("mixed.test", "93.184.216.34", "10.0.0.1")
		var rec dialRecorder
		d := rec.install(mustPolicy(t, "mixed.test").Dialer(res))
		_, err := d.DialContext(context.Background(), "tcp", "mixed.test:443")
		if !errors.Is(err, ErrDenied) || !strings.Contains(err.Error(), "10.0.0.1") {
			t.Fatalf("dial = %v, want refusal naming 10.0.0.1", err)
		}
		if got := rec.dialed(); len(got) != 0 {
			t.Errorf("connected to %v, want no connection", got)
		}
	})
	t.Run("granted loopback: connects to the checked address", func(t *testing.T) {
		srv := newAcceptCounter(t)
		res := egresstest.NewResolver().Sequence("site.test", []string{"127.0.0.1"}, []string{"169.254.169.254"})
		d := mustPolicy(t, "site.test:*").AllowPrivate(netip.MustParsePrefix("127.0.0.1/32")).Dialer(res)
		for i := 0; i < 3; i++ {
			conn, err := d.DialContext(context.Background(), "tcp", "site.test:"+srv.port())
			if i == 0 {
				if err != nil {
					t.Fatalf("dial: %v", err)
				}
				if got := conn.RemoteAddr().String(); got != "127.0.0.1:"+srv.port() {
					t.Errorf("connected to %s", got)
				}
				conn.Close()
				continue
			}
			// Later lookups answer the metadata address: refused.
			if !errors.Is(err, ErrDenied) {
				t.Fatalf("dial %d = %v, want refusal of the rebound answer", i, err)
			}
		}
		select {
		case c := <-srv.accepted:
			c.Close()
		case <-time.After(time.Second):
			t.Fatal("the server saw no connection")
		}
		srv.assertNoConnection(t)
	})
}

func TestDialerRefusals(t *testing.T) {
	res := egresstest.NewResolver().Set("example.com", "93.184.216.34")
	p := mustPolicy(t, "example.com")
	tests := []struct {
		network, addr, want string
	}{
		{"udp", "example.com:443", "only TCP"},
		{"unix", "/var/run/docker.sock", "only TCP"},
		{"ip4:icmp", "example.com", "only TCP"},
		{"tcp", "example.com", "invalid address"},
		{"tcp", "example.com:https", "invalid port"},
		{"tcp", "example.com:0", "invalid port"},
		{"tcp", "example.com:22", "not in the allowlist"},
		{"tcp", "evil.com:443", "not in the allowlist"},
		{"tcp", "93.184.216.34:443", "not in the allowlist"},
	}
	for _, tt := range tests {
		var rec dialRecorder
		d := rec.install(p.Dialer(res))
		_, err := d.DialContext(context.Background(), tt.network, tt.addr)
		if !errors.Is(err, ErrDenied) || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("dial %s %s = %v, want ErrDenied containing %q", tt.network, tt.addr, err, tt.want)
		}
		if len(rec.dialed()) != 0 {
			t.Errorf("dial %s %s: connect attempted", tt.network, tt.addr)
		}
	}
	if n := res.Total(); n != 0 {
		t.Errorf("resolver was asked %d times about refused destinations, want never (no DNS exfiltration)", n)
	}
}

func TestDialerResolveErrors(t *testing.T) {
	res := egresstest.NewResolver().Set("v6only.test", "2606:4700::1")
	p := mustPolicy(t, "*")
	var rec dialRecorder
	d := rec.install(p.Dialer(res))
	var dnsErr *net.DNSError
	if _, err := d.DialContext(context.Background(), "tcp", "missing.test:443"); !errors.As(err, &dnsErr) || !dnsErr.IsNotFound {
		t.Errorf("dial missing.test = %v, want the resolver's error", err)
	}
	if _, err := d.DialContext(context.Background(), "tcp4", "v6only.test:443"); err == nil {
		t.Error("tcp4 dial to an IPv6-only name succeeded")
	}
	if _, err := d.DialContext(context.Background(), "tcp6", "v6only.test:443"); err != nil {
		t.Errorf("tcp6 dial: %v", err)
	}
}

// TestDialerControlLayer: the socket-level check refuses a refused address
// even if the earlier checks were bypassed.
func TestDialerControlLayer(t *testing.T) {
	d := mustPolicy(t, "*").Dialer(nil)
	for _, addr := range []string{"127.0.0.1:80", "[::1]:80", "[::ffff:169.254.169.254]:80", "nonsense"} {
		if err := d.net.Control("tcp", addr, nil); !errors.Is(err, ErrDenied) {
			t.Errorf("Control(%q) = %v, want ErrDenied", addr, err)
		}
	}
	if err := d.net.Control("tcp", "93.184.216.34:443", nil); err != nil {
		t.Errorf("Control(public) = %v", err)
	}
}

// TestDialerRefusesHostAddresses: the host's own addresses (public ones
// included) are refused unless granted, as they reach services bound to all
// interfaces.
func TestDialerRefusesHostAddresses(t *testing.T) {
	own := netip.MustParseAddr("93.184.216.34")
	fake := func() ([]net.Addr, error) {
		return []net.Addr{&net.IPNet{IP: own.AsSlice(), Mask: net.CIDRMask(24, 32)}}, nil
	}
	res := egresstest.NewResolver().Set("myself.test", own.String())
	for _, tt := range []struct {
		p  Policy
		ok bool
	}{
		{mustPolicy(t, "*"), false},
		{mustPolicy(t, "*").AllowPrivate(netip.PrefixFrom(own, 32)), true},
	} {
		var rec dialRecorder
		d := rec.install(tt.p.Dialer(res))
		d.local.list = fake
		for _, target := range []string{"myself.test:443", "93.184.216.34:443", "[::ffff:93.184.216.34]:443"} {
			_, err := d.DialContext(context.Background(), "tcp", target)
			if (err == nil) != tt.ok {
				t.Errorf("dial %s (granted=%v) = %v", target, tt.ok, err)
			}
			if err != nil && !strings.Contains(err.Error(), "an address of this host") {
				t.Errorf("dial %s: %v, want it to name the host's own address", target, err)
			}
		}
	}
}

func TestZeroValues(t *testing.T) {
	var d Dialer
	if _, err := d.DialContext(context.Background(), "tcp", "example.com:443"); err == nil {
		t.Error("zero Dialer dialled")
	}
	var px Proxy
	if err := px.Serve(nil); err == nil {
		t.Error("zero Proxy served")
	}
	if err := px.Close(); err != nil {
		t.Errorf("zero Proxy Close: %v", err)
	}
}

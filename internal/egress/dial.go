package egress

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/netip"
	"sync"
	"syscall"
	"time"
)

// Resolver looks up the addresses of a host name. net.DefaultResolver
// satisfies it; tests inject resolvers that change their answers.
type Resolver interface {
	LookupNetIP(ctx context.Context, network, host string) ([]netip.Addr, error)
}

// perAddrTimeout bounds a connection attempt when more addresses remain.
const perAddrTimeout = 4 * time.Second

// maxAddrsTried bounds how many resolved addresses one dial attempts.
const maxAddrsTried = 8

// Dialer connects to destinations the Policy allows. For a name it checks the
// allowlist first, resolves once, refuses if any answer is in a refused range,
// and connects to the checked addresses only (no second lookup). It is safe
// for concurrent use.
type Dialer struct {
	policy   Policy
	resolver Resolver
	net      net.Dialer
	// selfDenial, when set, refuses addresses of the proxy itself.
	selfDenial func(netip.AddrPort) string
	// dial performs the connection to a checked ip:port; tests replace it.
	dial func(ctx context.Context, network, addr string) (net.Conn, error)
	// local holds this host's own interface addresses.
	local *localAddrs
}

// localAddrs is a periodically refreshed snapshot of the host's interface
// addresses. A public address of the host is as sensitive as loopback: it
// reaches services bound to all interfaces.
type localAddrs struct {
	mu      sync.Mutex
	addrs   map[netip.Addr]bool
	fetched time.Time
	list    func() ([]net.Addr, error) // net.InterfaceAddrs; tests replace it
}

// localRefresh is how long a snapshot of interface addresses is trusted.
const localRefresh = 10 * time.Second

// contains reports whether a is an address of this host.
func (l *localAddrs) contains(a netip.Addr) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.addrs == nil || time.Since(l.fetched) > localRefresh {
		addrs, err := l.list()
		if err == nil || l.addrs == nil {
			l.addrs = make(map[netip.Addr]bool, len(addrs))
			for _, ad := range addrs {
				if ipn, ok := ad.(*net.IPNet); ok {
					if ip, ok := netip.AddrFromSlice(ipn.IP); ok {
						l.addrs[ip.Unmap()] = true
					}
				}
			}
			l.fetched = time.Now()
		}
	}
	return l.addrs[a.Unmap()]
}

// Dialer returns a Dialer that enforces p, resolving names with r
// (net.DefaultResolver when r is nil).
func (p Policy) Dialer(r Resolver) *Dialer {
	if r == nil {
		r = net.DefaultResolver
	}
	d := &Dialer{policy: p, resolver: r, local: &localAddrs{list: net.InterfaceAddrs}}
	d.net = net.Dialer{
		Timeout:   15 * time.Second,
		KeepAlive: 30 * time.Second,
		// Second line of defence: whatever address the socket is about to
		// connect to must pass the address check.
		Control: func(network, address string, _ syscall.RawConn) error {
			ap, err := netip.ParseAddrPort(address)
			if err != nil {
				return fmt.Errorf("egress: unexpected dial address %q: %w", address, ErrDenied)
			}
			if reason := d.denial(ap); reason != "" {
				return addrDenyError(ap.Addr().String(), int(ap.Port()), ap.Addr(), reason)
			}
			return nil
		},
	}
	d.dial = d.net.DialContext
	return d
}

// denial returns why connecting to ap is refused, or "".
func (d *Dialer) denial(ap netip.AddrPort) string {
	if r := d.policy.addrDenial(ap.Addr()); r != "" {
		return r
	}
	if a := ap.Addr().Unmap(); d.local.contains(a) && !d.policy.granted(a) {
		return "an address of this host"
	}
	if d.selfDenial != nil {
		return d.selfDenial(ap)
	}
	return ""
}

// DialContext connects to address ("host:port", numeric port) over network
// "tcp", "tcp4" or "tcp6" if the policy allows it. Refusals wrap ErrDenied.
func (d *Dialer) DialContext(ctx context.Context, network, address string) (net.Conn, error) {
	conn, _, err := d.dialChecked(ctx, network, address)
	return conn, err
}

// dialChecked is DialContext that also returns the address connected to.
func (d *Dialer) dialChecked(ctx context.Context, network, address string) (net.Conn, netip.AddrPort, error) {
	if d == nil || d.dial == nil || d.resolver == nil || d.local == nil {
		return nil, netip.AddrPort{}, errors.New("egress: Dialer not created by Policy.Dialer")
	}
	var lookupNet string
	switch network {
	case "tcp":
		lookupNet = "ip"
	case "tcp4":
		lookupNet = "ip4"
	case "tcp6":
		lookupNet = "ip6"
	default:
		return nil, netip.AddrPort{}, &DenyError{Host: address, Rule: RuleProtocol, Reason: fmt.Sprintf("network %q is not allowed: only TCP", network)}
	}
	host, portText, err := net.SplitHostPort(address)
	if err != nil {
		return nil, netip.AddrPort{}, &DenyError{Host: address, Rule: RuleInvalid, Reason: "invalid address: " + err.Error()}
	}
	port, err := parsePort(portText)
	if err != nil {
		return nil, netip.AddrPort{}, &DenyError{Host: host, Rule: RuleInvalid, Reason: err.Error()}
	}
	name, ip, derr := d.policy.checkHost(host, port)
	if derr != nil {
		return nil, netip.AddrPort{}, derr
	}

	var addrs []netip.Addr
	if ip.IsValid() {
		addrs = []netip.Addr{ip}
	} else {
		addrs, err = d.resolver.LookupNetIP(ctx, lookupNet, name)
		if err != nil {
			return nil, netip.AddrPort{}, fmt.Errorf("egress: resolve %s: %w", name, err)
		}
		if len(addrs) == 0 {
			return nil, netip.AddrPort{}, fmt.Errorf("egress: resolve %s: no addresses", name)
		}
	}
	// Every answer must pass: an attacker's DNS mixing a public and a private
	// answer is refused outright rather than filtered.
	shown := name
	if shown == "" {
		shown = ip.String()
	}
	checked := make([]netip.AddrPort, 0, len(addrs))
	for _, a := range addrs {
		ap := netip.AddrPortFrom(a.Unmap(), uint16(port))
		if reason := d.denial(netip.AddrPortFrom(a, uint16(port))); reason != "" {
			return nil, netip.AddrPort{}, addrDenyError(shown, port, a, reason)
		}
		if (network == "tcp4" && !ap.Addr().Is4()) || (network == "tcp6" && !ap.Addr().Is6()) {
			continue
		}
		dup := false
		for _, c := range checked {
			dup = dup || c == ap
		}
		if !dup {
			checked = append(checked, ap)
		}
	}
	if len(checked) == 0 {
		return nil, netip.AddrPort{}, fmt.Errorf("egress: %s has no %s address", shown, network)
	}
	if len(checked) > maxAddrsTried {
		checked = checked[:maxAddrsTried]
	}
	var errs []error
	for i, ap := range checked {
		// An address that does not answer (a broken IPv6 path) must not use
		// up the whole timeout while others wait.
		actx, cancel := ctx, context.CancelFunc(func() {})
		if i < len(checked)-1 {
			actx, cancel = context.WithTimeout(ctx, perAddrTimeout)
		}
		conn, err := d.dial(actx, network, ap.String())
		cancel()
		if err == nil {
			return conn, ap, nil
		}
		errs = append(errs, err)
		if ctx.Err() != nil {
			break
		}
	}
	return nil, netip.AddrPort{}, fmt.Errorf("egress: connect to %s: %w", net.JoinHostPort(shown, portText), errors.Join(errs...))
}

// net.DefaultResolver is the production Resolver.
var _ Resolver = (*net.Resolver)(nil)

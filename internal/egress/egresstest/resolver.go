// Package egresstest holds test doubles for code that resolves names through egress.Resolver.
package egresstest

import (
	"context"
	"net"
	"net/netip"
	"sync"
)

// Resolver is a fake DNS resolver: it answers from a table and counts lookups per name. A name
// with several answer lists serves them in turn (the last one repeats), which models a rebinding
// DNS server. An unknown name is a *net.DNSError with IsNotFound. Safe for concurrent use.
type Resolver struct {
	mu      sync.Mutex
	answers map[string][][]netip.Addr
	calls   map[string]int
}

// NewResolver returns a resolver that knows no names.
func NewResolver() *Resolver {
	return &Resolver{answers: map[string][][]netip.Addr{}, calls: map[string]int{}}
}

// Set makes host answer addrs on every lookup.
func (r *Resolver) Set(host string, addrs ...string) *Resolver {
	return r.Sequence(host, addrs)
}

// Sequence makes host answer each list in turn; the last one repeats.
func (r *Resolver) Sequence(host string, answers ...[]string) *Resolver {
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

// Knows reports whether host has answers.
func (r *Resolver) Knows(host string) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	_, ok := r.answers[host]
	return ok
}

// Count returns how many times host was looked up.
func (r *Resolver) Count(host string) int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.calls[host]
}

// Total returns how many lookups there were, of any name.
func (r *Resolver) Total() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	n := 0
	for _, c := range r.calls {
		n += c
	}
	return n
}

// LookupNetIP implements egress.Resolver.
func (r *Resolver) LookupNetIP(_ context.Context, network, host string) ([]netip.Addr, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	i := r.calls[host]
	r.calls[host]++
	seq := r.answers[host]
	if len(seq) == 0 {
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

package egress

import (
	"errors"
	"net"
	"net/netip"
	"strconv"
)

// ErrDenied is wrapped by every refusal of the egress policy. Callers branch on
// it with errors.Is; the wrapping *DenyError says which rule refused.
var ErrDenied = errors.New("egress denied")

// ErrTooLarge is returned while reading a response body from NewClient that
// exceeds ClientOptions.MaxBytes (after decompression).
var ErrTooLarge = errors.New("egress: response body too large")

// ErrTooManyRedirects is returned by NewClient when a chain of redirects is
// longer than ClientOptions.MaxRedirects.
var ErrTooManyRedirects = errors.New("egress: too many redirects")

// DenyRule names the kind of rule behind a refusal, for callers that branch.
type DenyRule string

// The rules a DenyError can name.
const (
	// RuleAllowlist: the host and port are not in the allowlist.
	RuleAllowlist DenyRule = "allowlist"
	// RuleAddress: the destination is, or resolves to, a refused address.
	RuleAddress DenyRule = "address"
	// RuleProtocol: a scheme or network other than http(s) over TCP.
	RuleProtocol DenyRule = "protocol"
	// RuleInvalid: a malformed host, port, URL or address.
	RuleInvalid DenyRule = "invalid"
	// RuleCredentials: credentials sent where the policy does not allow them.
	RuleCredentials DenyRule = "credentials"
)

// DenyError is a refusal by the egress policy. It matches ErrDenied with
// errors.Is. Its message names the destination, the rule that refused it and,
// where there is one, how to allow it.
type DenyError struct {
	// Host is the destination host as given (maybe normalised), without port.
	Host string
	// Port is the destination port, 0 if unknown.
	Port int
	// Addr is the resolved address that was refused, if the refusal was about
	// an address.
	Addr netip.Addr
	// Rule is the kind of rule that refused.
	Rule DenyRule
	// Entry, for RuleAllowlist, is the --allow-net entry that would allow
	// the destination (e.g. "example.com" or "example.com:8443").
	Entry string
	// Reason says which rule refused, e.g. "not in the allowlist".
	Reason string
	// Hint says how to allow the destination, e.g. "add --allow-net example.com";
	// empty when it cannot be allowed.
	Hint string
}

// Error implements error.
func (e *DenyError) Error() string {
	s := ErrDenied.Error()
	if e.Host != "" {
		target := e.Host
		if e.Port != 0 {
			target = net.JoinHostPort(e.Host, strconv.Itoa(e.Port))
		}
		s += ": " + target
	}
	s += ": " + e.Reason
	if e.Hint != "" {
		s += " (" + e.Hint + ")"
	}
	return s
}

// Is reports whether target is ErrDenied.
func (e *DenyError) Is(target error) bool { return target == ErrDenied }

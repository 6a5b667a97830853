// Package egress is the one place where paddock decides which network
// destinations are allowed, and connects to them safely.
//
// Everything that leaves the host on behalf of an agent goes through it: the
// sandbox's HTTP/HTTPS proxy (NewProxy, served on a socket bridged into the
// sandbox's network namespace) and the web tools' HTTP client (NewClient).
//
// # Threat model
//
// The destination is chosen by untrusted input: the model's tool calls, code
// running in the sandbox, or a web page that redirects. An attacker wants to
// reach what the host can reach but the internet cannot (SSRF: cloud metadata,
// loopback admin ports, the private network), to smuggle data out to a host of
// their choosing, or to ride an allowlisted API with their own credentials
// (THREATS.md SBX-04, SBX-05, CVE-05, CVE-20).
//
// # Guarantees
//
//   - Default deny: a Policy allows only the hosts it lists; the zero Policy
//     allows nothing. A host entry without a port allows ports 80 and 443 only.
//   - Host names are normalised once (lower case, one trailing dot dropped,
//     IDNA to its ASCII form) and then matched; numeric host spellings that C
//     resolvers read as IPv4 addresses (2130706433, 0x7f000001, 0177.0.0.1,
//     127.1) are refused rather than guessed at.
//   - Names are resolved only after the allowlist has accepted them (so the
//     resolver is never asked about an arbitrary name: no DNS exfiltration
//     through the proxy), resolved once, every answer is checked, and the
//     connection goes to an address that was checked. There is no second
//     lookup, so DNS rebinding cannot swap the address.
//   - Private, loopback, link-local, CGNAT, ULA, multicast, unspecified,
//     reserved and cloud metadata addresses are refused, including their
//     IPv4-mapped, IPv4-compatible, NAT64 and 6to4 spellings, unless
//     Policy.AllowPrivate grants them. Metadata addresses need a grant of that
//     single address: a broad grant such as 169.254.0.0/16 does not open them.
//   - The host's own interface addresses, public ones included, are refused
//     unless granted: they reach services bound to all interfaces.
//   - Only TCP. The proxy serves HTTP forward requests and CONNECT tunnels; the
//     client allows only http and https URLs and re-checks every redirect hop.
//   - In a CONNECT tunnel that starts TLS, the server name of the ClientHello
//     must be allowed too, so one allowlisted name on a shared front (a CDN)
//     does not open every other name behind it. (The Host header inside the
//     encrypted stream cannot be checked.) Requests addressed to the proxy
//     itself, and requests that already passed through it, are refused.
//   - Limits: ProxyOptions.MaxConns connections at once, idle tunnels closed,
//     a half-closed tunnel kept only while the other side keeps sending.
//   - Credentials: on plain HTTP the proxy removes sandbox-supplied
//     Authorization, Proxy-Authorization, X-Api-Key and similar headers unless
//     Policy.AllowCredentials names the destination (CVE-20), or refuses the
//     request with ProxyOptions.RefuseCredentials. Inside a CONNECT
//     tunnel the proxy sees only TLS bytes, so it cannot strip headers there:
//     against CVE-20 on HTTPS the defence is to keep secrets out of the
//     sandbox and to allowlist narrowly (a provider's API host reached by
//     CONNECT will accept whatever key the sandbox sends).
//
// Every refusal wraps ErrDenied and says which rule refused and how to allow
// the destination.
package egress

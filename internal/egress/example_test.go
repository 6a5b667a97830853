package egress_test

import (
	"errors"
	"fmt"
	"net/netip"

	"github.com/paddock-dev/paddock/internal/egress"
)

func ExampleParsePolicy() {
	p, err := egress.ParsePolicy([]string{"Example.com", "*.github.com,api.openai.com:443"})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(p)
	fmt.Println(p.CheckHost("example.com", 443))
	fmt.Println(p.CheckHost("raw.github.com", 443))
	fmt.Println(p.CheckHost("evil.test", 443))
	fmt.Println(p.CheckHost("example.com", 22))

	_, err = egress.ParsePolicy([]string{"https://example.com/docs"})
	fmt.Println(err)
	// Output:
	// example.com,*.github.com,api.openai.com:443
	// <nil>
	// <nil>
	// egress denied: evil.test:443: not in the allowlist (to allow it, add --allow-net evil.test)
	// egress denied: example.com:22: not in the allowlist (to allow it, add --allow-net example.com:22)
	// egress: allowlist entry "https://example.com/docs": a URL was given where a host is expected: use "example.com"
}

func ExamplePolicy_AllowPrivate() {
	p, _ := egress.ParsePolicy([]string{"*"})
	err := p.CheckHost("10.0.0.7", 80)
	fmt.Println(errors.Is(err, egress.ErrDenied), err)

	p = p.AllowPrivate(netip.MustParsePrefix("10.0.0.0/24"))
	fmt.Println(p.CheckHost("10.0.0.7", 80))
	// Output:
	// true egress denied: 10.0.0.7:80: address is a private address (RFC 1918) (such addresses are refused unless granted explicitly, e.g. --allow-private 10.0.0.7/32)
	// <nil>
}

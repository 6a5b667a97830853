package web

import (
	"net/url"
	"testing"
)

func TestRobotsRules(t *testing.T) {
	tests := []struct {
		name    string
		robots  string
		allowed map[string]bool // path?query -> allowed
	}{
		{"empty", "", map[string]bool{"/": true, "/x": true}},
		{"star disallow all", "User-agent: *\nDisallow: /\n", map[string]bool{"/": false, "/a": false, "/robots.txt": true}},
		{"empty disallow allows", "User-agent: *\nDisallow:\n", map[string]bool{"/a": true}},
		{"our group wins over star", "User-agent: *\nDisallow: /\n\nUser-agent: paddock\nDisallow: /private\n",
			map[string]bool{"/": true, "/public": true, "/private": false, "/private/x": false}},
		{"group naming star and us", "User-agent: other\nDisallow: /\n\nUser-agent: *\nUser-agent: PADDOCK-agent/0.1\nDisallow: /a\n",
			map[string]bool{"/a": false, "/b": true}},
		{"other agents ignored", "User-agent: googlebot\nDisallow: /\n", map[string]bool{"/x": true}},
		{"groups merged", "User-agent: paddock\nDisallow: /a\n\nUser-agent: paddock\nDisallow: /b\n", map[string]bool{"/a": false, "/b": false, "/c": true}},
		{"longest match wins", "User-agent: *\nDisallow: /shop\nAllow: /shop/public\n",
			map[string]bool{"/shop/cart": false, "/shop/public/x": true}},
		{"allow wins tie", "User-agent: *\nDisallow: /page\nAllow: /page\n", map[string]bool{"/page": true}},
		{"wildcard and anchor", "User-agent: *\nDisallow: /*.pdf$\nDisallow: /tmp*/cache\n",
			map[string]bool{"/a/b.pdf": false, "/a/b.pdf?x=1": true, "/a/b.pdfx": true, "/tmp1/2/cache/z": false, "/tmp": true}},
		{"query in pattern", "User-agent: *\nDisallow: /search?q=\n", map[string]bool{"/search?q=x": false, "/search": true}},
		{"percent encoding normalised", "User-agent: *\nDisallow: /%7ejoe/\nDisallow: /caf\xc3\xa9\n",
			map[string]bool{"/~joe/x": false, "/%7Ejoe/x": false, "/caf%C3%A9": false, "/cafe": true}},
		{"comments, spaces and CRLF", "# hi\r\nUser-Agent : * # all\r\nDisallow : /x # no\r\n", map[string]bool{"/x": false, "/y": true}},
		{"rules before any group ignored", "Disallow: /\nUser-agent: *\nDisallow: /x\n", map[string]bool{"/": true, "/x": false}},
		{"sitemap does not end a group", "User-agent: paddock\nSitemap: /s.xml\nDisallow: /x\n", map[string]bool{"/x": false}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := parseRobots([]byte(tt.robots))
			for target, want := range tt.allowed {
				u, err := url.Parse("https://site.test" + target)
				if err != nil {
					t.Fatal(err)
				}
				if got := r.allowed(u); got != want {
					t.Errorf("allowed(%s) = %v, want %v", target, got, want)
				}
			}
		})
	}
}

func TestRobotsLimits(t *testing.T) {
	// A huge file is read up to the limit, and does not take long.
	body := []byte("User-agent: *\n")
	for len(body) < 2*maxRobotsBytes {
		body = append(body, "Disallow: /a*b*c*d*e*f*g*h*i*j*k*l*m*n*o*p*q*r*s*t*u*v*w*x*y*z*zzzz$\n"...)
	}
	r := parseRobots(body)
	if len(r.rules) == 0 || len(r.rules) > maxRobotsRules {
		t.Fatalf("%d rules kept", len(r.rules))
	}
	u, _ := url.Parse("https://site.test/abcdefghijklmnopqrstuvwxyz" + string(make([]byte, 0)) + "/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")
	if !r.allowed(u) {
		t.Errorf("path not ending in zzzz must be allowed")
	}
}

package server

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strings"
	"testing"

	"github.com/paddock-dev/paddock/internal/assembly"
	"github.com/paddock-dev/paddock/internal/llm/llmtest"
)

// TestTaskReadsAGrantedPage: server tasks are assembled like paddock run, so they have the web
// tools; a tenant reaches nothing until its admin grants a host, and then only that host.
func TestTaskReadsAGrantedPage(t *testing.T) {
	page := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/" {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, "<html><body><h1>Release notes</h1><p>Version 7 ships the sandbox.</p></body></html>")
	}))
	defer page.Close()
	host := strings.TrimPrefix(page.URL, "http://")
	read := llmtest.Call("c1", "read_webpage", `{"url":"`+page.URL+`/"}`)
	f := newFixture(t, func(c *Config) {
		c.Web = &assembly.Web{}
		// The test page is on loopback: the operator opens it; a tenant admin cannot.
		c.AllowPrivate = []netip.Prefix{netip.MustParsePrefix("127.0.0.1/32")}
	},
		llmtest.Calls(read), llmtest.Calls(read), llmtest.Calls(llmtest.Call("c2", "finish", `{"reason":"read it"}`)),
	)
	admin, member, viewer := f.keys["acme/admin"], f.keys["acme/member"], f.keys["acme/viewer"]
	tk := f.createTask(member, "read the release notes", map[string]any{"continuous": true})

	// No grant yet: the tool refuses and says how to get one.
	s1, _ := f.step(member, tk.TaskID, nil)
	o := decodeOutput(t, s1)
	if len(o.ToolCalls) != 1 || o.ToolCalls[0].Error == "" || strings.Contains(o.ToolCalls[0].Output, "Version 7") {
		t.Fatalf("read before any grant: %+v", o.ToolCalls)
	}

	var got NetworkGrants
	if res := f.do("GET", "/paddock/v1/network", viewer, nil, &got); res.StatusCode != 200 || len(got.AllowNet) != 0 {
		t.Fatalf("grants by default: %d %+v", res.StatusCode, got)
	}
	if res := f.do("PUT", "/paddock/v1/network", member, NetworkGrants{AllowNet: []string{host}}, nil); res.StatusCode != http.StatusForbidden {
		t.Fatalf("a member sets grants: %d", res.StatusCode)
	}
	if res := f.do("PUT", "/paddock/v1/network", admin, NetworkGrants{AllowNet: []string{"bad host!"}}, nil); res.StatusCode != http.StatusBadRequest {
		t.Fatalf("a malformed grant: %d %s", res.StatusCode, body(res))
	}
	if res := f.do("PUT", "/paddock/v1/network", admin, NetworkGrants{AllowNet: []string{host}}, nil); res.StatusCode != 200 {
		t.Fatalf("the admin grants %s: %d %s", host, res.StatusCode, body(res))
	}
	s2, _ := f.step(member, tk.TaskID, nil)
	o = decodeOutput(t, s2)
	if len(o.ToolCalls) != 1 || !strings.Contains(o.ToolCalls[0].Output, "Version 7 ships the sandbox") {
		t.Fatalf("read after the grant: %+v", o.ToolCalls)
	}
	// Another tenant's grants are its own.
	if res := f.do("GET", "/paddock/v1/network", f.keys["beta/viewer"], nil, &got); res.StatusCode != 200 || len(got.AllowNet) != 0 {
		t.Fatalf("beta's grants: %d %+v", res.StatusCode, got)
	}
	es, _ := f.st.Tenant("acme").AuditEntries(t.Context(), 0, 1000)
	found := false
	for _, e := range es {
		found = found || e.Action == "network.set"
	}
	if !found {
		t.Fatal("the grant is not in the audit chain")
	}
}

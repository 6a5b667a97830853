package web

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// fakeBackend answers every query with three fixed results.
type fakeBackend struct{}

func (fakeBackend) Search(_ context.Context, q string, n int) ([]SearchResult, error) {
	out := []SearchResult{
		{Title: "First about " + q, URL: "https://one.test/a", Snippet: "one"},
		{Title: "Second", URL: "https://two.test/b", Snippet: "two"},
		{Title: "Third", URL: "https://three.test/c"},
	}
	return out[:min(n, len(out))], nil
}

func env(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

func TestWebSearchTool(t *testing.T) {
	cfg := Config{Search: fakeBackend{}}
	r := mustCall(t, cfg, WebSearch, map[string]any{"query": "tomatoes", "num_results": 2})
	if !r.Untrusted || !strings.Contains(r.Source, "tomatoes") {
		t.Errorf("results must be untrusted with a source, got %+v", r)
	}
	want := "1. First about tomatoes\n   https://one.test/a\n   one\n2. Second\n   https://two.test/b\n   two\n"
	if r.Output != want {
		t.Errorf("output:\n%s\nwant:\n%s", r.Output, want)
	}
	r = mustCall(t, cfg, WebSearch, map[string]any{"query": "x"})
	if strings.Count(r.Output, "https://") != 3 {
		t.Errorf("default count: %s", r.Output)
	}
	if _, err := call(t, cfg, WebSearch, map[string]any{"query": "x", "num_results": 50}); err == nil {
		t.Errorf("num_results above 20 accepted")
	}
	for _, tl := range Tools(Config{}) {
		if tl.Spec().Name == WebSearch {
			t.Errorf("web_search offered without a backend")
		}
	}
}

func TestSearXNGBackend(t *testing.T) {
	var gotQuery, gotFormat string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/searx/search" {
			http.NotFound(w, r)
			return
		}
		gotQuery, gotFormat = r.URL.Query().Get("q"), r.URL.Query().Get("format")
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprint(w, `{"query":"x","results":[
			{"title":"Go <b>spec</b>","url":"https://go.dev/ref/spec","content":"The Go &amp; <em>programming</em> language"},
			{"title":"bad","url":"javascript:alert(1)","content":"dropped"},
			{"title":"Tour","url":"https://go.dev/tour","content":"A tour"}]}`)
	}))
	defer srv.Close()
	b, err := SearchFromEnv(env(map[string]string{"PADDOCK_SEARXNG_URL": srv.URL + "/searx/"}))
	if err != nil || b == nil {
		t.Fatalf("SearchFromEnv: %v", err)
	}
	// The backend is on loopback and not in the agent's (empty) allowlist: it is still reachable.
	r := mustCall(t, Config{Search: b}, WebSearch, map[string]any{"query": "go spec & tour"})
	if gotQuery != "go spec & tour" || gotFormat != "json" {
		t.Errorf("request q=%q format=%q", gotQuery, gotFormat)
	}
	want := "1. Go spec\n   https://go.dev/ref/spec\n   The Go & programming language\n2. Tour\n   https://go.dev/tour\n   A tour\n"
	if r.Output != want {
		t.Errorf("output:\n%q\nwant:\n%q", r.Output, want)
	}
}

func TestSearXNGWithoutJSON(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { http.Error(w, "forbidden", http.StatusForbidden) }))
	defer srv.Close()
	b, err := NewSearXNG(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	_, err = b.Search(context.Background(), "x", 5)
	if !errors.Is(err, ErrSearch) || !strings.Contains(err.Error(), "search.formats") {
		t.Errorf("want a hint about enabling JSON, got %v", err)
	}
}

func TestSearchAPIBackendKeepsKeySecret(t *testing.T) {
	const key = "sk-search-SECRET-1234567890"
	var gotKey, gotAuth, gotCount string
	fail := false
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		gotKey, gotAuth, gotCount = r.Header.Get("X-Subscription-Token"), r.Header.Get("Authorization"), r.URL.Query().Get("count")
		if fail {
			// A hostile or broken backend echoing the key must not leak it.
			http.Error(w, "bad key "+key+" for "+r.URL.String(), http.StatusUnauthorized)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprint(w, `{"type":"search","mixed":{"main":[]},"videos":{"results":[{"title":"video","url":"https://v.test/"}]},
			"web":{"results":[{"title":"Brave-like result","url":"https://r.test/1","description":"with <strong>markup</strong>"},
			{"title":"Two","url":"https://r.test/2","description":"second"}]}}`)
	}))
	defer srv.Close()
	var logs bytes.Buffer
	slog.SetDefault(slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug})))
	t.Cleanup(func() { slog.SetDefault(slog.New(slog.NewTextHandler(os.Stderr, nil))) })

	b, err := SearchFromEnv(env(map[string]string{
		"PADDOCK_SEARCH_URL":            srv.URL + "/res/v1/web/search?key=" + key,
		"PADDOCK_SEARCH_API_KEY":        key,
		"PADDOCK_SEARCH_API_KEY_HEADER": "X-Subscription-Token",
		"PADDOCK_SEARCH_COUNT_PARAM":    "count",
	}))
	if err != nil {
		t.Fatal(err)
	}
	r := mustCall(t, Config{Search: b}, WebSearch, map[string]any{"query": "paddock", "num_results": 1})
	if gotKey != key || gotAuth != "" || gotCount != "1" {
		t.Errorf("backend got key=%q auth=%q count=%q", gotKey, gotAuth, gotCount)
	}
	if r.Output != "1. Brave-like result\n   https://r.test/1\n   with markup\n" {
		t.Errorf("output: %q", r.Output)
	}
	fail = true
	_, err = call(t, Config{Search: b}, WebSearch, map[string]any{"query": "paddock"})
	if !errors.Is(err, ErrSearch) || !strings.Contains(err.Error(), "401") {
		t.Errorf("want ErrSearch with the status, got %v", err)
	}
	for what, s := range map[string]string{"output": r.Output, "error": err.Error(), "logs": logs.String(),
		"%v": fmt.Sprintf("%v", b), "%#v": fmt.Sprintf("%#v", b), "%+v": fmt.Sprintf("%+v", b)} {
		if strings.Contains(s, key) || strings.Contains(s, "SECRET") {
			t.Errorf("the API key leaked into the %s: %s", what, s)
		}
	}
}

func TestSearchAPIDefaultsAndPaths(t *testing.T) {
	var gotAuth, gotQ string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		gotAuth, gotQ = r.Header.Get("Authorization"), r.URL.Query().Get("q")
		if r.URL.Path == "/templ/hello%20world" || r.URL.EscapedPath() == "/templ/hello+world" {
			gotQ = "templated"
		}
		json.NewEncoder(w).Encode(map[string]any{
			"data": map[string]any{"hits": []any{
				map[string]any{"name": "Named", "link": "https://n.test/", "snippet": "snip"},
			}},
		})
	}))
	defer srv.Close()
	keyFile := filepath.Join(t.TempDir(), "key")
	os.WriteFile(keyFile, []byte("filekey\n"), 0o600)
	b, err := SearchFromEnv(env(map[string]string{"PADDOCK_SEARCH_URL": srv.URL + "/s", "PADDOCK_SEARCH_API_KEY_FILE": keyFile}))
	if err != nil {
		t.Fatal(err)
	}
	res, err := b.Search(context.Background(), "q1", 5)
	if err != nil || len(res) != 1 || res[0].Title != "Named" || res[0].URL != "https://n.test/" || res[0].Snippet != "snip" {
		t.Fatalf("results %+v, %v", res, err)
	}
	if gotAuth != "Bearer filekey" || gotQ != "q1" {
		t.Errorf("auth=%q q=%q", gotAuth, gotQ)
	}
	b, err = SearchFromEnv(env(map[string]string{"PADDOCK_SEARCH_URL": srv.URL + "/templ/{query}", "PADDOCK_SEARCH_RESULTS_PATH": "data.hits"}))
	if err != nil {
		t.Fatal(err)
	}
	if res, err := b.Search(context.Background(), "hello world", 5); err != nil || len(res) != 1 || gotQ != "templated" {
		t.Errorf("templated URL: %+v %v q=%q", res, err, gotQ)
	}
	b, _ = SearchFromEnv(env(map[string]string{"PADDOCK_SEARCH_URL": srv.URL + "/s", "PADDOCK_SEARCH_RESULTS_PATH": "data.nope"}))
	if _, err := b.Search(context.Background(), "x", 5); !errors.Is(err, ErrSearch) {
		t.Errorf("bad results path: %v", err)
	}
}

func TestSearchFromEnvErrors(t *testing.T) {
	tests := []struct {
		name string
		env  map[string]string
		want string
	}{
		{"both", map[string]string{"PADDOCK_SEARXNG_URL": "http://127.0.0.1:1", "PADDOCK_SEARCH_URL": "https://api.test/"}, "only one"},
		{"key over http", map[string]string{"PADDOCK_SEARCH_URL": "http://api.test/s", "PADDOCK_SEARCH_API_KEY": "k"}, "must be https"},
		{"bad scheme", map[string]string{"PADDOCK_SEARXNG_URL": "ftp://x.test/"}, "http or https"},
		{"user info", map[string]string{"PADDOCK_SEARXNG_URL": "http://u:p@x.test/"}, "user info"},
		{"bad header", map[string]string{"PADDOCK_SEARCH_URL": "https://api.test/", "PADDOCK_SEARCH_API_KEY": "k", "PADDOCK_SEARCH_API_KEY_HEADER": "X Key"}, "not a valid header"},
	}
	for _, tt := range tests {
		b, err := SearchFromEnv(env(tt.env))
		if err == nil || !errors.Is(err, ErrSearch) || !strings.Contains(err.Error(), tt.want) || b != nil {
			t.Errorf("%s: want ErrSearch mentioning %q, got %v (backend %v)", tt.name, tt.want, err, b)
		}
	}
	if b, err := SearchFromEnv(env(nil)); b != nil || err != nil {
		t.Errorf("nothing configured: %v %v", b, err)
	}
	// A key over plain HTTP is fine on loopback.
	if _, err := SearchFromEnv(env(map[string]string{"PADDOCK_SEARCH_URL": "http://127.0.0.1:9/s", "PADDOCK_SEARCH_API_KEY": "k"})); err != nil {
		t.Errorf("loopback http with key: %v", err)
	}
}

func TestSearchBackendCannotReachMetadata(t *testing.T) {
	b, err := NewSearXNG("http://169.254.169.254/")
	if err != nil {
		t.Fatal(err)
	}
	_, err = b.Search(context.Background(), "x", 1)
	if !errors.Is(err, ErrSearch) || !strings.Contains(err.Error(), "metadata") && !strings.Contains(err.Error(), "link-local") {
		t.Errorf("metadata backend: %v", err)
	}
}

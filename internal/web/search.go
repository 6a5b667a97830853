package web

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"os"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/paddock-dev/paddock/internal/egress"
	"github.com/paddock-dev/paddock/internal/guard"
	"github.com/paddock-dev/paddock/internal/tool"
)

// SearchResult is one hit of a web search. All its fields come from the backend and the pages it
// indexed: untrusted text.
type SearchResult struct {
	Title   string
	URL     string
	Snippet string
}

// SearchBackend answers web searches for the web_search tool.
type SearchBackend interface {
	// Search returns at most n results for query, best first.
	Search(ctx context.Context, query string, n int) ([]SearchResult, error)
}

// ErrSearch wraps every failure of a search backend.
var ErrSearch = errors.New("web search failed")

// Limits on search responses.
const (
	maxSearchBytes   = 2 << 20
	searchTimeout    = 20 * time.Second
	maxResultTitle   = 300
	maxResultSnippet = 1000
	maxResultURL     = 2000
)

// SearchFromEnv builds the search backend the operator configured in the environment (see the
// package documentation for the variables). It returns nil and no error when none is configured.
func SearchFromEnv(getenv func(string) string) (SearchBackend, error) {
	searx := strings.TrimSpace(getenv("PADDOCK_SEARXNG_URL"))
	api := strings.TrimSpace(getenv("PADDOCK_SEARCH_URL"))
	switch {
	case searx != "" && api != "":
		return nil, fmt.Errorf("%w: set only one of PADDOCK_SEARXNG_URL and PADDOCK_SEARCH_URL", ErrSearch)
	case searx != "":
		b, err := NewSearXNG(searx)
		if err != nil {
			return nil, err
		}
		return b, nil
	case api != "":
		key := getenv("PADDOCK_SEARCH_API_KEY")
		if file := strings.TrimSpace(getenv("PADDOCK_SEARCH_API_KEY_FILE")); file != "" {
			if key != "" {
				return nil, fmt.Errorf("%w: set only one of PADDOCK_SEARCH_API_KEY and PADDOCK_SEARCH_API_KEY_FILE", ErrSearch)
			}
			b, err := os.ReadFile(file)
			if err != nil {
				return nil, fmt.Errorf("%w: reading PADDOCK_SEARCH_API_KEY_FILE: %w", ErrSearch, err)
			}
			key = string(b)
		}
		b, err := NewSearchAPI(SearchAPIConfig{
			URL:         api,
			QueryParam:  strings.TrimSpace(getenv("PADDOCK_SEARCH_QUERY_PARAM")),
			CountParam:  strings.TrimSpace(getenv("PADDOCK_SEARCH_COUNT_PARAM")),
			APIKey:      strings.TrimSpace(key),
			KeyHeader:   strings.TrimSpace(getenv("PADDOCK_SEARCH_API_KEY_HEADER")),
			ResultsPath: strings.TrimSpace(getenv("PADDOCK_SEARCH_RESULTS_PATH")),
		})
		if err != nil {
			return nil, err
		}
		return b, nil
	}
	return nil, nil
}

// backendClient is an egress client that reaches exactly the backend's host and port, private
// addresses included (the operator chose it; a local SearXNG is common). Cloud metadata addresses
// stay refused, and redirects can only stay on that host and port.
func backendClient(u *url.URL) (*http.Client, error) {
	port := u.Port()
	if port == "" {
		port = map[string]string{"http": "80", "https": "443"}[u.Scheme]
	}
	p, err := egress.ParsePolicy([]string{net.JoinHostPort(u.Hostname(), port)})
	if err != nil {
		return nil, fmt.Errorf("%w: search backend host %q: %w", ErrSearch, u.Host, err)
	}
	p = p.AllowPrivate(netip.MustParsePrefix("0.0.0.0/0"), netip.MustParsePrefix("::/0"))
	return egress.NewClient(p, egress.ClientOptions{MaxBytes: maxSearchBytes, Timeout: searchTimeout, MaxRedirects: 3}), nil
}

// parseBackendURL checks an operator-given backend URL.
func parseBackendURL(env, raw string) (*url.URL, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return nil, fmt.Errorf("%w: %s: %v", ErrSearch, env, unwrapURLError(err))
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return nil, fmt.Errorf("%w: %s must be an http or https URL", ErrSearch, env)
	}
	if u.Host == "" || u.User != nil {
		return nil, fmt.Errorf("%w: %s must name a host and carry no user info", ErrSearch, env)
	}
	return u, nil
}

// isLoopbackHost reports whether host is localhost or a loopback address.
func isLoopbackHost(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	a, err := netip.ParseAddr(host)
	return err == nil && a.Unmap().IsLoopback()
}

// SearXNG is a SearchBackend that queries a SearXNG instance's JSON API.
type SearXNG struct {
	base   *url.URL
	client *http.Client
}

// NewSearXNG returns a backend for the SearXNG instance at base (e.g. http://127.0.0.1:8888).
// The instance must have "json" among its search.formats.
func NewSearXNG(base string) (*SearXNG, error) {
	u, err := parseBackendURL("PADDOCK_SEARXNG_URL", base)
	if err != nil {
		return nil, err
	}
	c, err := backendClient(u)
	if err != nil {
		return nil, err
	}
	u.RawQuery, u.Fragment = "", ""
	return &SearXNG{base: u, client: c}, nil
}

// Search implements SearchBackend.
func (s *SearXNG) Search(ctx context.Context, query string, n int) ([]SearchResult, error) {
	u := *s.base
	u.Path = strings.TrimSuffix(u.Path, "/") + "/search"
	u.RawPath = ""
	u.RawQuery = url.Values{"q": {query}, "format": {"json"}}.Encode()
	body, err := getJSON(ctx, s.client, &u, nil)
	if err != nil {
		if errors.Is(err, errForbidden) {
			return nil, fmt.Errorf("%w: the SearXNG instance refused JSON output (add json to search.formats in its settings.yml)", ErrSearch)
		}
		return nil, err
	}
	var resp struct {
		Results []struct {
			Title   string `json:"title"`
			URL     string `json:"url"`
			Content string `json:"content"`
		} `json:"results"`
	}
	if err := json.Unmarshal(body, &resp); err != nil {
		return nil, fmt.Errorf("%w: the SearXNG answer is not the expected JSON: %v", ErrSearch, err)
	}
	var out []SearchResult
	for _, r := range resp.Results {
		if res, ok := cleanResult(r.Title, r.URL, r.Content); ok {
			out = append(out, res)
		}
		if len(out) == n {
			break
		}
	}
	return out, nil
}

// SearchAPIConfig configures a generic JSON search API (see SearchFromEnv for the matching
// environment variables).
type SearchAPIConfig struct {
	URL         string // endpoint; "{query}" in it is replaced by the escaped query
	QueryParam  string // query parameter when URL has no "{query}": "q" when empty
	CountParam  string // optional result-count parameter
	APIKey      string // sent only to the endpoint's host, never shown
	KeyHeader   string // header carrying APIKey: "Authorization: Bearer KEY" when empty
	ResultsPath string // dot path to the results array; found automatically when empty
}

// SearchAPI is a SearchBackend for HTTP search APIs that answer JSON.
type SearchAPI struct {
	endpoint    string
	host        string
	queryParam  string
	countParam  string
	key         string
	keyHeader   string
	resultsPath []string
	client      *http.Client
}

// NewSearchAPI returns a backend for the API described by c.
func NewSearchAPI(c SearchAPIConfig) (*SearchAPI, error) {
	u, err := parseBackendURL("PADDOCK_SEARCH_URL", strings.ReplaceAll(c.URL, "{query}", "QUERY"))
	if err != nil {
		return nil, err
	}
	if c.APIKey != "" && u.Scheme != "https" && !isLoopbackHost(u.Hostname()) {
		return nil, fmt.Errorf("%w: PADDOCK_SEARCH_URL must be https when an API key is set, or the key would cross the network in clear text", ErrSearch)
	}
	if c.KeyHeader != "" && !validHeaderName(c.KeyHeader) {
		return nil, fmt.Errorf("%w: PADDOCK_SEARCH_API_KEY_HEADER %q is not a valid header name", ErrSearch, c.KeyHeader)
	}
	if strings.ContainsAny(c.APIKey, "\r\n") {
		return nil, fmt.Errorf("%w: the search API key contains a line break", ErrSearch)
	}
	client, err := backendClient(u)
	if err != nil {
		return nil, err
	}
	s := &SearchAPI{endpoint: c.URL, host: u.Host, queryParam: c.QueryParam, countParam: c.CountParam,
		key: c.APIKey, keyHeader: c.KeyHeader, client: client}
	if s.queryParam == "" {
		s.queryParam = "q"
	}
	if c.ResultsPath != "" {
		s.resultsPath = strings.Split(c.ResultsPath, ".")
	}
	return s, nil
}

// String names the backend without its key.
func (s *SearchAPI) String() string { return "search API at " + s.host }

// GoString keeps the key out of %#v.
func (s *SearchAPI) GoString() string { return s.String() }

// Search implements SearchBackend.
func (s *SearchAPI) Search(ctx context.Context, query string, n int) ([]SearchResult, error) {
	raw := strings.ReplaceAll(s.endpoint, "{query}", url.QueryEscape(query))
	u, err := url.Parse(raw)
	if err != nil {
		return nil, fmt.Errorf("%w: building the request: %v", ErrSearch, unwrapURLError(err))
	}
	q := u.Query()
	if !strings.Contains(s.endpoint, "{query}") {
		q.Set(s.queryParam, query)
	}
	if s.countParam != "" {
		q.Set(s.countParam, strconv.Itoa(n))
	}
	u.RawQuery = q.Encode()
	hdr := http.Header{}
	if s.key != "" {
		if s.keyHeader == "" {
			hdr.Set("Authorization", "Bearer "+s.key)
		} else {
			hdr.Set(s.keyHeader, s.key)
		}
	}
	body, err := getJSON(ctx, s.client, u, hdr)
	if err != nil {
		return nil, err
	}
	res, err := extractResults(body, s.resultsPath, n)
	if err != nil {
		return nil, fmt.Errorf("%w: %s: %v", ErrSearch, s, err)
	}
	return res, nil
}

func validHeaderName(h string) bool {
	if h == "" {
		return false
	}
	for i := 0; i < len(h); i++ {
		c := h[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.IndexByte("!#$%&'*+-.^_`|~", c) >= 0) {
			return false
		}
	}
	return true
}

var errForbidden = errors.New("forbidden")

// getJSON GETs u with hdr and returns the body of a 2xx answer. Errors name the host only: the
// URL's query may carry a key, and error bodies are not echoed.
func getJSON(ctx context.Context, c *http.Client, u *url.URL, hdr http.Header) ([]byte, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return nil, fmt.Errorf("%w: building the request for %s", ErrSearch, u.Host)
	}
	for k, v := range hdr {
		req.Header[k] = v
	}
	req.Header.Set("Accept", "application/json")
	resp, err := c.Do(req)
	if err != nil {
		if errors.Is(err, context.Canceled) {
			return nil, fmt.Errorf("%w: %w", ErrSearch, context.Canceled)
		}
		if isTimeout(err) || errors.Is(err, context.DeadlineExceeded) {
			return nil, fmt.Errorf("%w: the search backend at %s did not answer in time", ErrSearch, u.Host)
		}
		var de *egress.DenyError
		if errors.As(err, &de) {
			return nil, fmt.Errorf("%w: the search backend at %s: %v", ErrSearch, u.Host, de)
		}
		return nil, fmt.Errorf("%w: the search backend at %s could not be reached", ErrSearch, u.Host)
	}
	defer resp.Body.Close()
	if resp.StatusCode == http.StatusForbidden {
		return nil, fmt.Errorf("%w: the search backend at %s answered HTTP %s: %w", ErrSearch, u.Host, statusText(resp.StatusCode), errForbidden)
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return nil, fmt.Errorf("%w: the search backend at %s answered HTTP %s", ErrSearch, u.Host, statusText(resp.StatusCode))
	}
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		if errors.Is(err, egress.ErrTooLarge) {
			return nil, fmt.Errorf("%w: the answer of the search backend at %s is larger than %d bytes", ErrSearch, u.Host, maxSearchBytes)
		}
		return nil, fmt.Errorf("%w: reading the answer of the search backend at %s", ErrSearch, u.Host)
	}
	return body, nil
}

// Field names tried, in order, for each part of a result.
var (
	titleFields   = []string{"title", "name", "heading"}
	urlFields     = []string{"url", "link", "href", "uri"}
	snippetFields = []string{"snippet", "content", "description", "body", "text", "summary", "abstract"}
	// resultKeys are visited first when looking for the results array.
	resultKeys = []string{"results", "items", "web", "webPages", "value", "organic", "organic_results", "data", "hits", "documents"}
)

// extractResults finds the results array of a JSON answer (at path, or the first array of
// objects with a URL field, breadth first, likely keys first) and maps its objects to results.
func extractResults(body []byte, path []string, n int) ([]SearchResult, error) {
	dec := json.NewDecoder(bytes.NewReader(body))
	var root any
	if err := dec.Decode(&root); err != nil {
		return nil, fmt.Errorf("the answer is not JSON: %v", err)
	}
	var arr []any
	if len(path) > 0 {
		v := root
		for _, k := range path {
			m, ok := v.(map[string]any)
			if !ok {
				return nil, fmt.Errorf("the answer has no %q at PADDOCK_SEARCH_RESULTS_PATH", strings.Join(path, "."))
			}
			v = m[k]
		}
		arr, _ = v.([]any)
		if arr == nil {
			return nil, fmt.Errorf("%q in the answer is not an array", strings.Join(path, "."))
		}
	} else {
		arr = findResults(root)
		if arr == nil {
			return []SearchResult{}, nil
		}
	}
	var out []SearchResult
	for _, e := range arr {
		m, ok := e.(map[string]any)
		if !ok {
			continue
		}
		if r, ok := cleanResult(field(m, titleFields), field(m, urlFields), field(m, snippetFields)); ok {
			out = append(out, r)
		}
		if len(out) == n {
			break
		}
	}
	return out, nil
}

// findResults searches breadth first (at most 6 levels) for an array whose first object has a
// URL field.
func findResults(root any) []any {
	level := []any{root}
	for depth := 0; depth < 6 && len(level) > 0; depth++ {
		var next []any
		for _, v := range level {
			switch x := v.(type) {
			case []any:
				if len(x) > 0 {
					if m, ok := x[0].(map[string]any); ok && field(m, urlFields) != "" {
						return x
					}
				}
				for _, e := range x {
					if _, ok := e.(map[string]any); ok {
						next = append(next, e)
					}
				}
			case map[string]any:
				keys := make([]string, 0, len(x))
				for k := range x {
					keys = append(keys, k)
				}
				sort.Slice(keys, func(a, b int) bool {
					ra, rb := rank(keys[a]), rank(keys[b])
					if ra != rb {
						return ra < rb
					}
					return keys[a] < keys[b]
				})
				for _, k := range keys {
					next = append(next, x[k])
				}
			}
		}
		level = next
	}
	return nil
}

func rank(k string) int {
	for i, r := range resultKeys {
		if strings.EqualFold(k, r) {
			return i
		}
	}
	return len(resultKeys)
}

// field returns the first string value among names in m.
func field(m map[string]any, names []string) string {
	for _, n := range names {
		if s, ok := m[n].(string); ok && s != "" {
			return s
		}
	}
	return ""
}

// cleanResult turns backend fields into a result: markup removed from title and snippet,
// lengths bounded, and only http and https URLs kept.
func cleanResult(title, link, snippet string) (SearchResult, bool) {
	u, err := url.Parse(strings.TrimSpace(link))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return SearchResult{}, false
	}
	return SearchResult{
		Title:   shorten(plainText(title), maxResultTitle),
		URL:     shorten(u.String(), maxResultURL),
		Snippet: shorten(plainText(snippet), maxResultSnippet),
	}, true
}

// plainText strips markup (<strong> and the like, entities) from a short backend string.
func plainText(s string) string {
	if strings.ContainsAny(s, "<&") {
		s = guard.HTMLTextString(s).Text
	} else {
		s = guard.Filter(s)
	}
	return strings.Join(strings.Fields(s), " ")
}

type searchIn struct {
	Query      string `json:"query"`
	NumResults int    `json:"num_results"`
}

// searchTool is web_search over b.
func searchTool(b SearchBackend) tool.Tool {
	one, twenty := 1.0, 20.0
	params := tool.Object(map[string]*tool.Schema{
		"query":       tool.String("what to search the web for", 1, 400),
		"num_results": {Type: "integer", Description: "how many results to return (default 5)", Minimum: &one, Maximum: &twenty},
	})
	params.Required = []string{"query"}
	return &tool.Func[searchIn]{
		Name: WebSearch,
		Description: "Search the web. Returns titles, URLs and snippets; use read_webpage to read a result " +
			"(its host must be in the run's web allowlist).",
		Params:   params,
		ToolKind: tool.Consequential,
		Run: func(ctx context.Context, in searchIn) (tool.Result, error) {
			n := in.NumResults
			if n <= 0 {
				n = 5
			}
			res, err := b.Search(ctx, in.Query, n)
			if err != nil {
				return tool.Result{}, err
			}
			source := fmt.Sprintf("web search results for %q", shorten(in.Query, 100))
			if len(res) == 0 {
				return tool.Result{Output: "No results.", Untrusted: true, Source: source}, nil
			}
			var sb strings.Builder
			for i, r := range res {
				if i == n {
					break
				}
				fmt.Fprintf(&sb, "%d. %s\n   %s\n", i+1, r.Title, r.URL)
				if r.Snippet != "" {
					fmt.Fprintf(&sb, "   %s\n", r.Snippet)
				}
			}
			return tool.Result{Output: sb.String(), Untrusted: true, Source: source}, nil
		},
	}
}

package cli

import (
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/paddock-dev/paddock/internal/llm/llmtest"
)

// TestServeConsole: `paddock serve` serves the web console at the printed URL (a new user lands
// on the sign-in page), and --no-console leaves "/" to the API (401 without a key).
func TestServeConsole(t *testing.T) {
	model := llmtest.NewServer(t)
	for _, tc := range []struct {
		name  string
		extra []string
		want  int
	}{
		{"default", nil, http.StatusOK},
		{"no console", []string{"--no-console"}, http.StatusUnauthorized},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := startChild(t, t.TempDir(), model.URL, tc.extra...)
			res, err := http.Get(c.url + "/")
			if err != nil {
				t.Fatal(err)
			}
			body, _ := io.ReadAll(res.Body)
			res.Body.Close()
			if res.StatusCode != tc.want {
				t.Fatalf("GET %s/: %d\n%s", c.url, res.StatusCode, body)
			}
			if tc.want == http.StatusOK && (res.Request.URL.Path != "/console/signin" || !strings.Contains(string(body), `name="key"`) ||
				!strings.Contains(res.Header.Get("Content-Security-Policy"), "script-src 'self'")) {
				t.Fatalf("landed on %s:\n%s", res.Request.URL, body)
			}
		})
	}
}

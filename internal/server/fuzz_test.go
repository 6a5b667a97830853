package server

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"

	"github.com/paddock-dev/paddock/internal/llm/llmtest"
)

// serveInProcess sends one request through the full middleware chain.
func serveInProcess(f *fixture, method, target, key, contentType string, body []byte) *httptest.ResponseRecorder {
	req := httptest.NewRequest(method, target, bytes.NewReader(body))
	req.Host = "127.0.0.1"
	if key != "" {
		req.Header.Set("Authorization", "Bearer "+key)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	rec := httptest.NewRecorder()
	f.srv.Handler().ServeHTTP(rec, req)
	return rec
}

func checkAnswer(t *testing.T, rec *httptest.ResponseRecorder, in []byte) {
	t.Helper()
	if rec.Code >= 500 && rec.Code != http.StatusServiceUnavailable {
		t.Fatalf("input %q: %d %s", in, rec.Code, rec.Body)
	}
	if rec.Code >= 400 {
		var e errorBody
		if err := json.Unmarshal(rec.Body.Bytes(), &e); err != nil || e.Message == "" {
			t.Fatalf("input %q: error %d is not JSON with a message: %s", in, rec.Code, rec.Body)
		}
	}
}

// FuzzTaskAndStepBodies: any body to task creation or a step is a clear 4xx or a success, never a
// crash or a 500.
func FuzzTaskAndStepBodies(f *testing.F) {
	fx := newFixture(f, func(c *Config) { c.Limits.RatePerSecond, c.Limits.Burst = 1e6, 1e6 }, llmtest.Text("x"))
	key := fx.keys["acme/member"]
	tk := fx.createTask(key, "x", nil)
	for _, s := range []string{`{"input":"a"}`, `{"input":"a","additional_input":{"continuous":true}}`, `{}`, `{"input":null}`,
		`{"additional_input":{"approve":true,"call_id":"x"}}`, `{"input":"\u0000"}`, `[`, `{"input":"a"}{}`, ``} {
		f.Add([]byte(s), true)
		f.Add([]byte(s), false)
	}
	fx.model.Handler.SetRepeat(true)
	f.Fuzz(func(t *testing.T, body []byte, toTask bool) {
		target := "/ap/v1/agent/tasks"
		if !toTask {
			target += "/" + tk.TaskID + "/steps"
		}
		checkAnswer(t, serveInProcess(fx, "POST", target, key, "application/json", body), body)
	})
}

// FuzzQueryAndPath: pagination parameters and path ids from the client never crash a listing.
func FuzzQueryAndPath(f *testing.F) {
	fx := newFixture(f, func(c *Config) { c.Limits.RatePerSecond, c.Limits.Burst = 1e6, 1e6 })
	key := fx.keys["acme/viewer"]
	for _, s := range [][2]string{{"1", "10"}, {"-1", "0"}, {"99999999999999999999", "x"}, {"", ""}, {"1e3", "0x10"}} {
		f.Add(s[0], s[1], "aaaa")
	}
	f.Fuzz(func(t *testing.T, cur, size, id string) {
		q := url.Values{"current_page": {cur}, "page_size": {size}}.Encode()
		alt := url.Values{"page": {cur}, "pageSize": {size}}.Encode() // AutoGPT's forge server and frontend
		for _, p := range []string{"/ap/v1/agent/tasks?" + q, "/ap/v1/agent/tasks?" + alt, "/ap/v1/agent/tasks/" + url.PathEscape(id) + "/steps?" + q,
			"/ap/v1/agent/tasks/" + url.PathEscape(id) + "/artifacts/" + url.PathEscape(id)} {
			checkAnswer(t, serveInProcess(fx, "GET", p, key, "", nil), []byte(p))
		}
	})
}

// FuzzUpload: any multipart body to the upload route is a clear answer.
func FuzzUpload(f *testing.F) {
	fx := newFixture(f, func(c *Config) {
		c.Limits.RatePerSecond, c.Limits.Burst, c.Limits.MaxUploadBytes = 1e6, 1e6, 4096
	})
	key := fx.keys["acme/member"]
	tk := fx.createTask(key, "x", nil)
	f.Add("--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.txt\"\r\n\r\nhello\r\n--b--\r\n")
	f.Add("--b\r\nContent-Disposition: form-data; name=\"relative_path\"\r\n\r\n../..\r\n--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a\"\r\n\r\nx\r\n--b--\r\n")
	f.Add("--b\r\n")
	f.Fuzz(func(t *testing.T, body string) {
		rec := serveInProcess(fx, "POST", "/ap/v1/agent/tasks/"+tk.TaskID+"/artifacts", key, "multipart/form-data; boundary=b", []byte(body))
		checkAnswer(t, rec, []byte(body))
	})
}

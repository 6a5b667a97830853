package server

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"testing"

	"github.com/paddock-dev/paddock/internal/llm/llmtest"
	"github.com/paddock-dev/paddock/internal/server/servertest"
	"github.com/paddock-dev/paddock/internal/store"
)

// fixture is a server on a temporary store with tenants acme and beta, a key of every role for
// each, and a scripted model.
type fixture struct {
	t     testing.TB
	dir   string
	st    *store.DB
	srv   *Server
	http  *httptest.Server
	model *llmtest.Server
	keys  map[string]string // "acme/admin" -> key
	// spec checks every response the fixture's client gets against the official Agent
	// Protocol specification; a test fails at its end if one does not fit.
	spec   *servertest.Spec
	client *http.Client
}

func newFixture(t testing.TB, mod func(*Config), script ...llmtest.Turn) *fixture {
	t.Helper()
	dir := t.TempDir()
	st, keys := servertest.Store(t, dir)
	f := &fixture{t: t, dir: dir, st: st, keys: keys}
	f.model = llmtest.NewServer(t, script...)
	cfg := Config{Store: st, DataDir: dir, Model: f.model.Config(""), CheckHost: true}
	cfg.Model.MaxRetries = 0
	if mod != nil {
		mod(&cfg)
	}
	var err error
	f.srv, err = New(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	f.http = httptest.NewServer(f.srv.Handler())
	f.spec = servertest.LoadSpec(t)
	f.client = &http.Client{Transport: f.spec.Transport(nil)}
	t.Cleanup(func() {
		f.http.Close()
		f.srv.Close()
		f.spec.Require(t, 0)
	})
	return f
}

// do sends a request as key ("" for none) and decodes a JSON answer into out when not nil.
func (f *fixture) do(method, path, key string, body any, out any) *http.Response {
	f.t.Helper()
	var rd io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		rd = bytes.NewBufferString(b)
	case []byte:
		rd = bytes.NewReader(b)
	default:
		raw, _ := json.Marshal(b)
		rd = bytes.NewReader(raw)
	}
	req, err := http.NewRequest(method, f.http.URL+path, rd)
	if err != nil {
		f.t.Fatal(err)
	}
	if key != "" {
		req.Header.Set("Authorization", "Bearer "+key)
	}
	if rd != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	res, err := f.client.Do(req)
	if err != nil {
		f.t.Fatal(err)
	}
	defer res.Body.Close()
	raw, _ := io.ReadAll(res.Body)
	res.Body = io.NopCloser(bytes.NewReader(raw))
	if out != nil && len(raw) > 0 {
		if err := json.Unmarshal(raw, out); err != nil {
			f.t.Fatalf("%s %s: %d %s: %v", method, path, res.StatusCode, raw, err)
		}
	}
	return res
}

func body(res *http.Response) string {
	b, _ := io.ReadAll(res.Body)
	res.Body = io.NopCloser(bytes.NewReader(b))
	return string(b)
}

func (f *fixture) createTask(key, input string, addl map[string]any) Task {
	f.t.Helper()
	var tk Task
	req := map[string]any{"input": input}
	if addl != nil {
		req["additional_input"] = addl
	}
	if res := f.do("POST", "/ap/v1/agent/tasks", key, req, &tk); res.StatusCode != 200 {
		f.t.Fatalf("create task: %d %s", res.StatusCode, body(res))
	}
	return tk
}

func (f *fixture) step(key, taskID string, req map[string]any) (Step, *http.Response) {
	f.t.Helper()
	var st Step
	if req == nil {
		req = map[string]any{}
	}
	res := f.do("POST", "/ap/v1/agent/tasks/"+taskID+"/steps", key, req, &st)
	return st, res
}

func (f *fixture) upload(key, taskID, rel, name string, data []byte) *http.Response {
	f.t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	if rel != "" {
		_ = mw.WriteField("relative_path", rel)
	}
	fw, _ := mw.CreateFormFile("file", name)
	_, _ = fw.Write(data)
	mw.Close()
	req, _ := http.NewRequest("POST", f.http.URL+"/ap/v1/agent/tasks/"+taskID+"/artifacts", &buf)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	if key != "" {
		req.Header.Set("Authorization", "Bearer "+key)
	}
	res, err := f.client.Do(req)
	if err != nil {
		f.t.Fatal(err)
	}
	raw, _ := io.ReadAll(res.Body)
	res.Body.Close()
	res.Body = io.NopCloser(bytes.NewReader(raw))
	return res
}

func (f *fixture) workspace(tenantName, taskID string) string {
	return filepath.Join(f.dir, "tenants", tenantName, "workspaces", taskID)
}

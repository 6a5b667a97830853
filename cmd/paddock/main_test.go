package main

import (
	"bytes"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/paddock-dev/paddock/internal/llm/llmtest"
	"github.com/paddock-dev/paddock/internal/sandbox"
	"github.com/rogpeppe/go-internal/testscript"
)

func TestMain(m *testing.M) {
	sandbox.Init()
	testscript.Main(m, map[string]func(){
		"paddock": func() { os.Exit(run()) },
	})
}

// TestScripts runs the command-line sessions under testdata/script. Besides testscript's own
// commands they can use:
//
//	model-server SCRIPT.json   start a scripted OpenAI-compatible server (a test double) on loopback
//	                           replaying SCRIPT.json, and point OPENAI_BASE_URL at it
//	model-saw                  print every request body the scripted server received
//	wait-model N               wait until the scripted server has received N requests
//	pty [-stdin FILE] CMD ARGS run CMD on a new pseudo-terminal (stdin, stdout and stderr), typing
//	                           FILE's lines; what the terminal showed, escapes included, is stdout
//	env-from VAR FILE          set VAR to FILE's contents, trimmed
//	free-port VAR              set VAR to a free loopback TCP port
//	wait-http URL              wait (30 s at most) until URL answers 200
//	web-server DIR             serve DIR over HTTP on loopback; sets WEBURL and WEBHOST (host:port)
func TestScripts(t *testing.T) {
	testscript.Run(t, testscript.Params{
		Dir: "testdata/script",
		Setup: func(env *testscript.Env) error {
			env.Setenv("HOME", env.WorkDir+"/home")
			env.Setenv("OPENAI_API_KEY", "")
			env.Setenv("OPENAI_BASE_URL", "")
			env.Setenv("PADDOCK_MODEL", "")
			env.Setenv("PADDOCK_DATA_DIR", "")
			env.Values["model"] = &modelServer{}
			return nil
		},
		Cmds: map[string]func(ts *testscript.TestScript, neg bool, args []string){
			"model-server": func(ts *testscript.TestScript, neg bool, args []string) {
				if neg || len(args) != 1 {
					ts.Fatalf("usage: model-server SCRIPT.json")
				}
				// ${NAME} in the script is replaced by the script's environment (e.g. ${WEBURL}); $NAME and
				// shell forms such as ${X:-default} are left for the shell.
				script := scriptVar.ReplaceAllStringFunc(ts.ReadFile(args[0]), func(m string) string {
					return ts.Getenv(m[2 : len(m)-1])
				})
				turns, err := llmtest.LoadScript([]byte(script))
				ts.Check(err)
				m := ts.Value("model").(*modelServer)
				if m.h != nil {
					ts.Fatalf("model-server: one scripted server per script")
				}
				m.h = llmtest.NewHandler(turns...)
				srv := httptest.NewServer(m.h)
				ts.Defer(func() { m.h.Close(); srv.Close() })
				ts.Setenv("OPENAI_BASE_URL", srv.URL+"/v1")
			},
			"web-server": func(ts *testscript.TestScript, neg bool, args []string) {
				if neg || len(args) != 1 {
					ts.Fatalf("usage: web-server DIR")
				}
				srv := httptest.NewServer(http.FileServer(http.Dir(ts.MkAbs(args[0]))))
				ts.Defer(srv.Close)
				u, _ := url.Parse(srv.URL)
				ts.Setenv("WEBURL", srv.URL)
				ts.Setenv("WEBHOST", u.Host)
			},
			"env-from": func(ts *testscript.TestScript, neg bool, args []string) {
				if neg || len(args) != 2 {
					ts.Fatalf("usage: env-from VAR FILE")
				}
				ts.Setenv(args[0], strings.TrimSpace(ts.ReadFile(args[1])))
			},
			"free-port": func(ts *testscript.TestScript, neg bool, args []string) {
				if neg || len(args) != 1 {
					ts.Fatalf("usage: free-port VAR")
				}
				ln, err := net.Listen("tcp", "127.0.0.1:0")
				ts.Check(err)
				ts.Setenv(args[0], fmt.Sprint(ln.Addr().(*net.TCPAddr).Port))
				ln.Close()
			},
			"wait-http": func(ts *testscript.TestScript, neg bool, args []string) {
				if neg || len(args) != 1 {
					ts.Fatalf("usage: wait-http URL")
				}
				deadline := time.Now().Add(30 * time.Second)
				for {
					resp, err := http.Get(args[0])
					if err == nil {
						resp.Body.Close()
						if resp.StatusCode == http.StatusOK {
							return
						}
					}
					if time.Now().After(deadline) {
						ts.Fatalf("wait-http %s: not ready after 30s (last error %v)", args[0], err)
					}
					time.Sleep(50 * time.Millisecond)
				}
			},
			"pty": runInPTY,
			"wait-model": func(ts *testscript.TestScript, neg bool, args []string) {
				// wait-model N: wait (30 s at most) until the scripted server has received N requests.
				m := ts.Value("model").(*modelServer)
				var n int
				if neg || len(args) != 1 || m.h == nil {
					ts.Fatalf("usage: wait-model N (after model-server)")
				}
				if _, err := fmt.Sscan(args[0], &n); err != nil {
					ts.Fatalf("wait-model: %v", err)
				}
				for deadline := time.Now().Add(30 * time.Second); m.h.Served() < n; time.Sleep(20 * time.Millisecond) {
					if time.Now().After(deadline) {
						ts.Fatalf("wait-model: %d requests after 30s, want %d", m.h.Served(), n)
					}
				}
			},
			"model-saw": func(ts *testscript.TestScript, neg bool, args []string) {
				m := ts.Value("model").(*modelServer)
				if m.h == nil {
					ts.Fatalf("model-saw: no model-server started")
				}
				var b bytes.Buffer
				for _, r := range m.h.Requests() {
					b.Write(r.Body)
					b.WriteByte('\n')
				}
				ts.Stdout().Write(b.Bytes())
			},
		},
	})
}

// scriptVar is a ${NAME} reference in a model script.
var scriptVar = regexp.MustCompile(`\$\{[A-Z_]+\}`)

// modelServer holds the scripted model server of one script.
type modelServer struct{ h *llmtest.Handler }

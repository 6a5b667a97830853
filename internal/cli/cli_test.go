package cli

import (
	"bytes"
	"context"
	"os"
	"strings"
	"testing"

	"github.com/paddock-dev/paddock/internal/sandbox"
	"github.com/paddock-dev/paddock/internal/store/postgres/pgtest"
)

func TestMain(m *testing.M) {
	sandbox.Init() // the sandbox re-executes this test binary as its stage
	serveChild()   // and serve_process_test.go as paddock serve
	// Run the tests, then stop the PostgreSQL that nodes_test.go starts.
	os.Exit(pgtest.Main(m))
}

// paddock runs the command line with args, stdin and the environment vars (nothing else of the
// process's environment), and returns its exit status, stdout and stderr.
func paddock(t testing.TB, vars map[string]string, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := Main(context.Background(), args, Env{
		Stdin: strings.NewReader(stdin), Stdout: &out, Stderr: &errb,
		Getenv: func(k string) string { return vars[k] },
	})
	return code, out.String(), errb.String()
}

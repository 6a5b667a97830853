package main

import (
	"bufio"
	"bytes"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"
)

// initBudget is how many allocations one package may make while it initialises: a process that
// never uses a package's tables, regexps or detector must not pay for them (build them on first
// use, with sync.OnceValue, or as constants). Allocations, not bytes or time: their count is the
// same under -race and on a loaded machine.
const initBudget = 300

// initOverBudget are packages whose init paddock cannot change, each capped at about twice what it
// made when last measured, so a new dependency or a bigger table still fails.
var initOverBudget = map[string]int64{
	"github.com/openai/openai-go/v3":                 2000, // 1057: API tables (the model client)
	"github.com/openai/openai-go/v3/responses":       1200, // 597
	"github.com/prometheus/procfs":                   1800, // 892 (paddock serve's /metrics)
	"github.com/prometheus/client_golang/prometheus": 700,  // 249 (339 under -race)
	"github.com/google/jsonschema-go/jsonschema":     600,  // 296 (the MCP SDK's schemas)
	"encoding/gob": 750, // 368 (standard library)
}

type initRecord struct {
	pkg    string
	allocs int64
}

// traceInits runs this test binary with GODEBUG=inittrace=1 and no test, and returns every
// package init it reports, in order. The binary links everything paddock's main does.
func traceInits(t *testing.T) []initRecord {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), "GODEBUG=inittrace=1")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("running %s: %v\n%s", os.Args[0], err, stderr.String())
	}
	var out []initRecord
	sc := bufio.NewScanner(&stderr)
	for sc.Scan() {
		// init PKG @T ms, C ms clock, B bytes, A allocs
		f := strings.Fields(sc.Text())
		if len(f) < 11 || f[0] != "init" || f[8] != "bytes," {
			continue
		}
		n, err := strconv.ParseInt(f[9], 10, 64)
		if err != nil {
			t.Fatalf("unreadable inittrace line %q", sc.Text())
		}
		out = append(out, initRecord{f[1], n})
	}
	if len(out) < 20 {
		t.Fatalf("inittrace reported %d inits; is GODEBUG=inittrace supported?\n%s", len(out), stderr.String())
	}
	return out
}

// TestInitBudget fails when a package does work at init that a process may not need.
func TestInitBudget(t *testing.T) {
	for _, r := range traceInits(t) {
		limit := int64(initBudget)
		if l, ok := initOverBudget[r.pkg]; ok {
			limit = l
		}
		if r.allocs > limit {
			t.Errorf("init of %s makes %d allocations, budget %d: build its tables on first use (sync.OnceValue)", r.pkg, r.allocs, limit)
		}
	}
}

// beforeStageBudget bounds the allocations of all the packages that initialise before the sandbox
// stage (741 when last measured): the stage waits for golang.org/x/sys/unix, and Go initialises
// ready packages in import path order, so some small leaves (x/net/html's entity table among them)
// come first.
const beforeStageBudget = 1500

// TestStageInitializesEarly: the sandbox's re-executed stage takes the process over from package
// stage's init. paddock's own packages and the dependencies with costly inits must initialise after
// it, so a stage process never runs their init work.
func TestStageInitializesEarly(t *testing.T) {
	const stagePkg = "github.com/paddock-dev/paddock/internal/sandbox/stage"
	heavy := func(pkg string) bool {
		_, over := initOverBudget[pkg]
		stdlib := !strings.Contains(strings.Split(pkg, "/")[0], ".")
		return (over && !stdlib) || strings.HasPrefix(pkg, "github.com/paddock-dev/paddock/") ||
			pkg == "modernc.org/libc" || strings.HasPrefix(pkg, "modernc.org/sqlite")
	}
	var before int64
	for _, r := range traceInits(t) {
		if r.pkg == stagePkg {
			if before > beforeStageBudget {
				t.Errorf("the inits before the sandbox stage make %d allocations, budget %d", before, beforeStageBudget)
			}
			return
		}
		before += r.allocs
		if heavy(r.pkg) {
			t.Errorf("%s initialises before the sandbox stage: a stage process would run its init", r.pkg)
		}
	}
	t.Fatalf("%s did not initialise (it takes the stage over from its init)", stagePkg)
}

package policy

import (
	"fmt"
	"testing"

	"github.com/paddock-dev/paddock/internal/tool"
)

// BenchmarkDecide measures what rules add to one decision: no rules (the yardstick) against 60
// rules of every kind, for a command, a path and a URL that match none of them (the worst case:
// every rule is tried).
//
//	go test -run XXX -bench Decide -cpu 1 ./internal/policy/
func BenchmarkDecide(b *testing.B) {
	var many RuleSet
	for i := range 20 {
		many.Add(mustRule(b, EffectDeny, fmt.Sprintf("execute_shell(tool%d *)", i)))
		many.Add(mustRule(b, EffectAsk, fmt.Sprintf("write_file(dir%d/**/*.go)", i)))
		many.Add(mustRule(b, EffectAllow, fmt.Sprintf("read_webpage(https://host%d.example/docs/*)", i)))
	}
	calls := []*tool.Call{
		call("execute_shell", tool.Consequential, map[string]any{"command_line": "npm test -- --watch && echo done"}),
		call("write_file", tool.Consequential, map[string]any{"filename": "src/pkg/sub/file.go", "contents": ""}),
		call("read_webpage", tool.Consequential, map[string]any{"url": "https://docs.python.org/3/library/os.html"}),
	}
	for _, bc := range []struct {
		name string
		set  RuleSet
	}{{"none", RuleSet{}}, {"60rules", many}} {
		r, _ := New(Options{Rules: bc.set}, nil)
		b.Run(bc.name, func(b *testing.B) {
			for i := 0; b.Loop(); i++ {
				if d := r.Decide(calls[i%len(calls)]); d.Action != Ask {
					b.Fatal(d)
				}
			}
		})
	}
}

package servertest

import (
	"net/http"
	"strings"
	"testing"
)

// TestSpecCatchesWhatTheOutsideTestFound: the validator refuses the answers a stock client
// choked on (a step status outside the enum, a list without pagination, a 404 without message)
// and passes a conforming step.
func TestSpecCatchesWhatTheOutsideTestFound(t *testing.T) {
	s := LoadSpec(t)
	h := http.Header{"Content-Type": {"application/json"}}
	step := func(status string) string {
		return `{"task_id":"t1","step_id":"s1","status":"` + status + `","is_last":false,"artifacts":[],"additional_output":{}}`
	}
	for _, tc := range []struct {
		method, path string
		status       int
		body         string
		ok           bool
	}{
		{"POST", "/ap/v1/agent/tasks/t1/steps", 200, step("completed"), true},
		{"POST", "/ap/v1/agent/tasks/t1/steps", 200, step("awaiting_approval"), false},
		{"GET", "/ap/v1/agent/tasks/t1/steps/s1", 200, step("interrupted"), false},
		{"GET", "/ap/v1/agent/tasks/t1/steps", 200, `{"steps":[]}`, false},
		{"GET", "/ap/v1/agent/tasks/t1", 404, `{"error":"not_found"}`, false},
		{"GET", "/ap/v1/agent/tasks/t1", 404, `{"message":"task not found"}`, true},
		{"GET", "/paddock/v1/shares", 200, `not json`, true}, // outside the specification
	} {
		req, _ := http.NewRequest(tc.method, "http://127.0.0.1:8000"+tc.path, strings.NewReader(""))
		err := s.Check(req, tc.status, h, []byte(tc.body))
		if (err == nil) != tc.ok {
			t.Errorf("%s %s %d %s: %v, want ok=%t", tc.method, tc.path, tc.status, tc.body, err, tc.ok)
		}
	}
}

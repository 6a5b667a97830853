package server

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
)

func TestCheckJSONBody(t *testing.T) {
	for _, tt := range []struct {
		ct, body string
		want     int // 0: accepted
	}{
		{"application/json", `{"input":"x","additional_input":{"continuous":true}}`, 0},
		{"", `{"a":1}`, 0},
		{"application/json; charset=utf-8", `{"a":[{"k":1},{"k":2}]}`, 0},
		{"application/vnd.api+json", `{"a":1}`, 0},
		{"application/json", `{"approve":false,"approve":true}`, http.StatusBadRequest},
		{"application/json", `{"continuous":false,"Continuous":true}`, http.StatusBadRequest},
		{"application/json", `{"a":{"b":1,"B":2}}`, http.StatusBadRequest},
		{"application/json", `{"a":[{"k":1,"k":2}]}`, http.StatusBadRequest},
		{"application/json", "{\"a\":\"\xff\"}", http.StatusBadRequest},
		{"application/json", strings.Repeat("[", 100) + strings.Repeat("]", 100), http.StatusBadRequest},
		{"text/plain", `{"a":1}`, http.StatusUnsupportedMediaType},
		{"application/x-www-form-urlencoded", `{"a":1}`, http.StatusUnsupportedMediaType},
		{"application/json", `{"a":1`, http.StatusBadRequest},
	} {
		err := checkJSONBody(tt.ct, []byte(tt.body))
		got := 0
		if err != nil {
			e, ok := err.(*Error)
			if !ok {
				t.Fatalf("%q: %v is not an *Error", tt.body, err)
			}
			got = e.Status
		}
		if got != tt.want {
			t.Errorf("checkJSONBody(%q, %q) = %v, want status %d", tt.ct, tt.body, err, tt.want)
		}
	}
}

// TestDuplicateKeysRefusedOverTheAPI: the outside test's confusions answer 400 and change nothing.
func TestDuplicateKeysRefusedOverTheAPI(t *testing.T) {
	f := newFixture(t, nil)
	k := f.keys["acme/member"]
	for _, b := range []string{
		`{"input":"x","additional_input":{"continuous":false,"Continuous":true}}`,
		`{"input":"x","Input":"y"}`,
		"{\"input\":\"x\",\"additional_input\":{\"note\":\"\xff\"}}",
	} {
		if res := f.do("POST", "/ap/v1/agent/tasks", k, []byte(b), nil); res.StatusCode != http.StatusBadRequest {
			t.Errorf("POST %q: %d %s", b, res.StatusCode, body(res))
		}
	}
	var list struct{ Tasks []Task }
	f.do("GET", "/ap/v1/agent/tasks", k, nil, &list)
	if len(list.Tasks) != 0 {
		t.Fatalf("a refused request made a task: %+v", list.Tasks)
	}
}

func FuzzCheckJSONBody(f *testing.F) {
	for _, s := range []string{`{"a":1}`, `{"a":1,"A":2}`, `[{"a":1},{"a":1}]`, `{"a":{"b":[1,{"c":2,"c":3}]}}`, `"x"`, `{`, "\xff"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, body string) {
		if checkJSONBody("application/json", []byte(body)) == nil {
			var v any
			if err := json.Unmarshal([]byte(body), &v); err != nil {
				t.Fatalf("accepted %q, which encoding/json refuses: %v", body, err)
			}
		}
	})
}

package server

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"path"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/paddock-dev/paddock/internal/store"
)

// The Agent Protocol v1 objects, with the field names AutoGPT serves.

// Task is an Agent Protocol task.
type Task struct {
	TaskID string `json:"task_id"`
	// Input is the task's goal; null when the task was created without one (its steps' inputs
	// then give it).
	Input           *string         `json:"input"`
	AdditionalInput json.RawMessage `json:"additional_input"`
	CreatedAt       time.Time       `json:"created_at"`
	ModifiedAt      time.Time       `json:"modified_at"`
	Artifacts       []Artifact      `json:"artifacts"`
	// Status and Outcome are paddock's: how the run stands.
	Status  store.Status `json:"status"`
	Outcome string       `json:"outcome,omitempty"`
}

// StepStatus is a step's status as the Agent Protocol defines it. paddock's richer states stay
// out of it: a step that stopped for an approval or was cut short is completed, and says so in
// its additional_output (awaiting_approval, interrupted).
type StepStatus string

// The Agent Protocol's step statuses: the only values a step's status takes.
const (
	StepCreated   StepStatus = "created"
	StepRunning   StepStatus = "running"
	StepCompleted StepStatus = "completed"
)

// Step is an Agent Protocol step.
type Step struct {
	TaskID           string          `json:"task_id"`
	StepID           string          `json:"step_id"`
	Name             string          `json:"name"`
	Status           StepStatus      `json:"status"`
	Input            string          `json:"input"`
	AdditionalInput  json.RawMessage `json:"additional_input"`
	Output           string          `json:"output"`
	AdditionalOutput json.RawMessage `json:"additional_output"`
	Artifacts        []Artifact      `json:"artifacts"`
	IsLast           bool            `json:"is_last"`
	CreatedAt        time.Time       `json:"created_at"`
	ModifiedAt       time.Time       `json:"modified_at"`
}

// Artifact is an Agent Protocol artifact.
type Artifact struct {
	ArtifactID   string `json:"artifact_id"`
	AgentCreated bool   `json:"agent_created"`
	FileName     string `json:"file_name"`
	// RelativePath is the file's path in the task's workspace, its name included
	// ("sub/dir/result.txt"), as AutoGPT gives it: a client saves the artifact at
	// (folder / relative_path).parent / file_name.
	RelativePath string    `json:"relative_path"`
	CreatedAt    time.Time `json:"created_at"`
	ModifiedAt   time.Time `json:"modified_at"`
}

// Pagination is the Agent Protocol's page description.
type Pagination struct {
	TotalItems  int `json:"total_items"`
	TotalPages  int `json:"total_pages"`
	CurrentPage int `json:"current_page"`
	PageSize    int `json:"page_size"`
}

// TaskRequest is the body of POST /ap/v1/agent/tasks. Both fields are optional, as in the
// specification; fields it does not name (AutoGPT's benchmark sends eval_id) are ignored.
type TaskRequest struct {
	Input           *string         `json:"input"`
	AdditionalInput json.RawMessage `json:"additional_input"`
}

// StepRequest is the body of POST /ap/v1/agent/tasks/{task_id}/steps; unknown fields are ignored.
type StepRequest struct {
	Name            string          `json:"name"`
	Input           *string         `json:"input"`
	AdditionalInput json.RawMessage `json:"additional_input"`
}

func apArtifact(a *store.Artifact) Artifact {
	return Artifact{ArtifactID: a.ID, AgentCreated: a.AgentCreated, FileName: a.FileName, RelativePath: path.Join(a.RelativePath, a.FileName),
		CreatedAt: a.Created, ModifiedAt: a.Modified}
}

// apStep shows a stored step as the Agent Protocol does: its status within the specification's
// enum, and paddock's own state in additional_output (an interrupted step says interrupted: true;
// one awaiting approval already carries awaiting_approval).
func apStep(st *store.APStep, arts []Artifact) Step {
	if arts == nil {
		arts = []Artifact{}
	}
	status, addl := StepCompleted, rawObject(st.AdditionalOutput)
	switch st.Status {
	case store.APStepRunning:
		status = StepRunning
	case store.APStepInterrupted:
		addl = withField(addl, "interrupted", true)
	}
	return Step{TaskID: st.TaskID, StepID: st.ID, Name: st.Name, Status: status, Input: st.Input,
		AdditionalInput: rawObject(st.AdditionalInput), Output: st.Output, AdditionalOutput: addl,
		Artifacts: arts, IsLast: st.IsLast, CreatedAt: st.Created, ModifiedAt: st.Modified}
}

// withField returns the JSON object obj with key set to v.
func withField(obj json.RawMessage, key string, v any) json.RawMessage {
	m := map[string]json.RawMessage{}
	if json.Unmarshal(obj, &m) != nil || m == nil {
		m = map[string]json.RawMessage{}
	}
	raw, err := json.Marshal(v)
	if err != nil {
		return obj
	}
	m[key] = raw
	out, err := json.Marshal(m)
	if err != nil {
		return obj
	}
	return out
}

func rawObject(s string) json.RawMessage {
	if s == "" {
		return json.RawMessage("{}")
	}
	return json.RawMessage(s)
}

// Input bounds.
const (
	maxInputBytes = 64 << 10
	// maxPageSize is the largest page a list answers with; a larger page_size is clamped to it
	// (the answer's pagination.page_size says so).
	maxPageSize = 100
)

// decodeJSON reads a JSON body: malformed JSON is 400, JSON of the wrong shape 422; unknown fields
// are 422 (decodeJSONLoose ignores them); an empty body is an empty object when allowed.
func decodeJSON(r *http.Request, v any, emptyOK bool) error {
	_, err := decodeBody(r, v, emptyOK, true)
	return err
}

// decodeJSONLoose reads a JSON body as decodeJSON does but ignores fields v does not have, as
// the Agent Protocol's clients expect, and returns their names (for the debug log).
func decodeJSONLoose(r *http.Request, v any, emptyOK bool) ([]string, error) {
	return decodeBody(r, v, emptyOK, false)
}

func decodeBody(r *http.Request, v any, emptyOK, strict bool) ([]string, error) {
	body, err := io.ReadAll(r.Body)
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return nil, err
		}
		return nil, badRequest("cannot read the request body")
	}
	if len(bytes.TrimSpace(body)) == 0 {
		if emptyOK {
			return nil, nil
		}
		return nil, badRequest("the request body is empty; send a JSON object")
	}
	if err := checkJSONBody(r.Header.Get("Content-Type"), body); err != nil {
		return nil, err
	}
	if string(bytes.TrimSpace(body)) == "null" { // what some clients send for "no body"
		if emptyOK {
			return nil, nil
		}
		return nil, unprocessable("the request body is null; send a JSON object")
	}
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(body, &fields); err != nil {
		return nil, unprocessable("the request body must be a JSON object")
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	if strict {
		dec.DisallowUnknownFields()
	}
	if err := dec.Decode(v); err != nil {
		return nil, unprocessable("the request body does not fit: %s", clip(err.Error(), 200))
	}
	return unknownFields(fields, v), nil
}

// unknownFields names the keys of fields that v's JSON tags do not.
func unknownFields(fields map[string]json.RawMessage, v any) []string {
	known := map[string]bool{}
	t := reflect.TypeOf(v)
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t.Kind() == reflect.Struct {
		for i := range t.NumField() {
			name, _, _ := strings.Cut(t.Field(i).Tag.Get("json"), ",")
			known[strings.ToLower(name)] = true
		}
	}
	var out []string
	for k := range fields {
		if !known[strings.ToLower(k)] {
			out = append(out, clip(k, 100))
		}
	}
	sort.Strings(out)
	return out
}

// checkObject requires raw to be absent, null or a JSON object, and returns it as an object.
func checkObject(raw json.RawMessage, field string) (string, error) {
	t := bytes.TrimSpace(raw)
	if len(t) == 0 || string(t) == "null" {
		return "{}", nil
	}
	if t[0] != '{' {
		return "", unprocessable("%s must be a JSON object", field)
	}
	var m map[string]any
	if err := json.Unmarshal(t, &m); err != nil {
		return "", unprocessable("%s must be a JSON object", field)
	}
	return string(t), nil
}

// The query parameters of a page, under every name the Agent Protocol's clients use: the
// specification's current_page and page_size, AutoGPT's forge server and frontend's page and
// pageSize (or page_size). The first one present of each list counts.
var (
	pageParams     = []string{"current_page", "page"}
	pageSizeParams = []string{"page_size", "pageSize"}
)

// maxPage bounds the page number (offsets stay far from overflow).
const maxPage = 1_000_000

// page parses the page number (from 1, default 1) and the page size (from 1, default 10; above
// maxPageSize it is clamped, and the answer's pagination says which size was used).
func page(r *http.Request) (limit, offset, current int, err error) {
	current, limit = 1, 10
	q := r.URL.Query()
	if name, v := firstParam(q, pageParams); v != "" {
		n, err := strconv.Atoi(strings.TrimSpace(v))
		if err != nil || n < 1 || n > maxPage {
			return 0, 0, 0, unprocessable("%s must be a whole number from 1 to %d", name, maxPage)
		}
		current = n
	}
	if name, v := firstParam(q, pageSizeParams); v != "" {
		n, err := strconv.Atoi(strings.TrimSpace(v))
		if err != nil || n < 1 {
			return 0, 0, 0, unprocessable("%s must be a whole number from 1 (pages hold at most %d)", name, maxPageSize)
		}
		limit = min(n, maxPageSize)
	}
	return limit, (current - 1) * limit, current, nil
}

// firstParam returns the first of names present in q, and its value.
func firstParam(q url.Values, names []string) (string, string) {
	for _, n := range names {
		if q.Has(n) {
			return n, q.Get(n)
		}
	}
	return names[0], ""
}

func pagination(total, current, size int) Pagination {
	pages := (total + size - 1) / size
	return Pagination{TotalItems: total, TotalPages: pages, CurrentPage: current, PageSize: size}
}

// validID rejects ids that cannot be ours before any lookup (ids are lower-case base32).
func validID(id string) bool {
	if len(id) == 0 || len(id) > 64 {
		return false
	}
	for _, r := range id {
		if !((r >= 'a' && r <= 'z') || (r >= '0' && r <= '9')) {
			return false
		}
	}
	return true
}

func pathID(r *http.Request, key, what string) (string, error) {
	id := r.PathValue(key)
	if !validID(id) {
		return "", notFound(what)
	}
	return id, nil
}

// storeErr maps a store error: not found is 404 (whatever tenant has it), the rest 500.
func storeErr(err error, what string) error {
	if errors.Is(err, store.ErrNotFound) {
		return notFound(what)
	}
	return fmt.Errorf("%s: %w", what, err)
}

// maxJSONDepth bounds the nesting of a request body.
const maxJSONDepth = 64

// checkJSONBody refuses what encoding/json would silently accept in a way a client or a reviewer
// could read differently: a body that is not declared as JSON (a text/plain form post from another
// site), invalid UTF-8 (stored, then echoed as invalid JSON), and an object with the same key twice
// or in two cases ({"approve":false,"approve":true}, {"continuous":false,"Continuous":true}: Go
// takes the last, or matches case-insensitively, while the other reader took the first).
func checkJSONBody(contentType string, body []byte) error {
	if contentType != "" {
		mt, _, err := mime.ParseMediaType(contentType)
		if err != nil || (mt != "application/json" && !strings.HasSuffix(mt, "+json")) {
			return errorf(http.StatusUnsupportedMediaType, "unsupported_media_type", "send the body as application/json")
		}
	}
	if !utf8.Valid(body) {
		return badRequest("the request body is not valid UTF-8")
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	if !dec.More() {
		return badRequest("the request body is empty; send a JSON object")
	}
	if err := checkJSONValue(dec, 0); err != nil {
		return err
	}
	if len(bytes.TrimSpace(body[dec.InputOffset():])) > 0 {
		return badRequest("the request body has data after the JSON value")
	}
	return nil
}

// notJSON explains a token the decoder could not read.
func notJSON(err error) error {
	if errors.Is(err, io.EOF) {
		return badRequest("the request body ends inside a JSON object or array")
	}
	return badRequest("the request body is not valid JSON: %s", clip(err.Error(), 200))
}

// checkJSONValue reads one JSON value from dec and refuses an object that names a key twice,
// compared without regard to case, at any depth up to maxJSONDepth.
func checkJSONValue(dec *json.Decoder, depth int) error {
	tok, err := dec.Token()
	if err != nil {
		return notJSON(err)
	}
	d, ok := tok.(json.Delim)
	if !ok {
		return nil // a string, number, boolean or null
	}
	if depth >= maxJSONDepth {
		return badRequest("the request body nests deeper than %d levels", maxJSONDepth)
	}
	keys := map[string]bool{}
	for dec.More() {
		if d == '{' {
			tok, err := dec.Token()
			if err != nil {
				return notJSON(err)
			}
			k, _ := tok.(string)
			folded := strings.ToLower(k)
			if keys[folded] {
				return badRequest("the request body names %q twice (keys are matched without regard to case)", clip(k, 100))
			}
			keys[folded] = true
		}
		if err := checkJSONValue(dec, depth+1); err != nil {
			return err
		}
	}
	if _, err := dec.Token(); err != nil { // the closing delimiter
		return notJSON(err)
	}
	return nil
}

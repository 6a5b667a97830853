package server

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/paddock-dev/paddock/internal/store"
)

// The Agent Protocol v1 objects, with the field names AutoGPT serves.

// Task is an Agent Protocol task.
type Task struct {
	TaskID          string          `json:"task_id"`
	Input           string          `json:"input"`
	AdditionalInput json.RawMessage `json:"additional_input"`
	CreatedAt       time.Time       `json:"created_at"`
	ModifiedAt      time.Time       `json:"modified_at"`
	Artifacts       []Artifact      `json:"artifacts"`
	// Status and Outcome are paddock's: how the run stands.
	Status  store.Status `json:"status"`
	Outcome string       `json:"outcome,omitempty"`
}

// Step is an Agent Protocol step.
type Step struct {
	TaskID           string           `json:"task_id"`
	StepID           string           `json:"step_id"`
	Name             string           `json:"name"`
	Status           store.StepStatus `json:"status"`
	Input            string           `json:"input"`
	AdditionalInput  json.RawMessage  `json:"additional_input"`
	Output           string           `json:"output"`
	AdditionalOutput json.RawMessage  `json:"additional_output"`
	Artifacts        []Artifact       `json:"artifacts"`
	IsLast           bool             `json:"is_last"`
	CreatedAt        time.Time        `json:"created_at"`
	ModifiedAt       time.Time        `json:"modified_at"`
}

// Artifact is an Agent Protocol artifact.
type Artifact struct {
	ArtifactID   string    `json:"artifact_id"`
	AgentCreated bool      `json:"agent_created"`
	FileName     string    `json:"file_name"`
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

// TaskRequest is the body of POST /ap/v1/agent/tasks.
type TaskRequest struct {
	Input           *string         `json:"input"`
	AdditionalInput json.RawMessage `json:"additional_input"`
}

// StepRequest is the body of POST /ap/v1/agent/tasks/{task_id}/steps.
type StepRequest struct {
	Name            string          `json:"name"`
	Input           *string         `json:"input"`
	AdditionalInput json.RawMessage `json:"additional_input"`
}

func apArtifact(a *store.Artifact) Artifact {
	return Artifact{ArtifactID: a.ID, AgentCreated: a.AgentCreated, FileName: a.FileName, RelativePath: a.RelativePath,
		CreatedAt: a.Created, ModifiedAt: a.Modified}
}

func apStep(st *store.APStep, arts []Artifact) Step {
	if arts == nil {
		arts = []Artifact{}
	}
	return Step{TaskID: st.TaskID, StepID: st.ID, Name: st.Name, Status: st.Status, Input: st.Input,
		AdditionalInput: rawObject(st.AdditionalInput), Output: st.Output, AdditionalOutput: rawObject(st.AdditionalOutput),
		Artifacts: arts, IsLast: st.IsLast, CreatedAt: st.Created, ModifiedAt: st.Modified}
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
	maxPageSize   = 100
)

// decodeJSON reads a JSON body strictly: unknown fields and trailing data are 400, an empty body
// is an empty object when allowed.
func decodeJSON(r *http.Request, v any, emptyOK bool) error {
	body, err := io.ReadAll(r.Body)
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return err
		}
		return badRequest("cannot read the request body")
	}
	if len(bytes.TrimSpace(body)) == 0 {
		if emptyOK {
			return nil
		}
		return badRequest("the request body is empty; send a JSON object")
	}
	if err := checkJSONBody(r.Header.Get("Content-Type"), body); err != nil {
		return err
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return badRequest("the request body is not valid: %s", clip(err.Error(), 200))
	}
	return nil // checkJSONBody refused anything after the value
}

// checkObject requires raw to be absent, null or a JSON object, and returns it as an object.
func checkObject(raw json.RawMessage, field string) (string, error) {
	t := bytes.TrimSpace(raw)
	if len(t) == 0 || string(t) == "null" {
		return "{}", nil
	}
	if t[0] != '{' {
		return "", badRequest("%s must be a JSON object", field)
	}
	var m map[string]any
	if err := json.Unmarshal(t, &m); err != nil {
		return "", badRequest("%s must be a JSON object", field)
	}
	return string(t), nil
}

// page parses current_page (from 1) and page_size (1 to 100, default 10).
func page(r *http.Request) (limit, offset, current int, err error) {
	current, limit = 1, 10
	q := r.URL.Query()
	if v := q.Get("current_page"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 1_000_000 {
			return 0, 0, 0, badRequest("current_page must be a whole number from 1")
		}
		current = n
	}
	if v := q.Get("page_size"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > maxPageSize {
			return 0, 0, 0, badRequest("page_size must be a whole number from 1 to %d", maxPageSize)
		}
		limit = n
	}
	return limit, (current - 1) * limit, current, nil
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

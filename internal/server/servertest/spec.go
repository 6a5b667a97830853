package servertest

import (
	"bytes"
	"context"
	_ "embed" // the vendored specification
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/gorillamux"
)

// agentProtocolSpec is the official Agent Protocol v1 OpenAPI file
// (AI-Engineer-Foundation/agent-protocol, schemas/openapi.yml, MIT licence), unchanged.
//
//go:embed testdata/agent-protocol-v1.openapi.yml
var agentProtocolSpec []byte

// Spec checks exchanges with a server against the official Agent Protocol v1 specification.
// Its Transport validates every response that passes through it; Failures lists what did not
// fit. Requests outside the specification's paths (paddock's own /paddock/v1 routes, /healthz)
// are counted apart and not checked.
type Spec struct {
	router routers.Router

	mu        sync.Mutex
	checked   int
	unrouted  int
	failures  []string
	byOpCount map[string]int
}

// LoadSpec parses the vendored specification.
func LoadSpec(t testing.TB) *Spec {
	t.Helper()
	loader := openapi3.NewLoader()
	doc, err := loader.LoadFromData(agentProtocolSpec)
	if err != nil {
		t.Fatalf("the Agent Protocol specification: %v", err)
	}
	// The file's examples of free-form objects are strings ("{\n\"debug\": false ...}"): check
	// everything but them.
	if err := doc.Validate(loader.Context, openapi3.DisableExamplesValidation()); err != nil {
		t.Fatalf("the Agent Protocol specification is not valid: %v", err)
	}
	// The file names http://0.0.0.0:8000; match the paths on whatever address the test serves.
	doc.Servers = nil
	r, err := gorillamux.NewRouter(doc)
	if err != nil {
		t.Fatal(err)
	}
	return &Spec{router: r, byOpCount: map[string]int{}}
}

// Check validates one response (status, header and body) to req. It returns nil for a request
// outside the specification's paths.
func (s *Spec) Check(req *http.Request, status int, header http.Header, body []byte) error {
	route, params, err := s.router.FindRoute(req)
	if err != nil {
		s.mu.Lock()
		s.unrouted++
		s.mu.Unlock()
		if errors.Is(err, routers.ErrPathNotFound) || strings.Contains(err.Error(), "no matching operation") {
			return nil
		}
		return fmt.Errorf("%s %s: %w", req.Method, req.URL.Path, err)
	}
	in := &openapi3filter.ResponseValidationInput{
		RequestValidationInput: &openapi3filter.RequestValidationInput{Request: req, PathParams: params, Route: route},
		Status:                 status,
		Header:                 header,
		Options:                &openapi3filter.Options{MultiError: true},
	}
	in.SetBodyBytes(body)
	err = openapi3filter.ValidateResponse(context.Background(), in)
	s.mu.Lock()
	s.checked++
	s.byOpCount[route.Operation.OperationID]++
	s.mu.Unlock()
	if err != nil {
		return fmt.Errorf("%s %s -> %d: %w\nbody: %.500s", req.Method, req.URL.RequestURI(), status, err, body)
	}
	return nil
}

// Transport returns a RoundTripper that sends through base (nil: http.DefaultTransport) and
// validates every response, recording failures.
func (s *Spec) Transport(base http.RoundTripper) http.RoundTripper {
	if base == nil {
		base = http.DefaultTransport
	}
	return roundTripFunc(func(req *http.Request) (*http.Response, error) {
		res, err := base.RoundTrip(req)
		if err != nil {
			return nil, err
		}
		body, rerr := io.ReadAll(res.Body)
		res.Body.Close()
		res.Body = io.NopCloser(bytes.NewReader(body))
		if rerr != nil {
			return res, rerr
		}
		if err := s.Check(req, res.StatusCode, res.Header, body); err != nil {
			s.mu.Lock()
			s.failures = append(s.failures, err.Error())
			s.mu.Unlock()
		}
		return res, nil
	})
}

// Require fails t if a response did not fit the specification, or if fewer than min responses
// were checked (a client that bypassed the transport would otherwise pass unseen). It logs how
// many responses of each operation were checked.
func (s *Spec) Require(t testing.TB, min int) {
	t.Helper()
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, f := range s.failures {
		t.Errorf("a response does not fit the Agent Protocol specification: %s", f)
	}
	if s.checked < min {
		t.Errorf("only %d responses were checked against the specification, want at least %d", s.checked, min)
	}
	t.Logf("checked %d responses against the Agent Protocol specification (%d outside it): %v", s.checked, s.unrouted, s.byOpCount)
}

// Operations returns how many responses of each operation (by operationId) were checked.
func (s *Spec) Operations() map[string]int {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make(map[string]int, len(s.byOpCount))
	for k, v := range s.byOpCount {
		out[k] = v
	}
	return out
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

package server

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"net/http"
	"strconv"
	"time"

	"github.com/paddock-dev/paddock/internal/store"
)

// Error is an API error: its kind decides the HTTP status, the message is safe to show the client
// (details stay in the server's log).
type Error struct {
	Status     int
	Code       string // short machine-readable kind: "not_found", "rate_limited", ...
	Message    string
	RetryAfter time.Duration // sent as Retry-After on 429 and 503
}

func (e *Error) Error() string { return fmt.Sprintf("%d %s: %s", e.Status, e.Code, e.Message) }

func errorf(status int, code, format string, args ...any) *Error {
	return &Error{Status: status, Code: code, Message: fmt.Sprintf(format, args...)}
}

func badRequest(format string, args ...any) *Error {
	return errorf(http.StatusBadRequest, "bad_request", format, args...)
}

// unprocessable is the answer to a request that parsed but does not fit: a JSON body of the wrong
// shape, a query parameter out of range (the Agent Protocol's 422).
func unprocessable(format string, args ...any) *Error {
	return errorf(http.StatusUnprocessableEntity, "invalid", format, args...)
}

// notFound is the answer for anything of another tenant too: the same words as for an id that
// does not exist, so there is no way to tell them apart.
func notFound(what string) *Error {
	return errorf(http.StatusNotFound, "not_found", "%s not found", what)
}

func tooMany(code string, retry time.Duration, format string, args ...any) *Error {
	e := errorf(http.StatusTooManyRequests, code, format, args...)
	e.RetryAfter = retry
	return e
}

// errorBody is the JSON of every error response.
type errorBody struct {
	Error   string `json:"error"`
	Message string `json:"message"`
}

// writeError writes err as JSON. Errors that are not *Error become 500 with a generic message; the
// cause is for the log only.
func writeError(w http.ResponseWriter, err error) *Error {
	var e *Error
	if !errors.As(err, &e) {
		switch {
		case errors.Is(err, store.ErrNotFound):
			e = notFound("resource")
		default:
			var mbe *http.MaxBytesError
			if errors.As(err, &mbe) {
				e = errorf(http.StatusRequestEntityTooLarge, "too_large", "the request body is larger than %d bytes", mbe.Limit)
			} else {
				e = errorf(http.StatusInternalServerError, "internal", "internal error; the server's log has the details")
			}
		}
	}
	if e.RetryAfter > 0 {
		w.Header().Set("Retry-After", strconv.Itoa(int(math.Ceil(e.RetryAfter.Seconds()))))
	}
	writeJSON(w, e.Status, errorBody{Error: e.Code, Message: e.Message})
	return e
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(true)
	_ = enc.Encode(v)
}

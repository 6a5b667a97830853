package console

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
)

// ErrNoAPI: the console was not given the server's API handler (Console.UseAPI).
var ErrNoAPI = errors.New("console: no API handler; call UseAPI")

// APIError is an answer of the API that was not a success: its status and message, which the
// API made safe to show.
type APIError struct {
	Status  int
	Code    string
	Message string
}

func (e *APIError) Error() string { return fmt.Sprintf("%d %s: %s", e.Status, e.Code, e.Message) }

// maxAPIAnswer bounds an answer the console reads into memory (artifact downloads stream instead).
const maxAPIAnswer = 32 << 20

// answer is a captured API response.
type answer struct {
	status int
	header http.Header
	body   bytes.Buffer
	over   bool // the body was cut at maxAPIAnswer
}

func (a *answer) Header() http.Header { return a.header }
func (a *answer) WriteHeader(code int) {
	if a.status == 0 {
		a.status = code
	}
}
func (a *answer) Write(b []byte) (int, error) {
	if a.status == 0 {
		a.status = http.StatusOK
	}
	if room := maxAPIAnswer - a.body.Len(); len(b) > room {
		a.over = true
		a.body.Write(b[:max(room, 0)])
		return len(b), nil
	}
	return a.body.Write(b)
}

// apiRequest builds an internal request to the API, as the session's key, through the Host the
// browser used (the API checks it as it checks any other request).
func apiRequest(ctx context.Context, s *session, method, path string, body io.Reader, contentType string) (*http.Request, error) {
	req, err := http.NewRequestWithContext(ctx, method, "http://"+s.host+path, body)
	if err != nil {
		return nil, fmt.Errorf("console: API request: %w", err)
	}
	req.Host = s.host
	req.RemoteAddr = "console"
	req.Header.Set("Authorization", "Bearer "+s.key)
	req.Header.Set("User-Agent", "paddock-console")
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	return req, nil
}

// call sends one request to the API and decodes a JSON success into out (when not nil). An answer
// of 400 or more is an *APIError.
func (c *Console) call(ctx context.Context, s *session, method, path string, body io.Reader, contentType string, out any) error {
	h := c.apiHandler()
	if h == nil {
		return ErrNoAPI
	}
	req, err := apiRequest(ctx, s, method, path, body, contentType)
	if err != nil {
		return err
	}
	a := &answer{header: http.Header{}}
	h.ServeHTTP(a, req)
	if a.status == 0 {
		a.status = http.StatusOK
	}
	if a.status >= 400 {
		var e struct {
			Error   string `json:"error"`
			Message string `json:"message"`
		}
		_ = json.Unmarshal(a.body.Bytes(), &e)
		if e.Message == "" {
			e.Message = http.StatusText(a.status)
		}
		return &APIError{Status: a.status, Code: e.Error, Message: e.Message}
	}
	if a.over {
		return fmt.Errorf("console: %s %s: the answer is larger than %d bytes", method, path, maxAPIAnswer)
	}
	if out != nil {
		if err := json.Unmarshal(a.body.Bytes(), out); err != nil {
			return fmt.Errorf("console: %s %s: %w", method, path, err)
		}
	}
	return nil
}

// callJSON sends v as a JSON body.
func (c *Console) callJSON(ctx context.Context, s *session, method, path string, v any, out any) error {
	raw, err := json.Marshal(v)
	if err != nil {
		return fmt.Errorf("console: %w", err)
	}
	return c.call(ctx, s, method, path, bytes.NewReader(raw), "application/json", out)
}

// download streams an API download to w as an attachment that the browser cannot render in the
// console's origin.
func (c *Console) download(w http.ResponseWriter, r *http.Request, s *session, path string) error {
	h := c.apiHandler()
	if h == nil {
		return ErrNoAPI
	}
	req, err := apiRequest(r.Context(), s, http.MethodGet, path, nil, "")
	if err != nil {
		return err
	}
	dw := &downloadWriter{w: w, header: http.Header{}}
	h.ServeHTTP(dw, req)
	if dw.err != nil {
		return dw.err
	}
	if dw.status >= 400 {
		return &APIError{Status: dw.status, Message: http.StatusText(dw.status)}
	}
	if !dw.started {
		dw.WriteHeader(http.StatusOK)
	}
	return nil
}

// downloadWriter passes an artifact's bytes through and replaces its headers: whatever the file
// is, it is served as an opaque attachment.
type downloadWriter struct {
	w       http.ResponseWriter
	header  http.Header
	started bool
	err     error
	errBody bytes.Buffer
	status  int
}

func (d *downloadWriter) Header() http.Header { return d.header }

func (d *downloadWriter) WriteHeader(code int) {
	if d.started || d.status != 0 {
		return
	}
	d.status = code
	if code >= 400 {
		return // the error body is captured and turned into an *APIError
	}
	d.started = true
	h := d.w.Header()
	h.Set("Content-Type", "application/octet-stream")
	h.Set("Content-Disposition", attachment(d.header.Get("Content-Disposition")))
	h.Set("Content-Security-Policy", "sandbox; default-src 'none'")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Cache-Control", "no-store")
	if n := d.header.Get("Content-Length"); n != "" {
		h.Set("Content-Length", n)
	}
	d.w.WriteHeader(code)
}

func (d *downloadWriter) Write(b []byte) (int, error) {
	if d.status == 0 {
		d.WriteHeader(http.StatusOK)
	}
	if d.status >= 400 {
		if d.errBody.Len() < 64<<10 {
			d.errBody.Write(b)
		}
		var e struct {
			Error   string `json:"error"`
			Message string `json:"message"`
		}
		if json.Unmarshal(d.errBody.Bytes(), &e) == nil {
			d.err = &APIError{Status: d.status, Code: e.Error, Message: e.Message}
		} else {
			d.err = &APIError{Status: d.status, Message: http.StatusText(d.status)}
		}
		return len(b), nil
	}
	return d.w.Write(b)
}

// attachment keeps the file name of the API's Content-Disposition, as an attachment.
func attachment(cd string) string {
	if _, rest, ok := strings.Cut(cd, ";"); ok {
		return "attachment;" + rest
	}
	return "attachment"
}

package llm

import (
	"bytes"
	"context"
	"crypto/tls"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"sync/atomic"
	"time"

	"github.com/openai/openai-go/v3"
	"github.com/openai/openai-go/v3/option"
	"github.com/openai/openai-go/v3/shared"
)

// OpenAI is a [Model] speaking the OpenAI chat-completions protocol with
// function tools (OpenAI, Azure's OpenAI-compatible endpoint, Ollama, vLLM,
// llama.cpp server). It is safe for concurrent use.
//
// Retries are done here, not by the SDK (whose retries are switched off):
// that way every retry is logged, the wait honours both Retry-After and the
// caller's deadline, and the final error says how many attempts were made.
type OpenAI struct {
	chat       openai.ChatCompletionService
	model      string
	endpoint   string // redacted base URL, for messages
	timeout    time.Duration
	turn       time.Duration
	onRetry    func(Retry)
	maxRetries int
	baseDelay  time.Duration
	maxDelay   time.Duration
	log        *slog.Logger
	scrub      scrubber

	promptTokens, completionTokens, totalTokens atomic.Int64
}

var _ Model = (*OpenAI)(nil)

// NewOpenAI returns a client for cfg after checking it ([Config.Validate]):
// plain http:// to a non-loopback host fails with [ErrInsecureEndpoint], a
// missing key for a non-loopback host with [ErrNoAPIKey]. Zero fields take
// their defaults (DefaultBaseURL, DefaultModel, DefaultTimeout, ...);
// MaxRetries is taken as given. Nothing is read from the environment here:
// use [ConfigFromEnv] for that.
func NewOpenAI(cfg Config) (*OpenAI, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	if cfg.BaseURL == "" {
		cfg.BaseURL = DefaultBaseURL
	}
	if cfg.Model == "" {
		cfg.Model = DefaultModel
	}
	if cfg.Timeout == 0 {
		cfg.Timeout = DefaultTimeout
	}
	if cfg.TurnTimeout == 0 {
		cfg.TurnTimeout = DefaultTurnTimeout
	}
	if cfg.RetryBaseDelay == 0 {
		cfg.RetryBaseDelay = DefaultRetryBaseDelay
	}
	if cfg.RetryMaxDelay == 0 {
		cfg.RetryMaxDelay = DefaultRetryMaxDelay
	}
	hc := cfg.HTTPClient
	if hc == nil {
		hc = defaultHTTPClient()
	}
	log := cfg.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	opts := []option.RequestOption{
		option.WithBaseURL(cfg.BaseURL),
		option.WithHTTPClient(hc),
		option.WithMaxRetries(0), // retries are ours: see the type's doc
		option.WithMiddleware(limitBody(cfg.MaxResponseBytes)),
	}
	if cfg.APIKey != "" {
		opts = append(opts, option.WithAPIKey(cfg.APIKey))
	}
	// NewChatCompletionService, unlike openai.NewClient, reads nothing from
	// the environment (OPENAI_API_KEY, OPENAI_CUSTOM_HEADERS, ...): what is
	// sent is exactly what cfg says.
	return &OpenAI{
		chat:       openai.NewChatCompletionService(opts...),
		model:      cfg.Model,
		endpoint:   redactURL(cfg.BaseURL),
		timeout:    cfg.Timeout,
		turn:       cfg.TurnTimeout,
		onRetry:    cfg.OnRetry,
		maxRetries: cfg.MaxRetries,
		baseDelay:  cfg.RetryBaseDelay,
		maxDelay:   cfg.RetryMaxDelay,
		log:        log,
		scrub:      newScrubber(cfg.APIKey),
	}, nil
}

// ErrResponseTooLarge reports a model response over Config.MaxResponseBytes.
var ErrResponseTooLarge = errors.New("the model's response is larger than paddock accepts")

// limitBody caps what is read of each response body: a hostile or broken endpoint cannot make
// paddock hold (and then store) an unbounded reply.
func limitBody(max int64) option.Middleware {
	if max <= 0 {
		max = DefaultMaxResponseBytes
	}
	return func(req *http.Request, next option.MiddlewareNext) (*http.Response, error) {
		resp, err := next(req)
		if err != nil || resp == nil || resp.Body == nil {
			return resp, err
		}
		if resp.ContentLength > max {
			resp.Body.Close()
			return nil, fmt.Errorf("%w: %d bytes, more than %d", ErrResponseTooLarge, resp.ContentLength, max)
		}
		resp.Body = &cappedBody{rc: resp.Body, left: max}
		return resp, nil
	}
}

// cappedBody fails a read past its limit instead of truncating silently.
type cappedBody struct {
	rc   io.ReadCloser
	left int64
}

func (b *cappedBody) Read(p []byte) (int, error) {
	if b.left <= 0 {
		// One byte more tells a body at the limit from one over it.
		var one [1]byte
		if n, _ := b.rc.Read(one[:]); n > 0 {
			return 0, ErrResponseTooLarge
		}
		return 0, io.EOF
	}
	if int64(len(p)) > b.left {
		p = p[:b.left]
	}
	n, err := b.rc.Read(p)
	b.left -= int64(n)
	return n, err
}

func (b *cappedBody) Close() error { return b.rc.Close() }

// NewHTTPClient returns the client a model uses when Config.HTTPClient is nil
// (defaultHTTPClient), for a caller that makes many models and wants them to
// share its connections.
func NewHTTPClient() *http.Client { return defaultHTTPClient() }

// defaultHTTPClient follows no redirects (an API call has no business being
// redirected, and a redirect could carry the key elsewhere) and speaks TLS
// 1.2 or later.
func defaultHTTPClient() *http.Client {
	var tr *http.Transport
	if dt, ok := http.DefaultTransport.(*http.Transport); ok {
		tr = dt.Clone()
	} else {
		tr = &http.Transport{Proxy: http.ProxyFromEnvironment}
	}
	tr.TLSClientConfig = &tls.Config{MinVersion: tls.VersionTLS12}
	return &http.Client{
		Transport: tr,
		CheckRedirect: func(*http.Request, []*http.Request) error {
			return http.ErrUseLastResponse
		},
	}
}

// Name returns the model name sent to the endpoint.
func (c *OpenAI) Name() string { return c.model }

// Endpoint returns the base URL, without user info or query, for display.
func (c *OpenAI) Endpoint() string { return c.endpoint }

// TotalUsage returns the tokens of all successful completions made by c so far.
func (c *OpenAI) TotalUsage() Usage {
	return Usage{
		PromptTokens:     c.promptTokens.Load(),
		CompletionTokens: c.completionTokens.Load(),
		TotalTokens:      c.totalTokens.Load(),
	}
}

// Complete sends req, retrying 429 (unless the quota is used up), 5xx,
// timeouts and connection errors (except untrusted TLS certificates) up to
// MaxRetries times. Failures are *[Error] values wrapping one sentinel; ctx
// cancellation stops at once, also during a retry wait. A Request that
// cannot be sent fails with an error wrapping [ErrInvalidRequest] before any
// network traffic.
func (c *OpenAI) Complete(ctx context.Context, req Request) (Response, error) {
	params, err := c.params(req)
	if err != nil {
		return Response{}, err
	}
	turnCtx, cancel := context.WithTimeoutCause(ctx, c.turn, errTurnTimeout)
	defer cancel()
	parent := ctx
	ctx = turnCtx
	c.log.DebugContext(ctx, "model request", "model", c.model,
		"messages", len(req.Messages), "tools", len(req.Tools))
	for attempt := 1; ; attempt++ {
		comp, f := c.attempt(ctx, params)
		if f == nil {
			resp, err := c.response(comp)
			if err != nil {
				err.Attempts = attempt
				return Response{}, err
			}
			c.promptTokens.Add(resp.Usage.PromptTokens)
			c.completionTokens.Add(resp.Usage.CompletionTokens)
			c.totalTokens.Add(resp.Usage.TotalTokens)
			c.log.DebugContext(ctx, "model response", "model", c.model, "attempts", attempt,
				"finish_reason", resp.FinishReason, "tool_calls", len(resp.Message.ToolCalls),
				"prompt_tokens", resp.Usage.PromptTokens, "completion_tokens", resp.Usage.CompletionTokens)
			return resp, nil
		}
		e := &Error{Kind: f.kind, StatusCode: f.status, Attempts: attempt, Detail: f.detail, cause: f.ctxErr}
		if f.ctxErr != nil && parent.Err() == nil && errors.Is(context.Cause(ctx), errTurnTimeout) {
			// The turn's own deadline, not the caller's: a timeout, with the figure that applied.
			return Response{}, c.turnTimeout(f.status, attempt)
		}
		if !f.retryable {
			return Response{}, e
		}
		if attempt > c.maxRetries {
			if c.maxRetries > 0 {
				e.Detail = joinDetail(e.Detail, "retries exhausted")
			}
			return Response{}, e
		}
		wait := backoff(attempt-1, c.baseDelay, c.maxDelay)
		if f.hasWait {
			if f.wait > c.maxDelay {
				e.Detail = joinDetail(e.Detail, fmt.Sprintf("the server asked to wait %s, longer than the %s retry cap",
					f.wait.Round(time.Millisecond), c.maxDelay))
				return Response{}, e
			}
			wait = f.wait
		}
		if dl, ok := ctx.Deadline(); ok && time.Until(dl) < wait {
			deadline := "the deadline"
			if pl, ok := parent.Deadline(); !ok || pl.After(dl) {
				deadline = fmt.Sprintf("the turn's %s limit", c.turn)
			}
			e.Detail = joinDetail(e.Detail, fmt.Sprintf("not retrying: the next try (in %s) would start after %s",
				wait.Round(time.Millisecond), deadline))
			return Response{}, e
		}
		c.log.WarnContext(ctx, "model request failed; retrying", "model", c.model, "error", e.Error(),
			"attempt", attempt, "max_attempts", c.maxRetries+1, "wait", wait)
		if c.onRetry != nil {
			c.onRetry(Retry{Attempt: attempt, MaxAttempts: c.maxRetries + 1, Wait: wait, Err: e})
		}
		if err := sleepCtx(ctx, wait); err != nil {
			if parent.Err() == nil && errors.Is(context.Cause(ctx), errTurnTimeout) {
				return Response{}, c.turnTimeout(f.status, attempt)
			}
			return Response{}, &Error{Kind: ErrCanceled, StatusCode: f.status, Attempts: attempt,
				Detail: "while waiting to retry: " + err.Error(), cause: err}
		}
	}
}

// errTurnTimeout is the cause of a turn's context when TurnTimeout ran out.
var errTurnTimeout = errors.New("the model turn's time limit ran out")

// turnTimeout is the error of a turn that ran out of its TurnTimeout.
func (c *OpenAI) turnTimeout(status, attempts int) *Error {
	return &Error{Kind: ErrTimeout, StatusCode: status, Attempts: attempts,
		Detail: c.scrub.clean(fmt.Sprintf("no complete answer from %s within the turn's limit of %s", c.endpoint, c.turn))}
}

func joinDetail(a, b string) string {
	if a == "" {
		return b
	}
	return a + "; " + b
}

func sleepCtx(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// failure is the classified outcome of one failed attempt.
type failure struct {
	kind      error
	status    int
	detail    string // already scrubbed
	retryable bool
	wait      time.Duration // server-requested wait, if hasWait
	hasWait   bool
	ctxErr    error
}

// attempt makes one HTTP request with its own timeout.
func (c *OpenAI) attempt(ctx context.Context, params openai.ChatCompletionNewParams) (*openai.ChatCompletion, *failure) {
	actx, cancel := context.WithTimeout(ctx, c.timeout)
	defer cancel()
	var hres *http.Response
	comp, err := c.chat.New(actx, params, option.WithResponseInto(&hres))
	if err == nil && hres != nil && hres.StatusCode >= 300 && hres.StatusCode < 400 {
		return nil, c.redirectFailure(hres)
	}
	if err == nil {
		return comp, nil
	}
	if cerr := ctx.Err(); cerr != nil {
		return nil, &failure{kind: ErrCanceled, detail: cerr.Error(), ctxErr: cerr}
	}
	if errors.Is(actx.Err(), context.DeadlineExceeded) {
		return nil, &failure{kind: ErrTimeout, retryable: true,
			detail: c.scrub.clean(fmt.Sprintf("no complete answer from %s within %s", c.endpoint, c.timeout))}
	}
	if hres != nil && hres.StatusCode >= 300 && hres.StatusCode < 400 {
		return nil, c.redirectFailure(hres)
	}
	if hres != nil && hres.StatusCode >= 400 {
		return nil, c.statusFailure(hres, err)
	}
	if errors.Is(err, ErrResponseTooLarge) {
		// Deterministic for this request: no retry.
		return nil, &failure{kind: ErrBadResponse,
			detail: c.scrub.clean(c.endpoint + ": " + ErrResponseTooLarge.Error())}
	}
	var certErr *tls.CertificateVerificationError
	if errors.As(err, &certErr) {
		// Deterministic, and possibly an interception attempt: no retry.
		return nil, &failure{kind: ErrConnection,
			detail: c.scrub.clean(c.endpoint + ": the server's TLS certificate is not trusted: " + certErr.Err.Error())}
	}
	var uerr *url.Error
	if errors.As(err, &uerr) {
		// uerr.Err, not uerr: the URL is ours and adds nothing.
		return nil, &failure{kind: ErrConnection, retryable: true,
			detail: c.scrub.clean(c.endpoint + ": " + uerr.Err.Error())}
	}
	status := 0
	if hres != nil {
		status = hres.StatusCode
		if ct := hres.Header.Get("Content-Type"); !strings.Contains(strings.ToLower(ct), "json") {
			return nil, &failure{kind: ErrBadResponse, status: status,
				detail: c.scrub.clean(fmt.Sprintf("the endpoint answered with Content-Type %q, not a JSON chat "+
					"completion; check that the base URL is the API root (it usually ends in /v1)", ct))}
		}
	}
	return nil, &failure{kind: ErrBadResponse, status: status,
		detail: c.scrub.clean("cannot decode the chat completion: " + err.Error())}
}

func (c *OpenAI) redirectFailure(hres *http.Response) *failure {
	return &failure{kind: ErrRejected, status: hres.StatusCode,
		detail: c.scrub.clean(fmt.Sprintf("the endpoint redirects to %q; redirects are not followed, "+
			"set the base URL to the final address", redactURL(hres.Header.Get("Location"))))}
}

// statusFailure classifies an HTTP error status. err is the SDK's error,
// used only for its parsed provider message.
func (c *OpenAI) statusFailure(hres *http.Response, err error) *failure {
	f := &failure{status: hres.StatusCode}
	var apiErr *openai.Error
	msg, code := "", ""
	if errors.As(err, &apiErr) {
		msg, code = apiErr.Message, apiErr.Code
		if code == "" {
			code = apiErr.Type
		}
	}
	if msg == "" {
		msg = providerMessage(hres.Body)
	}
	f.detail = c.scrub.clean(msg)
	if f.detail == "" {
		f.detail = http.StatusText(hres.StatusCode)
	}
	switch s := hres.StatusCode; {
	case s == http.StatusUnauthorized || s == http.StatusForbidden:
		f.kind = ErrUnauthorized
	case s == http.StatusTooManyRequests:
		f.kind = ErrRateLimited
		// Used-up quota does not come back by waiting.
		f.retryable = code != "insufficient_quota"
	case s >= 500:
		f.kind = ErrServer
		f.retryable = true
	default:
		f.kind = ErrRejected
	}
	if f.retryable {
		f.wait, f.hasWait = parseRetryAfter(hres.Header, time.Now())
	}
	return f
}

// providerMessage extracts a human message from an error body in the shapes
// OpenAI-compatible servers use: {"error":{"message":…}}, {"error":"…"},
// {"message":…} or {"detail":…}. Bodies are read up to 8 KiB.
func providerMessage(body io.Reader) string {
	if body == nil {
		return ""
	}
	b, _ := io.ReadAll(io.LimitReader(body, 8<<10))
	var v struct {
		Error   json.RawMessage `json:"error"`
		Message string          `json:"message"`
		Detail  any             `json:"detail"`
	}
	if json.Unmarshal(b, &v) != nil {
		return ""
	}
	if len(v.Error) > 0 {
		var s string
		if json.Unmarshal(v.Error, &s) == nil {
			return s
		}
		var o struct {
			Message string `json:"message"`
		}
		if json.Unmarshal(v.Error, &o) == nil && o.Message != "" {
			return o.Message
		}
	}
	if v.Message != "" {
		return v.Message
	}
	if s, ok := v.Detail.(string); ok {
		return s
	}
	return ""
}

// response converts a completion into a Response.
func (c *OpenAI) response(comp *openai.ChatCompletion) (Response, *Error) {
	if comp == nil || len(comp.Choices) == 0 {
		return Response{}, &Error{Kind: ErrBadResponse, Detail: "the completion has no choices"}
	}
	ch := comp.Choices[0]
	msg := Message{Role: RoleAssistant, Content: ch.Message.Content}
	if msg.Content == "" && ch.Message.Refusal != "" {
		msg.Content = ch.Message.Refusal
	}
	for _, tc := range ch.Message.ToolCalls {
		call := ToolCall{ID: tc.ID, Name: tc.Function.Name, Arguments: tc.Function.Arguments}
		if tc.Type == "custom" {
			// We offer only function tools; a custom call still reaches the
			// caller, whose validation turns it into a tool error.
			call.Name, call.Arguments = tc.Custom.Name, tc.Custom.Input
		}
		msg.ToolCalls = append(msg.ToolCalls, call)
	}
	return Response{
		Message:      msg,
		FinishReason: ch.FinishReason,
		Usage: Usage{
			PromptTokens:     comp.Usage.PromptTokens,
			CompletionTokens: comp.Usage.CompletionTokens,
			TotalTokens:      comp.Usage.TotalTokens,

			CachedPromptTokens: comp.Usage.PromptTokensDetails.CachedTokens,
		},
	}, nil
}

// params converts a Request into the SDK's request parameters.
func (c *OpenAI) params(req Request) (openai.ChatCompletionNewParams, error) {
	p := openai.ChatCompletionNewParams{Model: shared.ChatModel(c.model)}
	for i, m := range req.Messages {
		mp, err := messageParam(m)
		if err != nil {
			return p, fmt.Errorf("%w: message %d: %w", ErrInvalidRequest, i, err)
		}
		p.Messages = append(p.Messages, mp)
	}
	if len(p.Messages) == 0 {
		return p, fmt.Errorf("%w: no messages", ErrInvalidRequest)
	}
	for _, t := range req.Tools {
		tp, err := toolParam(t)
		if err != nil {
			return p, fmt.Errorf("%w: tool %q: %w", ErrInvalidRequest, t.Name, err)
		}
		p.Tools = append(p.Tools, tp)
	}
	return p, nil
}

func messageParam(m Message) (openai.ChatCompletionMessageParamUnion, error) {
	if len(m.ToolCalls) > 0 && m.Role != RoleAssistant {
		return openai.ChatCompletionMessageParamUnion{}, fmt.Errorf("role %q cannot carry tool calls", m.Role)
	}
	switch m.Role {
	case RoleSystem:
		return openai.SystemMessage(m.Content), nil
	case RoleUser:
		return openai.UserMessage(m.Content), nil
	case RoleTool:
		if m.ToolCallID == "" {
			return openai.ChatCompletionMessageParamUnion{}, errors.New("tool message without ToolCallID")
		}
		return openai.ToolMessage(m.Content, m.ToolCallID), nil
	case RoleAssistant:
		var a openai.ChatCompletionAssistantMessageParam
		if m.Content != "" || len(m.ToolCalls) == 0 {
			a.Content.OfString = openai.String(m.Content)
		}
		for _, tc := range m.ToolCalls {
			a.ToolCalls = append(a.ToolCalls, openai.ChatCompletionMessageToolCallUnionParam{
				OfFunction: &openai.ChatCompletionMessageFunctionToolCallParam{
					ID: tc.ID,
					Function: openai.ChatCompletionMessageFunctionToolCallFunctionParam{
						Name:      tc.Name,
						Arguments: tc.Arguments, // replayed exactly as the model sent it
					},
				},
			})
		}
		return openai.ChatCompletionMessageParamUnion{OfAssistant: &a}, nil
	default:
		return openai.ChatCompletionMessageParamUnion{}, fmt.Errorf("unknown role %q", m.Role)
	}
}

func toolParam(t ToolSpec) (openai.ChatCompletionToolUnionParam, error) {
	if t.Name == "" {
		return openai.ChatCompletionToolUnionParam{}, errors.New("empty tool name")
	}
	params := shared.FunctionParameters{"type": "object", "properties": map[string]any{}}
	if len(bytes.TrimSpace(t.Parameters)) > 0 {
		// Plain float64 numbers: the SDK's encoder writes json.Number as a string.
		params = shared.FunctionParameters{}
		if err := json.Unmarshal(t.Parameters, &params); err != nil {
			return openai.ChatCompletionToolUnionParam{}, fmt.Errorf("parameters are not a JSON Schema object: %w", err)
		}
		if params == nil {
			return openai.ChatCompletionToolUnionParam{}, errors.New("parameters are null, not a JSON Schema object")
		}
	}
	def := shared.FunctionDefinitionParam{Name: t.Name, Parameters: params}
	if t.Description != "" {
		def.Description = openai.String(t.Description)
	}
	return openai.ChatCompletionFunctionTool(def), nil
}

// LogValue describes the client in log records, without secrets.
func (c *OpenAI) LogValue() slog.Value {
	return slog.GroupValue(slog.String("model", c.model), slog.String("endpoint", c.endpoint))
}

// String describes the client without secrets.
func (c *OpenAI) String() string {
	return fmt.Sprintf("OpenAI-compatible model %q at %s", c.model, c.endpoint)
}

package llm

import (
	"errors"
	"fmt"
	"regexp"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

// Sentinel errors. Errors returned by this package wrap exactly one of them
// (test with errors.Is); errors caused by ctx also wrap ctx.Err().
var (
	// ErrInsecureEndpoint: the base URL is plain http:// to a host that is not
	// loopback, so the API key and the conversation would travel in clear.
	ErrInsecureEndpoint = errors.New("llm: insecure model endpoint")
	// ErrNoAPIKey: no API key was given for a non-loopback endpoint.
	ErrNoAPIKey = errors.New("llm: no API key")
	// ErrInvalidConfig: the configuration cannot work (bad URL, empty model, ...).
	ErrInvalidConfig = errors.New("llm: invalid configuration")
	// ErrInvalidRequest: the Request cannot be sent (unknown role, tool schema
	// that is not a JSON object, tool message without ToolCallID, ...).
	ErrInvalidRequest = errors.New("llm: invalid request")
	// ErrUnauthorized: the endpoint refused the API key (HTTP 401 or 403).
	ErrUnauthorized = errors.New("llm: the model endpoint refused the API key")
	// ErrRateLimited: HTTP 429 and retrying did not help (retries exhausted,
	// quota used up, or the server asked to wait longer than the retry cap).
	ErrRateLimited = errors.New("llm: rate limited by the model endpoint")
	// ErrServer: the endpoint kept answering with a 5xx status.
	ErrServer = errors.New("llm: model endpoint server error")
	// ErrRejected: the endpoint rejected the request with another 4xx status
	// (unknown model, context too long, bad tool schema, ...). Not retried.
	ErrRejected = errors.New("llm: the model endpoint rejected the request")
	// ErrConnection: the endpoint could not be reached (refused, reset, DNS, TLS).
	ErrConnection = errors.New("llm: cannot reach the model endpoint")
	// ErrTimeout: an attempt took longer than Config.Timeout.
	ErrTimeout = errors.New("llm: model request timed out")
	// ErrBadResponse: the endpoint answered 2xx with something that is not a
	// usable chat completion (not JSON, no choices).
	ErrBadResponse = errors.New("llm: unusable response from the model endpoint")
	// ErrCanceled: ctx ended the request (cancelled or past its deadline).
	// The error also wraps ctx.Err(), so errors.Is(err, context.Canceled)
	// and errors.Is(err, context.DeadlineExceeded) work as usual.
	ErrCanceled = errors.New("llm: model request stopped")
	// ErrScriptExhausted: a [Scripted] model was asked for more turns than it holds.
	ErrScriptExhausted = errors.New("llm: scripted model has no turns left")
)

// Error is the error [OpenAI.Complete] returns for a failed request. Its
// message is built here from scrubbed parts: it never contains the API key,
// request headers or request bodies.
type Error struct {
	// Kind is one of the package's sentinel errors.
	Kind error
	// StatusCode is the last HTTP status seen, 0 when there was no response.
	StatusCode int
	// Attempts is how many HTTP attempts were made.
	Attempts int
	// Detail is a short, scrubbed explanation (provider message, retry
	// decision); free of control characters.
	Detail string
	// cause is a context error (context.Canceled or DeadlineExceeded) when
	// ctx ended the request. Never an SDK error: those can carry request dumps.
	cause error
}

// Error implements error.
func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(e.Kind.Error())
	var paren []string
	if e.StatusCode != 0 {
		paren = append(paren, fmt.Sprintf("HTTP %d", e.StatusCode))
	}
	if e.Attempts > 1 {
		paren = append(paren, fmt.Sprintf("%d attempts", e.Attempts))
	}
	if len(paren) > 0 {
		b.WriteString(" (" + strings.Join(paren, ", ") + ")")
	}
	if e.Detail != "" {
		b.WriteString(": " + e.Detail)
	}
	return b.String()
}

// Unwrap returns the sentinel kind and, when ctx ended the request, ctx.Err().
func (e *Error) Unwrap() []error {
	if e.cause != nil {
		return []error{e.Kind, e.cause}
	}
	return []error{e.Kind}
}

// maxDetail bounds how much of a provider message ends up in an error.
const maxDetail = 300

var (
	// bearerRE matches credentials in Authorization-style text.
	bearerRE = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`(?i)(bearer|basic)\s+[A-Za-z0-9._~+/=-]+`)
	})
	// keyLikeRE matches common API key shapes (OpenAI sk-..., generic long tokens after "key").
	keyLikeRE = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`sk-[A-Za-z0-9_-]{8,}`) })
)

// ansiRE matches terminal escape sequences: CSI (ESC [ … final byte), OSC
// (ESC ] … BEL or ESC \), and two-byte ESC sequences. They are removed whole,
// not just their ESC byte, so no "[31m" debris is left behind.
var ansiRE = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|\x1b[@-Z\\-_]|\x9b[0-?]*[ -/]*[@-~]`)
})

// scrubber removes secrets from text that may reach an error or a log.
type scrubber struct {
	secrets []string
}

// minSecretLen: shorter "secrets" are not replaced, since replacing a one-
// or two-letter string would garble every message without protecting anything.
const minSecretLen = 4

func newScrubber(secrets ...string) scrubber {
	var s scrubber
	for _, v := range secrets {
		if len(v) >= minSecretLen {
			s.secrets = append(s.secrets, v)
			if w := stripControl(v); w != v && len(w) >= minSecretLen {
				s.secrets = append(s.secrets, w)
			}
		}
	}
	return s
}

// clean returns text without secrets and control characters, truncated to
// maxDetail bytes.
func (s scrubber) clean(text string) string {
	// Control characters go first: removing them after the secret
	// replacement could join two fragments back into the secret.
	text = stripControl(text)
	for _, v := range s.secrets {
		text = strings.ReplaceAll(text, v, "[REDACTED]")
	}
	text = bearerRE().ReplaceAllString(text, "$1 [REDACTED]")
	text = keyLikeRE().ReplaceAllString(text, "[REDACTED]")
	text = strings.TrimSpace(text)
	if len(text) > maxDetail {
		cut := maxDetail
		for cut > 0 && !utf8.RuneStart(text[cut]) {
			cut--
		}
		text = text[:cut] + "…"
	}
	return text
}

// stripControl turns line breaks and tabs into spaces and drops other control
// and format characters. Format characters (Cf) include bidi overrides and
// zero-width characters: a hostile endpoint must not be able to restyle or
// hide text on the user's terminal.
func stripControl(text string) string {
	text = ansiRE().ReplaceAllString(text, "")
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\n' || r == '\t' || r == '\r':
			return ' '
		case r == utf8.RuneError, unicode.IsControl(r), unicode.Is(unicode.Cf, r):
			return -1
		}
		return r
	}, text)
}

package llm

import (
	"fmt"
	"log/slog"
	"net/http"
	"net/netip"
	"net/url"
	"os"
	"strings"
	"time"
)

// Defaults used by [ConfigFromEnv] and, for zero fields, by [NewOpenAI].
const (
	DefaultBaseURL = "https://api.openai.com/v1"
	DefaultModel   = "gpt-4o-mini"
	DefaultTimeout = 2 * time.Minute
	// DefaultTurnTimeout bounds one Complete call, every attempt and retry wait included: a model
	// that does not answer is given up on after this long, not after four full attempts.
	DefaultTurnTimeout = 2 * time.Minute
	DefaultMaxRetries  = 3
	// DefaultRetryBaseDelay is the first backoff step; it doubles per retry.
	DefaultRetryBaseDelay = 500 * time.Millisecond
	// DefaultRetryMaxDelay caps both backoff and server-requested waits.
	DefaultRetryMaxDelay = 30 * time.Second
	// DefaultMaxResponseBytes caps one model response: far above any real reply (a 128k-token
	// context is well under 1 MiB of JSON), far below what would strain the server.
	DefaultMaxResponseBytes = 8 << 20
)

// Environment variables read by [ConfigFromEnv].
const (
	EnvAPIKey  = "OPENAI_API_KEY"
	EnvBaseURL = "OPENAI_BASE_URL"
	EnvModel   = "PADDOCK_MODEL"
)

// Config configures an [OpenAI] client. Printing a Config (fmt or slog)
// shows the API key as "[REDACTED]".
type Config struct {
	// APIKey is sent as a bearer token. It may be empty only for a loopback
	// endpoint (Ollama, llama.cpp server, vLLM on this machine).
	APIKey string
	// BaseURL is the API root, e.g. "https://api.openai.com/v1" or
	// "http://localhost:11434/v1". Empty means DefaultBaseURL. Plain http://
	// is accepted only for loopback hosts.
	BaseURL string
	// Model is the model name sent with every request. Empty means DefaultModel.
	Model string
	// Timeout bounds each HTTP attempt (not the sum of retries: use ctx for
	// that). Zero means DefaultTimeout.
	Timeout time.Duration
	// TurnTimeout bounds one Complete call, all attempts and retry waits together; no attempt
	// outlasts what is left of it. Zero means DefaultTurnTimeout.
	TurnTimeout time.Duration
	// OnRetry, when set, is called before each retry wait with what failed and how long the wait
	// is, so a person watching sees why nothing is happening. It must not block.
	OnRetry func(Retry)
	// MaxRetries is how many times a failed attempt (429, 5xx, timeout,
	// connection error) is retried; 0 means one attempt only. Negative is invalid.
	MaxRetries int
	// HTTPClient replaces the default client (tests; a server shares one made
	// by NewHTTPClient across its steps). Its CheckRedirect is left as is; the
	// default client follows no redirects.
	HTTPClient *http.Client
	// Logger receives retry warnings and per-request debug records. Nil
	// discards. The API key and message contents are never logged.
	Logger *slog.Logger
	// RetryBaseDelay is the first backoff step (doubling, with jitter). Zero
	// means DefaultRetryBaseDelay.
	RetryBaseDelay time.Duration
	// MaxResponseBytes caps the body read of one model response; a larger one fails the
	// attempt with ErrResponseTooLarge. Zero means DefaultMaxResponseBytes.
	MaxResponseBytes int64
	// RetryMaxDelay caps backoff steps and server-requested waits
	// (Retry-After); a server asking for longer ends the retries at once.
	// Zero means DefaultRetryMaxDelay.
	RetryMaxDelay time.Duration
}

// ConfigFromEnv returns a Config from OPENAI_API_KEY, OPENAI_BASE_URL and
// PADDOCK_MODEL, with defaults for everything else. Command-line flags
// override its fields afterwards. Surrounding whitespace of the key (a
// trailing newline from a pasted key) is dropped.
func ConfigFromEnv() Config { return ConfigFrom(os.Getenv) }

// ConfigFrom is ConfigFromEnv reading the variables through getenv, so a
// caller can give it an environment other than the process's.
func ConfigFrom(getenv func(string) string) Config {
	cfg := Config{
		APIKey:         strings.TrimSpace(getenv(EnvAPIKey)),
		BaseURL:        strings.TrimSpace(getenv(EnvBaseURL)),
		Model:          strings.TrimSpace(getenv(EnvModel)),
		Timeout:        DefaultTimeout,
		TurnTimeout:    DefaultTurnTimeout,
		MaxRetries:     DefaultMaxRetries,
		RetryBaseDelay: DefaultRetryBaseDelay,
		RetryMaxDelay:  DefaultRetryMaxDelay,
	}
	if cfg.BaseURL == "" {
		cfg.BaseURL = DefaultBaseURL
	}
	if cfg.Model == "" {
		cfg.Model = DefaultModel
	}
	return cfg
}

// APIKeyFromFile reads an API key from a secret file (for a --api-key-file
// flag), dropping surrounding whitespace. The error never contains the
// file's contents.
func APIKeyFromFile(path string) (string, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return "", fmt.Errorf("llm: read API key file: %w", err)
	}
	key := strings.TrimSpace(string(b))
	if key == "" {
		return "", fmt.Errorf("%w: API key file %s is empty", ErrNoAPIKey, path)
	}
	if strings.ContainsAny(key, "\r\n") {
		return "", fmt.Errorf("%w: API key file %s holds more than one line", ErrInvalidConfig, path)
	}
	return key, nil
}

// String prints the configuration with the API key redacted.
func (c Config) String() string {
	return fmt.Sprintf("llm.Config{APIKey:%s BaseURL:%q Model:%q Timeout:%s MaxRetries:%d}",
		redactKey(c.APIKey), c.displayURL(), c.Model, c.Timeout, c.MaxRetries)
}

// GoString keeps %#v from printing the key.
func (c Config) GoString() string { return c.String() }

// LogValue keeps slog from printing the key.
func (c Config) LogValue() slog.Value {
	return slog.GroupValue(
		slog.String("api_key", redactKey(c.APIKey)),
		slog.String("base_url", c.displayURL()),
		slog.String("model", c.Model),
		slog.Duration("timeout", c.Timeout),
		slog.Int("max_retries", c.MaxRetries),
	)
}

// displayURL is BaseURL for display: no userinfo, no query, no API key.
func (c Config) displayURL() string {
	return newScrubber(c.APIKey).clean(redactURL(c.BaseURL))
}

func redactKey(k string) string {
	if k == "" {
		return `""`
	}
	return "[REDACTED]"
}

// redactURL drops userinfo and query from a URL meant for display.
func redactURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return "(unparsable URL)"
	}
	u.User = nil
	if u.RawQuery != "" {
		u.RawQuery = "…"
	}
	u.Fragment = ""
	return u.String()
}

// Validate checks the configuration without contacting anything: the base
// URL must be https://, or http:// to a loopback host; an API key is required
// unless the host is loopback. Zero Timeout, Model and BaseURL are fine
// (defaults apply).
func (c Config) Validate() error {
	raw := c.BaseURL
	if raw == "" {
		raw = DefaultBaseURL
	}
	if len(c.APIKey) >= minSecretLen && strings.Contains(raw, c.APIKey) {
		return fmt.Errorf("%w: the base URL contains the API key; pass the key only in %s", ErrInvalidConfig, EnvAPIKey)
	}
	loopback, err := CheckEndpoint(raw)
	if err != nil {
		return err
	}
	if c.APIKey == "" && !loopback {
		return fmt.Errorf("%w: set %s; a key may be left out only for a model server on this machine "+
			"(e.g. Ollama at http://localhost:11434/v1)", ErrNoAPIKey, EnvAPIKey)
	}
	if strings.ContainsAny(c.APIKey, "\r\n\x00") {
		return fmt.Errorf("%w: the API key contains a line break or NUL", ErrInvalidConfig)
	}
	if c.MaxRetries < 0 {
		return fmt.Errorf("%w: MaxRetries %d is negative", ErrInvalidConfig, c.MaxRetries)
	}
	if c.Timeout < 0 || c.TurnTimeout < 0 || c.RetryBaseDelay < 0 || c.RetryMaxDelay < 0 {
		return fmt.Errorf("%w: negative timeout or retry delay", ErrInvalidConfig)
	}
	return nil
}

// CheckEndpoint reports whether rawURL is an acceptable model endpoint and
// whether its host is loopback. https:// is always acceptable; http:// only
// for 127.0.0.0/8, ::1 and "localhost", because anywhere else the API key
// and the conversation would cross the network in clear
// ([ErrInsecureEndpoint]). Userinfo in the URL is refused: a credential in a
// URL ends up in logs and shell history.
func CheckEndpoint(rawURL string) (loopback bool, err error) {
	u, err := url.Parse(rawURL)
	if err != nil {
		return false, fmt.Errorf("%w: base URL does not parse (expected e.g. %s)", ErrInvalidConfig, DefaultBaseURL)
	}
	if u.Host == "" || u.Opaque != "" {
		return false, fmt.Errorf("%w: base URL %q has no host (expected e.g. %s)", ErrInvalidConfig, redactURL(rawURL), DefaultBaseURL)
	}
	if u.User != nil {
		return false, fmt.Errorf("%w: base URL %q contains user info; pass the key in %s instead",
			ErrInvalidConfig, redactURL(rawURL), EnvAPIKey)
	}
	host := u.Hostname()
	loopback = IsLoopbackHost(host)
	switch strings.ToLower(u.Scheme) {
	case "https":
		return loopback, nil
	case "http":
		if loopback {
			return true, nil
		}
		return false, fmt.Errorf("%w: %s uses plain http:// to %q, which is not a loopback address, so the "+
			"API key and the whole conversation would cross the network unencrypted; use https:// (or, for a "+
			"model server on this machine, http://127.0.0.1 or http://localhost)",
			ErrInsecureEndpoint, redactURL(rawURL), host)
	default:
		return false, fmt.Errorf("%w: base URL scheme %q is not https (expected e.g. %s)",
			ErrInvalidConfig, u.Scheme, DefaultBaseURL)
	}
}

// IsLoopbackHost reports whether host (no port, brackets optional) is
// "localhost" or a literal loopback address: 127.0.0.0/8, ::1, or an
// IPv4-mapped form of those. Other spellings (decimal or hex integers, DNS
// names that happen to resolve to loopback) are not loopback here: the
// answer must not depend on a resolver an attacker may influence.
func IsLoopbackHost(host string) bool {
	host = strings.TrimSuffix(strings.TrimPrefix(host, "["), "]")
	if strings.EqualFold(host, "localhost") || strings.EqualFold(host, "localhost.") {
		return true
	}
	addr, err := netip.ParseAddr(host)
	if err != nil {
		return false
	}
	return addr.WithZone("").Unmap().IsLoopback()
}

// Retry describes one retry of a model request, for Config.OnRetry.
type Retry struct {
	Attempt     int           // the attempt that failed, from 1
	MaxAttempts int           // MaxRetries + 1
	Wait        time.Duration // the wait before the next attempt
	Err         error         // why the attempt failed (an *Error)
}

// Package llm is paddock's model client: the small [Model] interface the agent
// loop talks to, an OpenAI-compatible chat-completions client ([OpenAI]) built
// on the official SDK, and a scripted test double ([Scripted]).
//
// Threat model. The model's output is untrusted: tool-call arguments are
// passed to the caller exactly as received (possibly invalid JSON) and the
// caller validates them. The API key is the one secret this package holds:
//   - it is sent only over HTTPS, or over plain HTTP to a loopback address
//     (127.0.0.0/8, ::1, localhost); any other http:// endpoint is refused with
//     [ErrInsecureEndpoint] before a connection is made;
//   - it never appears in an error string or a log record: errors are built by
//     this package from status codes and scrubbed provider messages, never from
//     SDK request dumps, and [Config] prints the key as "[REDACTED]";
//   - redirects are not followed, so the key cannot be replayed to another
//     origin; TLS is 1.2 or later with normal certificate verification, and an
//     untrusted certificate fails at once instead of being retried;
//   - nothing is read from the environment behind the caller's back (unlike
//     openai.NewClient, which picks up OPENAI_* variables).
//
// Provider faults do not amplify: retries are bounded (Config.MaxRetries), use
// exponential backoff with jitter, honour Retry-After / retry-after-ms up to a
// cap, and each attempt has its own timeout (Config.Timeout) within the
// limit of the whole call, retries included (Config.TurnTimeout); each retry
// can be shown as it happens (Config.OnRetry).
package llm

import (
	"context"
	"encoding/json"
)

// Role is the author of a [Message].
type Role string

// The roles of the chat-completions protocol.
const (
	RoleSystem    Role = "system"
	RoleUser      Role = "user"
	RoleAssistant Role = "assistant"
	RoleTool      Role = "tool"
)

// Message is one entry of a conversation.
//
// Invariants: ToolCalls is set only on assistant messages; ToolCallID is set
// only on tool messages and names the ToolCall.ID the message answers.
type Message struct {
	Role       Role
	Content    string
	ToolCalls  []ToolCall
	ToolCallID string
}

// ToolCall is one function call proposed by the model.
type ToolCall struct {
	// ID is the model's identifier of this call; the tool message answering it
	// carries the same ID.
	ID string
	// Name is the function name, as sent by the model (not checked here).
	Name string
	// Arguments is the raw JSON text exactly as the model sent it. It may be
	// invalid JSON: validating it is the caller's job.
	Arguments string
}

// ToolSpec describes a function the model may call.
type ToolSpec struct {
	Name        string
	Description string
	// Parameters is a JSON Schema object. Empty means "no parameters".
	Parameters json.RawMessage
}

// Request is one completion request: the conversation so far and the tools
// on offer.
type Request struct {
	Messages []Message
	Tools    []ToolSpec
}

// Usage counts the tokens of one completion, as reported by the endpoint.
// Endpoints that report nothing give a zero Usage.
type Usage struct {
	PromptTokens     int64
	CompletionTokens int64
	TotalTokens      int64
	// CachedPromptTokens are the prompt tokens the endpoint served from its cache (priced lower).
	CachedPromptTokens int64 `json:",omitempty"`
}

// Add returns the field-wise sum of u and v, for per-run totals.
func (u Usage) Add(v Usage) Usage {
	return Usage{
		PromptTokens:     u.PromptTokens + v.PromptTokens,
		CompletionTokens: u.CompletionTokens + v.CompletionTokens,
		TotalTokens:      u.TotalTokens + v.TotalTokens,

		CachedPromptTokens: u.CachedPromptTokens + v.CachedPromptTokens,
	}
}

// Response is the model's reply to a [Request].
type Response struct {
	// Message is the assistant message (Role is always RoleAssistant).
	Message Message
	// Usage is the token count of this completion alone.
	Usage Usage
	// FinishReason is the endpoint's reason, e.g. "stop", "tool_calls", "length".
	FinishReason string
}

// Model completes a conversation. Implementations must honour ctx
// cancellation promptly and be safe for concurrent use.
type Model interface {
	// Complete sends req and returns the model's reply.
	Complete(ctx context.Context, req Request) (Response, error)
	// Name says which model this is, for logs and run records.
	Name() string
}

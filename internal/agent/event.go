package agent

import (
	"time"

	"github.com/paddock-dev/paddock/internal/store"
)

// EventType says what an Event reports.
type EventType string

// Event types, in the order a step produces them.
const (
	EventStart    EventType = "start"    // the run began; Text is the goal
	EventThought  EventType = "thought"  // the model's text alongside its calls
	EventCall     EventType = "call"     // the model proposed a call
	EventDecision EventType = "decision" // the call was allowed, refused or the run stopped
	EventResult   EventType = "result"   // the call ran; Output or Error
	EventNotice   EventType = "notice"   // something the user must know (taint, a record failure)
	EventFinish   EventType = "finish"   // the run ended; Summary is set
)

// Event is one thing that happened in a run. The command line prints events as progress, or as
// JSON lines with --json.
type Event struct {
	Type     EventType      `json:"type"`
	Time     time.Time      `json:"time"`
	TaskID   string         `json:"task_id"`
	Step     int            `json:"step"`
	MaxSteps int            `json:"max_steps"`
	Tokens   int64          `json:"tokens"`             // total so far
	Cost     float64        `json:"cost_usd,omitempty"` // US dollars so far, when the model's price is known
	Tool     string         `json:"tool,omitempty"`
	CallID   string         `json:"call_id,omitempty"`
	Args     string         `json:"arguments,omitempty"`
	Decision store.Decision `json:"decision,omitempty"`
	Why      string         `json:"why,omitempty"`
	Feedback string         `json:"feedback,omitempty"`
	Output   string         `json:"output,omitempty"`
	Error    string         `json:"error,omitempty"`
	Flagged  bool           `json:"flagged,omitempty"`
	Blocked  bool           `json:"blocked,omitempty"`
	Score    float64        `json:"score,omitempty"`
	Reasons  []string       `json:"reasons,omitempty"`
	Text     string         `json:"text,omitempty"`
	Resumed  bool           `json:"resumed,omitempty"` // on a start event: the run continues a recorded one
	Summary  *Summary       `json:"summary,omitempty"`
}

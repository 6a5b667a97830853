package agent

import "time"

// Event types, in the order a step produces them.
const (
	EventStart    = "start"    // the run began; Text is the goal
	EventThought  = "thought"  // the model's text alongside its calls
	EventCall     = "call"     // the model proposed a call
	EventDecision = "decision" // the call was allowed, refused or the run stopped
	EventResult   = "result"   // the call ran; Output or Error
	EventNotice   = "notice"   // something the user must know (taint, a record failure)
	EventFinish   = "finish"   // the run ended; Summary is set
)

// Event is one thing that happened in a run. The command line prints events as progress, or as
// JSON lines with --json.
type Event struct {
	Type     string    `json:"type"`
	Time     time.Time `json:"time"`
	TaskID   string    `json:"task_id"`
	Step     int       `json:"step"`
	MaxSteps int       `json:"max_steps"`
	Tokens   int64     `json:"tokens"` // total so far
	Tool     string    `json:"tool,omitempty"`
	CallID   string    `json:"call_id,omitempty"`
	Args     string    `json:"arguments,omitempty"`
	Decision string    `json:"decision,omitempty"`
	Why      string    `json:"why,omitempty"`
	Feedback string    `json:"feedback,omitempty"`
	Output   string    `json:"output,omitempty"`
	Error    string    `json:"error,omitempty"`
	Flagged  bool      `json:"flagged,omitempty"`
	Blocked  bool      `json:"blocked,omitempty"`
	Score    float64   `json:"score,omitempty"`
	Reasons  []string  `json:"reasons,omitempty"`
	Text     string    `json:"text,omitempty"`
	Summary  *Summary  `json:"summary,omitempty"`
}

package store

import "strings"

import "time"

// The records below are what every backend stores and returns. Each carries its tenant (Share: its
// owner and grantee); a backend keeps times to the microsecond, in UTC.

// Status is how a task stands.
type Status string

// Task statuses. The values are stored and shown as they are; do not change them.
const (
	StatusRunning     Status = "running"
	StatusFinished    Status = "finished"    // the model called finish
	StatusFailed      Status = "failed"      // an error stopped the run
	StatusInterrupted Status = "interrupted" // Ctrl-C, SIGTERM, the user answered q, or a crash
	StatusBudget      Status = "budget"      // a step, token or time budget ran out
)

// Task is one run of an agent on a goal.
type Task struct {
	ID               string    `json:"id"`
	Tenant           string    `json:"tenant"`
	Goal             string    `json:"goal"`
	Status           Status    `json:"status"`
	Outcome          string    `json:"outcome"` // the finish reason or why the run stopped
	Model            string    `json:"model"`
	Workspace        string    `json:"workspace"`
	Steps            int       `json:"steps"` // model turns taken
	PromptTokens     int64     `json:"prompt_tokens"`
	CompletionTokens int64     `json:"completion_tokens"`
	Created          time.Time `json:"created"`
	Updated          time.Time `json:"updated"`
}

// Step is one tool call (or one reply without a tool call) within a task.
type Step struct {
	ID               int64         `json:"id"` // assigned by the backend, increasing within a database
	Tenant           string        `json:"tenant"`
	TaskID           string        `json:"task_id"`
	Turn             int           `json:"turn"` // the model turn it belongs to, from 1
	Tool             string        `json:"tool"` // empty for a reply with no tool call
	Arguments        string        `json:"arguments"`
	Decision         Decision      `json:"decision"` // how the call was decided, in words: "allowed by user", "refused by policy", ...
	Feedback         string        `json:"feedback"`
	Output           string        `json:"output"`
	Error            string        `json:"error"`
	Flagged          bool          `json:"flagged"` // the guard flagged the output
	PromptTokens     int64         `json:"prompt_tokens"`
	CompletionTokens int64         `json:"completion_tokens"`
	Started          time.Time     `json:"started"`
	Duration         time.Duration `json:"duration_ns"` // kept to the microsecond
}

// TaskRun is what the server keeps about a task between Agent Protocol steps: the request's
// additional input and the agent's saved state, both JSON, and the call awaiting approval.
type TaskRun struct {
	Tenant          string
	TaskID          string
	AdditionalInput string // JSON object
	State           string // JSON agent.State
	Awaiting        string // JSON binding of the call awaiting approval; empty when none
	Updated         time.Time
}

// StepStatus is how an Agent Protocol step stands.
type StepStatus string

// Agent Protocol step statuses. Running marks a step in progress; at most one step of a task is
// running at a time. A step the server was running when it stopped is marked Interrupted at the
// next start, and the task can continue from its last saved state.
const (
	APStepRunning     StepStatus = "running"
	APStepCompleted   StepStatus = "completed"
	APStepAwaiting    StepStatus = "awaiting_approval"
	APStepInterrupted StepStatus = "interrupted"
)

// APStep is one Agent Protocol step: one request that advanced a task by one agent step.
type APStep struct {
	Tenant           string
	TaskID           string
	ID               string
	Seq              int64 // 1, 2, ... within the task, assigned by StartAPStep
	Name             string
	Input            string
	AdditionalInput  string // JSON object
	Status           StepStatus
	Output           string
	AdditionalOutput string // JSON object
	IsLast           bool
	Created          time.Time
	Modified         time.Time
}

// StepOutcome is everything one finished step changes, written in one transaction: the step, the
// task's saved run, the task's counters and status, and the tenant's usage of the day.
type StepOutcome struct {
	Step *APStep
	Run  *TaskRun
	// Task counters and status as they stand after the step.
	Task *Task
	// Usage of this step, added to the tenant's day (UTC) of the step's Modified time.
	Steps, Tokens, CPUMillis int64
	// Audit, when not empty, are entries of the step's tenant appended to its audit chain in the
	// same transaction, as AppendAudit appends them (each after the chain's head, hashed with
	// AuditHash): the step's answer then waits for one commit, not two. A finish that fails
	// writes none of them.
	Audit     []*AuditEntry
	AuditHash func(*AuditEntry) string
	// Calls, when not empty, are records of the step's tool calls not yet added (AddStep), added
	// in the same transaction, in order, each given its ID as AddStep gives it: a step that ends
	// soon after its last call is answered after one round trip on PostgreSQL, not two. A finish
	// that fails writes none of them; the caller adds them on their own then.
	Calls []*Step
}

// Usage is a tenant's consumption on one day (UTC).
type Usage struct {
	Steps, Tokens, CPUMillis int64
}

// Artifact is a file of a task's workspace that the API lists: uploaded by the tenant or written by
// the agent. The file itself stays in the workspace; the row gives it a stable id.
type Artifact struct {
	Tenant       string
	TaskID       string
	ID           string
	FileName     string
	RelativePath string // the folder within the workspace, "" for its top
	AgentCreated bool
	Created      time.Time
	Modified     time.Time
}

// Share is a read-only grant of one artifact from its owner tenant to a grantee tenant.
type Share struct {
	Owner      string `json:"owner"`
	ID         string `json:"share_id"`
	TaskID     string `json:"task_id"`
	ArtifactID string `json:"artifact_id"`
	Grantee    string `json:"grantee"`
	// GranteeSlot is the grantee tenant's uid slot when the share was made, set by the backend;
	// 0 when no tenant had the name, and then the share is never readable.
	GranteeSlot int64     `json:"-"`
	Created     time.Time `json:"created_at"`
	Revoked     bool      `json:"revoked"`
}

// Tenant is one tenant of the server.
type Tenant struct {
	Name string `json:"name"`
	// UIDSlot is the tenant's index in the sandbox's host uid ranges: each tenant's commands run
	// under uids no other tenant's commands use. Slots count from 1 and are never reused.
	UIDSlot int64     `json:"uid_slot"`
	Created time.Time `json:"created"`
}

// APIKey is a stored API key: its hash, never the key.
type APIKey struct {
	Tenant  string    `json:"tenant"`
	ID      string    `json:"id"`
	Hash    string    `json:"-"`
	Role    string    `json:"role"`
	Label   string    `json:"label,omitempty"`
	Created time.Time `json:"created"`
	Revoked bool      `json:"revoked"`
	// Expires is when the key stops working; the zero time: never.
	Expires time.Time `json:"expires,omitzero"`
}

// Credential is a tenant's model endpoint and its sealed API key. The store never sees the key in
// clear: SealedKey is encrypted by the caller (package tenant).
type Credential struct {
	Tenant    string
	BaseURL   string
	Model     string
	SealedKey []byte
	KeyID     string // which master key sealed it
	Updated   time.Time
}

// AuditEntry is one entry of a tenant's audit log. Seq counts from 1 per tenant without gaps; Prev
// is the Hash of the entry before (empty for the first) and Hash covers every other field, so an
// edited, removed or reordered entry breaks the chain (package audit computes and checks it).
type AuditEntry struct {
	Tenant  string    `json:"tenant"`
	Seq     int64     `json:"seq"`
	Time    time.Time `json:"time"`
	Actor   string    `json:"actor"`   // the key id, "server" or "operator"
	Action  string    `json:"action"`  // e.g. "POST /ap/v1/agent/tasks", "tool_call", "approval", "share.create"
	Target  string    `json:"target"`  // what it acted on: a task, step or artifact id
	Outcome string    `json:"outcome"` // e.g. "201", "allowed", "refused by user"
	Detail  string    `json:"detail"`  // JSON object with more
	Prev    string    `json:"prev"`
	Hash    string    `json:"hash"`
}

// AuditHead is the latest entry of a tenant's chain, kept apart from the entries so that removing
// the last entries is detected too. A tenant without entries has the zero head.
type AuditHead struct {
	Seq  int64
	Hash string
}

// Decision is how a proposed call was decided. Its words are what people read (the command line,
// the API's tool_calls, the audit); [Decision.Kind] classifies it without parsing them.
type Decision string

// The decisions. A call the policy let run is recorded with its reason, "allowed (continuous)"
// ([AllowedBecause]); its Kind is DecisionAllowed.
const (
	DecisionAllowed       Decision = "allowed"
	DecisionUserAllowed   Decision = "allowed by user"
	DecisionAlwaysAllowed Decision = "always allowed by user"
	DecisionUserRefused   Decision = "refused by user"
	DecisionPolicyRefused Decision = "refused by policy"
	DecisionAwaiting      Decision = "awaiting approval" // held until a person answers (not recorded as a step)
	DecisionInvalid       Decision = "invalid"           // unknown tool or arguments the schema refuses
	DecisionNoToolCall    Decision = "no tool call"      // a reply without a call
	DecisionQuit          Decision = "quit"              // the user stopped the run at the question
	DecisionInterrupted   Decision = "interrupted"       // the question could not be answered (Ctrl-C, a budget)
)

// AllowedBecause is the decision of a call the policy let run, with the policy's reason.
func AllowedBecause(why string) Decision { return Decision(string(DecisionAllowed) + " (" + why + ")") }

// Kind returns the constant d is of: an [AllowedBecause] decision is DecisionAllowed; words that
// are none of the constants are returned as they are.
func (d Decision) Kind() Decision {
	if strings.HasPrefix(string(d), string(DecisionAllowed)+" (") {
		return DecisionAllowed
	}
	return d
}

// Refused reports a call that was not run because a person or the policy said no.
func (d Decision) Refused() bool {
	k := d.Kind()
	return k == DecisionUserRefused || k == DecisionPolicyRefused
}

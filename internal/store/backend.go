package store

import (
	"context"
	"time"
)

// Backend is what a database implements to hold paddock's records: package store/sqlite does,
// and a PostgreSQL backend can. Callers do not use it directly but through New, whose DB and
// Scope check tenants and fill in ids, defaults and times before a Backend sees a record.
//
// A Backend only stores and fetches, keeping the invariants below; every implementation must pass
// package storetest. In short:
//   - Every method that takes a tenant (or a record carrying one) reads and writes only that
//     tenant's rows: another tenant's id is ErrNotFound, exactly like an id that does not exist,
//     and lists never include another tenant's rows. Methods documented as spanning tenants are
//     the exception.
//   - A write that depends on what it reads (a uid slot, a step's seq, the audit chain's head, a
//     read-then-update) happens in one transaction that concurrent writers cannot interleave with;
//     every write is committed before the method returns.
//   - A unique-constraint violation is ErrExists and a missing parent row (task, tenant, artifact)
//     is ErrNotFound, recognised by the database's error code, never by its message.
//   - Concurrent callers never see a "database is busy" error: a backend waits its turn.
//   - Times are kept to the microsecond.
type Backend interface {
	// Close closes the database; later calls fail. Closing twice is not an error.
	Close() error
	// Ping reports whether the database answers.
	Ping(ctx context.Context) error

	// CreateTenant records t, giving it the lowest uid slot above every slot ever given (the
	// highest plus one); a tenant of that name already is ErrExists.
	CreateTenant(ctx context.Context, t *Tenant) error
	// LookupTenant returns the tenant called name.
	LookupTenant(ctx context.Context, name string) (*Tenant, error)
	// Tenants lists every tenant by name. It spans tenants.
	Tenants(ctx context.Context) ([]*Tenant, error)

	// AddKey stores k; a tenant that does not exist is ErrNotFound, an id or hash in use ErrExists.
	AddKey(ctx context.Context, k *APIKey) error
	// KeyByHash returns the key with this hash, revoked or not. It spans tenants: the key is what
	// names the tenant.
	KeyByHash(ctx context.Context, hash string) (*APIKey, error)
	// Keys lists a tenant's keys by creation, without their hashes.
	Keys(ctx context.Context, tenant string) ([]*APIKey, error)
	// RevokeKey revokes a tenant's key.
	RevokeKey(ctx context.Context, tenant, id string) error

	// SetCredential stores or replaces the credential of c.Tenant, which must exist (else ErrNotFound).
	SetCredential(ctx context.Context, c *Credential) error
	// Credential returns a tenant's credential.
	Credential(ctx context.Context, tenant string) (*Credential, error)
	// SetNetworkGrants stores or replaces the hosts a tenant's web tools may reach (egress policy
	// entries, checked by the caller); the tenant must exist (else ErrNotFound).
	SetNetworkGrants(ctx context.Context, tenant string, hosts []string) error
	// NetworkGrants returns a tenant's granted hosts, none (and no error) when it has none.
	NetworkGrants(ctx context.Context, tenant string) ([]string, error)
	// SetTenantRules stores or replaces a tenant's rules (JSON-encodable; the caller checks them);
	// the tenant must exist (else ErrNotFound).
	SetTenantRules(ctx context.Context, tenant string, r *TenantRules) error
	// TenantRules returns a tenant's rules: empty lists, no quota and no error when none are set.
	TenantRules(ctx context.Context, tenant string) (*TenantRules, error)
	// AddSpend adds microUSD to a tenant's spending on day (YYYY-MM-DD) in one write that
	// concurrent adds do not lose; the tenant must exist (else ErrNotFound).
	AddSpend(ctx context.Context, tenant, day string, microUSD int64) error
	// SpendOn returns a tenant's spending on day; 0 for a day without any.
	SpendOn(ctx context.Context, tenant, day string) (int64, error)
	// AddMCPServer stores one of a tenant's MCP servers; the tenant must exist (else ErrNotFound),
	// and a server of the same name already is ErrExists.
	AddMCPServer(ctx context.Context, tenant string, m *MCPServer) error
	// RemoveMCPServer removes a tenant's MCP server; one it does not have is ErrNotFound.
	RemoveMCPServer(ctx context.Context, tenant, name string) error
	// MCPServers lists a tenant's MCP servers by name.
	MCPServers(ctx context.Context, tenant string) ([]*MCPServer, error)
	// MCPPins lists the pins of a tenant's MCP server by tool; none before any is set.
	MCPPins(ctx context.Context, tenant, server string) ([]*MCPPin, error)
	// SetMCPPins stores pins of a tenant's MCP server, each replacing its tool's, all or none.
	SetMCPPins(ctx context.Context, tenant, server string, pins []*MCPPin) error
	// ApproveMCPServer makes each pending hash of the server's pins the approved one and
	// returns how many changed.
	ApproveMCPServer(ctx context.Context, tenant, server string) (int, error)
	// ClearMCPPins removes every pin of a tenant's MCP server.
	ClearMCPPins(ctx context.Context, tenant, server string) error
	// CreateConsoleSession stores a web console session and drops those expired at now; the
	// tenant must exist.
	CreateConsoleSession(ctx context.Context, s *ConsoleSession, now time.Time) error
	// ConsoleSession returns the session whose id hashes to idHash, unless it expired at now
	// (then, or when there is none, ErrNotFound).
	ConsoleSession(ctx context.Context, idHash string, now time.Time) (*ConsoleSession, error)
	// EndConsoleSession removes a session; one that is not there is no error.
	EndConsoleSession(ctx context.Context, idHash string) error
	// EndConsoleSessionsOfKey removes every session of the API key whose hash is keyHash.
	EndConsoleSessionsOfKey(ctx context.Context, keyHash string) error
	// ResealCredentials replaces every non-empty sealed key by what reseal returns for it, all in
	// one transaction: if reseal fails for one, none is changed. It spans tenants.
	ResealCredentials(ctx context.Context, reseal func(tenant string, sealed []byte) ([]byte, string, error)) (int, error)

	// CreateTask records t and, when run is not nil, its run, in one transaction: both or neither.
	// A task id the tenant already has is ErrExists.
	CreateTask(ctx context.Context, t *Task, run *TaskRun) error
	// UpdateTask writes t's status, outcome, step count, token totals and Updated.
	UpdateTask(ctx context.Context, t *Task) error
	// Task returns one task.
	Task(ctx context.Context, tenant, id string) (*Task, error)
	// TasksByPrefix returns up to limit tasks whose id starts with prefix.
	TasksByPrefix(ctx context.Context, tenant, prefix string, limit int) ([]*Task, error)
	// Tasks lists tasks newest first (by Created, then id), skipping offset and returning at most
	// limit, and the tenant's total count.
	Tasks(ctx context.Context, tenant string, limit, offset int) ([]*Task, int, error)

	// SaveTaskRun stores or replaces the saved run of r.Tenant's task r.TaskID (its additional
	// input, state, awaiting and Updated); a task the tenant does not have is ErrNotFound.
	SaveTaskRun(ctx context.Context, r *TaskRun) error
	// TakeLease gives holder the lease of a task until until: the process running a task holds
	// it and renews it while it runs. While another holder's lease lasts past now it is
	// ErrLeaseHeld; a task the tenant does not have is ErrNotFound. Read and write are one
	// transaction, so of two racing holders one gets ErrLeaseHeld.
	TakeLease(ctx context.Context, tenant, taskID, holder string, now, until time.Time) error
	// ExpireLeases marks the tenant's running tasks whose lease ended before now StatusInterrupted
	// with outcome (and Updated now), in one transaction, and returns their ids. Running tasks
	// without a lease (the server's) are left alone.
	ExpireLeases(ctx context.Context, tenant string, now time.Time, outcome string) ([]string, error)

	// AddStep appends st to its task (ErrNotFound when the tenant has no such task) and sets st.ID.
	AddStep(ctx context.Context, st *Step) error
	// Steps returns the steps of a task in the order they were added.
	Steps(ctx context.Context, tenant, taskID string) ([]*Step, error)

	// TaskRun returns the saved run of a task.
	TaskRun(ctx context.Context, tenant, taskID string) (*TaskRun, error)
	// StartAPStep records st as running with the next seq of its task, and sets st.Seq. While
	// another step of the task is running it is ErrStepRunning, however many callers race;
	// a task the tenant does not have is ErrNotFound.
	StartAPStep(ctx context.Context, st *APStep) error
	// FinishAPStep writes, in one transaction, the step's status, output, additional output,
	// is_last and Modified; the run's state, awaiting and Updated; the task as UpdateTask does; and
	// adds the usage to the tenant's day of o.Step.Modified; and appends o.Audit to the tenant's
	// chain as AppendAudit does. A step the tenant does not have is ErrNotFound, and writes nothing.
	FinishAPStep(ctx context.Context, o StepOutcome) error
	// AbandonAPStep marks a running step interrupted with output; a step not running is left as is.
	AbandonAPStep(ctx context.Context, tenant, stepID, output string) error
	// DiscardAPStep deletes a running step of the tenant's task, started by this process and
	// refused before it did anything; a step not running is left as is.
	DiscardAPStep(ctx context.Context, tenant, taskID, stepID string) error
	// APStep returns one step of a task.
	APStep(ctx context.Context, tenant, taskID, stepID string) (*APStep, error)
	// APSteps lists a task's steps by seq, skipping offset and returning at most limit, and the
	// total count.
	APSteps(ctx context.Context, tenant, taskID string, limit, offset int) ([]*APStep, int, error)
	// MarkInterruptedSteps marks every running step, of every tenant, interrupted with output, in
	// one transaction, and returns them as marked. It spans tenants (start-up recovery).
	MarkInterruptedSteps(ctx context.Context, output string) ([]*APStep, error)
	// UsageOn returns a tenant's usage on day (YYYY-MM-DD); a day without any is zero.
	UsageOn(ctx context.Context, tenant, day string) (Usage, error)

	// PutArtifact records a at its task (ErrNotFound when the tenant has no such task) or, when
	// the task already has an artifact at the same path and name, sets that one's Modified; then
	// fills a with the stored row.
	PutArtifact(ctx context.Context, a *Artifact) error
	// PutStepArtifacts records, in one transaction, the artifacts one Agent Protocol step of the
	// task wrote: each as PutArtifact does (filling it with the stored row), and each linked to
	// the step, so a file written again by a later step is that step's too. A step the tenant's
	// task does not have is ErrNotFound; an artifact of another task or tenant ErrWrongTenant.
	PutStepArtifacts(ctx context.Context, tenant, taskID, stepID string, as []*Artifact) error
	// StepArtifacts returns, for each named step of the task, up to limit of the artifacts linked
	// to it, oldest first (by Created, then id), and how many are linked to it in all. Steps with
	// none are absent from both maps.
	StepArtifacts(ctx context.Context, tenant, taskID string, stepIDs []string, limit int) (map[string][]*Artifact, map[string]int, error)
	// Artifact returns one artifact of a task.
	Artifact(ctx context.Context, tenant, taskID, id string) (*Artifact, error)
	// Artifacts lists a task's artifacts oldest first, skipping offset and returning at most
	// limit, and the total count.
	Artifacts(ctx context.Context, tenant, taskID string, limit, offset int) ([]*Artifact, int, error)

	// CreateShare stores sh bound to the grantee tenant as it is now: it sets sh.GranteeSlot to
	// the grantee's uid slot, or 0 when no tenant has that name. Such a share is stored and listed
	// as given like any other but is never readable (ReceivedShare, Shares' received), so the
	// answer does not tell whether a tenant exists, and a tenant created later under the name
	// does not inherit it. An artifact its owner does not have is ErrNotFound.
	CreateShare(ctx context.Context, sh *Share) error
	// RevokeShare revokes a live share of owner's and returns it.
	RevokeShare(ctx context.Context, owner, id string) (*Share, error)
	// Shares lists the live shares a tenant gave and received, by creation; received are only
	// those whose GranteeSlot is the tenant's.
	Shares(ctx context.Context, tenant string) (given, received []*Share, err error)
	// ReceivedShare returns a live share to grantee whose GranteeSlot is the grantee's.
	ReceivedShare(ctx context.Context, grantee, id string) (*Share, error)

	// AppendAudit appends es, of any tenants, in order and in one transaction: each entry gets
	// the next Seq and the Prev of its tenant's chain, then Hash = hash(entry), and the heads move.
	// Concurrent appends to one chain never share a Seq or fork it.
	AppendAudit(ctx context.Context, es []*AuditEntry, hash func(*AuditEntry) string) error
	// AuditEntries returns up to limit entries of a tenant's chain with Seq > after, by Seq.
	AuditEntries(ctx context.Context, tenant string, after int64, limit int) ([]*AuditEntry, error)
	// AuditHead returns the head of a tenant's chain.
	AuditHead(ctx context.Context, tenant string) (AuditHead, error)
	// AuditTenants lists every tenant with an audit entry or head. It spans tenants.
	AuditTenants(ctx context.Context) ([]string, error)
}

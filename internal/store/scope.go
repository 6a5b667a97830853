package store

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// Scope is the store as one tenant sees it: every read, list and write names that tenant, and no
// method takes a tenant argument, so a tenant id cannot be passed where a task id belongs. A record
// written through a Scope gets the Scope's tenant when it has none and is refused
// (ErrWrongTenant) when it names another. A Scope is cheap; make one per request.
type Scope struct {
	b    Backend
	name string
}

// Name returns the tenant of s.
func (s *Scope) Name() string { return s.name }

func (s *Scope) check() error {
	if s.name == "" {
		return ErrNoTenant
	}
	return nil
}

// own sets the tenant field of a record to s's tenant, or checks that it is.
func (s *Scope) own(field *string, what string) error {
	if err := s.check(); err != nil {
		return err
	}
	switch *field {
	case "":
		*field = s.name
	case s.name:
	default:
		return fmt.Errorf("%s of tenant %q through the store of %q: %w", what, *field, s.name, ErrWrongTenant)
	}
	return nil
}

// ---- tasks and their steps (the command line and the server) ----

// newTask checks a task about to be created and fills in its tenant, ID, times and status when
// empty.
func (s *Scope) newTask(t *Task) error {
	if err := s.own(&t.Tenant, "task"); err != nil {
		return err
	}
	if t.ID == "" {
		t.ID = NewID()
	}
	if t.Created.IsZero() {
		t.Created = now()
	}
	t.Created = stored(t.Created)
	t.Updated = t.Created
	if t.Status == "" {
		t.Status = StatusRunning
	}
	return nil
}

// CreateTask records a new task; ID, Created and Updated are set when empty, and Status to
// running. A task id the tenant already has is ErrExists.
func (s *Scope) CreateTask(ctx context.Context, t *Task) error {
	if err := s.newTask(t); err != nil {
		return err
	}
	return s.b.CreateTask(ctx, t, nil)
}

// UpdateTask writes a task's status, outcome, step count and token totals, and sets Updated.
func (s *Scope) UpdateTask(ctx context.Context, t *Task) error {
	if err := s.own(&t.Tenant, "task"); err != nil {
		return err
	}
	t.Updated = now()
	return s.b.UpdateTask(ctx, t)
}

// Task returns one task.
func (s *Scope) Task(ctx context.Context, id string) (*Task, error) {
	if err := s.check(); err != nil {
		return nil, err
	}
	return s.b.Task(ctx, s.name, id)
}

// FindTask returns the task whose id is id or starts with id (at least 4 characters), as long as
// exactly one matches.
func (s *Scope) FindTask(ctx context.Context, id string) (*Task, error) {
	t, err := s.Task(ctx, id)
	if err == nil || !errors.Is(err, ErrNotFound) || len(id) < 4 {
		return t, err
	}
	found, err := s.b.TasksByPrefix(ctx, s.name, id, 2)
	if err != nil {
		return nil, err
	}
	switch len(found) {
	case 0:
		return nil, fmt.Errorf("task %q: %w", id, ErrNotFound)
	case 1:
		return found[0], nil
	}
	return nil, fmt.Errorf("task id %q is ambiguous: give more characters", id)
}

// Tasks lists the tenant's tasks, newest first, skipping offset and returning at most limit, and
// the total count.
func (s *Scope) Tasks(ctx context.Context, limit, offset int) ([]*Task, int, error) {
	if err := s.check(); err != nil {
		return nil, 0, err
	}
	return s.b.Tasks(ctx, s.name, limit, offset)
}

// AddStep appends a step to its task and sets its ID. A task the tenant does not have is
// ErrNotFound.
func (s *Scope) AddStep(ctx context.Context, st *Step) error {
	if err := s.own(&st.Tenant, "step"); err != nil {
		return err
	}
	st.Started, st.Duration = stored(st.Started), st.Duration.Truncate(time.Microsecond)
	return s.b.AddStep(ctx, st)
}

// Steps returns a task's steps in order. A task unknown to the tenant is ErrNotFound.
func (s *Scope) Steps(ctx context.Context, taskID string) ([]*Step, error) {
	if _, err := s.Task(ctx, taskID); err != nil {
		return nil, err
	}
	return s.b.Steps(ctx, s.name, taskID)
}

// ---- the server's runs and Agent Protocol steps ----

// CreateTaskRun records a new task and its run in one transaction: either both exist or neither.
func (s *Scope) CreateTaskRun(ctx context.Context, t *Task, run *TaskRun) error {
	if err := s.newTask(t); err != nil {
		return err
	}
	if err := s.own(&run.Tenant, "task run"); err != nil {
		return err
	}
	run.TaskID, run.Updated = t.ID, t.Created
	if run.AdditionalInput == "" {
		run.AdditionalInput = "{}"
	}
	return s.b.CreateTask(ctx, t, run)
}

// TaskRun returns the saved run of a task.
func (s *Scope) TaskRun(ctx context.Context, taskID string) (*TaskRun, error) {
	if err := s.check(); err != nil {
		return nil, err
	}
	return s.b.TaskRun(ctx, s.name, taskID)
}

// SaveTaskRun stores or replaces the saved run of one of the tenant's tasks (the command line saves
// its run's state after each step, so that the run can continue after a crash). Updated is set.
func (s *Scope) SaveTaskRun(ctx context.Context, r *TaskRun) error {
	if err := s.own(&r.Tenant, "task run"); err != nil {
		return err
	}
	if r.AdditionalInput == "" {
		r.AdditionalInput = "{}"
	}
	r.Updated = now()
	return s.b.SaveTaskRun(ctx, r)
}

// TakeLease takes or renews holder's lease of a task for ttl; ErrLeaseHeld when another holder's
// lease has not run out (the run is going on elsewhere).
func (s *Scope) TakeLease(ctx context.Context, taskID, holder string, ttl time.Duration) error {
	if err := s.check(); err != nil {
		return err
	}
	if holder == "" || ttl <= 0 {
		return fmt.Errorf("store: a lease needs a holder and a positive duration")
	}
	n := now()
	return s.b.TakeLease(ctx, s.name, taskID, holder, n, n.Add(ttl))
}

// ExpireLeases marks the tenant's running tasks whose lease ran out interrupted with outcome: their
// process is gone (killed, crashed, the machine stopped). It returns their ids.
func (s *Scope) ExpireLeases(ctx context.Context, outcome string) ([]string, error) {
	if err := s.check(); err != nil {
		return nil, err
	}
	return s.b.ExpireLeases(ctx, s.name, now(), outcome)
}

// StartAPStep durably records a step as running before any of its work happens, so that a crash
// during it is visible at the next start. ID (when empty), Seq, Status and the times are set. It
// fails with ErrStepRunning while another step of the task runs.
func (s *Scope) StartAPStep(ctx context.Context, st *APStep) error {
	if err := s.prepareStart(st); err != nil {
		return err
	}
	return s.b.StartAPStep(ctx, st)
}

// prepareStart sets what StartAPStep sets before the backend's start.
func (s *Scope) prepareStart(st *APStep) error {
	if err := s.own(&st.Tenant, "step"); err != nil {
		return err
	}
	if st.ID == "" {
		st.ID = NewID()
	}
	st.Status = APStepRunning
	st.Created = now()
	st.Modified = st.Created
	if st.AdditionalInput == "" {
		st.AdditionalInput = "{}"
	}
	if st.AdditionalOutput == "" {
		st.AdditionalOutput = "{}"
	}
	return nil
}

// BeginAPStep is StepReads and StartAPStep of task taskID together, in one round trip where the
// backend can (Beginner; PostgreSQL): what a step needs to decide whether it may run, and the step
// on record as running. A task the tenant does not have is ErrNotFound and starts nothing; while
// another step of the task runs it is ErrStepRunning. A step begun and then refused before it does
// anything (its task ended, a quota, a cap) is taken back with DiscardAPStep.
func (s *Scope) BeginAPStep(ctx context.Context, taskID, day string, st *APStep) (*StepReads, error) {
	if err := s.checkBegin(taskID, day, st); err != nil {
		return nil, err
	}
	if b, ok := s.b.(Beginner); ok {
		return b.BeginAPStep(ctx, s.name, taskID, day, st)
	}
	reads, err := s.StepReads(ctx, taskID, day)
	if err != nil {
		return nil, err
	}
	if err := s.b.StartAPStep(ctx, st); err != nil {
		return nil, err
	}
	return reads, nil
}

// checkBegin checks a begin's arguments and prepares st as StartAPStep does.
func (s *Scope) checkBegin(taskID, day string, st *APStep) error {
	if st.TaskID != taskID {
		return errors.New("store: begin step: the step is of another task")
	}
	if err := s.prepareStart(st); err != nil {
		return err
	}
	if _, err := time.Parse(time.DateOnly, day); err != nil {
		return fmt.Errorf("store: usage: day %q is not YYYY-MM-DD", day)
	}
	return nil
}

// DiscardAPStep takes back a step begun (BeginAPStep, StartAPStep) and refused before it did
// anything: it is deleted while it still runs; a step that ended is left as is.
func (s *Scope) DiscardAPStep(ctx context.Context, taskID, stepID string) error {
	if err := s.check(); err != nil {
		return err
	}
	return s.b.DiscardAPStep(ctx, s.name, taskID, stepID)
}

// FinishAPStep records a step's outcome atomically: the step, the task's saved run, the task and
// the tenant's usage of the day.
func (s *Scope) FinishAPStep(ctx context.Context, o StepOutcome) error {
	st, run, t := o.Step, o.Run, o.Task
	for _, f := range []struct {
		tenant *string
		what   string
	}{{&st.Tenant, "step"}, {&run.Tenant, "task run"}, {&t.Tenant, "task"}} {
		if err := s.own(f.tenant, f.what); err != nil {
			return err
		}
	}
	if run.TaskID != st.TaskID || t.ID != st.TaskID {
		return errors.New("store: finish step: step, run and task disagree on the task")
	}
	if len(o.Audit) > 0 {
		if o.AuditHash == nil {
			return errors.New("store: finish step: audit entries without a hash function")
		}
		for _, e := range o.Audit {
			if err := s.own(&e.Tenant, "audit entry"); err != nil {
				return err
			}
		}
		prepareAudit(o.Audit)
	}
	for _, c := range o.Calls {
		if err := s.own(&c.Tenant, "step"); err != nil {
			return err
		}
		if c.TaskID != st.TaskID {
			return errors.New("store: finish step: a call of another task")
		}
		c.Started, c.Duration = stored(c.Started), c.Duration.Truncate(time.Microsecond)
	}
	n := now()
	st.Modified, run.Updated, t.Updated = n, n, n
	err := s.b.FinishAPStep(ctx, o)
	if err != nil {
		for _, c := range o.Calls {
			c.ID = 0 // not written
		}
	}
	return err
}

// AbandonAPStep marks a running step as interrupted with output, for a step whose request failed
// before it could finish; the task keeps its last saved state.
func (s *Scope) AbandonAPStep(ctx context.Context, stepID, output string) error {
	if err := s.check(); err != nil {
		return err
	}
	return s.b.AbandonAPStep(ctx, s.name, stepID, output)
}

// APStep returns one step of a task.
func (s *Scope) APStep(ctx context.Context, taskID, stepID string) (*APStep, error) {
	if err := s.check(); err != nil {
		return nil, err
	}
	return s.b.APStep(ctx, s.name, taskID, stepID)
}

// APSteps lists a task's steps in order, with the total count.
func (s *Scope) APSteps(ctx context.Context, taskID string, limit, offset int) ([]*APStep, int, error) {
	if err := s.check(); err != nil {
		return nil, 0, err
	}
	return s.b.APSteps(ctx, s.name, taskID, limit, offset)
}

// UsageOn returns the tenant's usage on day (YYYY-MM-DD, UTC).
func (s *Scope) UsageOn(ctx context.Context, day string) (Usage, error) {
	if err := s.check(); err != nil {
		return Usage{}, err
	}
	return s.b.UsageOn(ctx, s.name, day)
}

// ---- artifacts and shares ----

// PutArtifact records an artifact, or marks an existing one at the same path as modified, and
// fills a with the stored row (its id included). A task the tenant does not have is ErrNotFound.
func (s *Scope) PutArtifact(ctx context.Context, a *Artifact) error {
	if err := s.own(&a.Tenant, "artifact"); err != nil {
		return err
	}
	a.ID = NewID()
	a.Created = now()
	a.Modified = a.Created
	return s.b.PutArtifact(ctx, a)
}

// PutStepArtifacts records the artifacts a step of a task wrote, in one transaction, each as
// PutArtifact does and linked to the step. A step the tenant's task does not have is ErrNotFound.
func (s *Scope) PutStepArtifacts(ctx context.Context, taskID, stepID string, as []*Artifact) error {
	if err := s.check(); err != nil {
		return err
	}
	n := now()
	for _, a := range as {
		if err := s.own(&a.Tenant, "artifact"); err != nil {
			return err
		}
		if a.TaskID == "" {
			a.TaskID = taskID
		}
		a.ID, a.Created, a.Modified = NewID(), n, n
	}
	return s.b.PutStepArtifacts(ctx, s.name, taskID, stepID, as)
}

// StepArtifacts returns up to limit artifacts of each named step of a task, oldest first, and
// how many each wrote in all.
func (s *Scope) StepArtifacts(ctx context.Context, taskID string, stepIDs []string, limit int) (map[string][]*Artifact, map[string]int, error) {
	if err := s.check(); err != nil {
		return nil, nil, err
	}
	return s.b.StepArtifacts(ctx, s.name, taskID, stepIDs, limit)
}

// Artifact returns one artifact of a task.
func (s *Scope) Artifact(ctx context.Context, taskID, id string) (*Artifact, error) {
	if err := s.check(); err != nil {
		return nil, err
	}
	return s.b.Artifact(ctx, s.name, taskID, id)
}

// Artifacts lists a task's artifacts, oldest first, with the total count.
func (s *Scope) Artifacts(ctx context.Context, taskID string, limit, offset int) ([]*Artifact, int, error) {
	if err := s.check(); err != nil {
		return nil, 0, err
	}
	return s.b.Artifacts(ctx, s.name, taskID, limit, offset)
}

// CreateShare grants sh.Grantee read access to one of the tenant's artifacts (the tenant is the
// share's owner). The artifact must belong to the tenant's task sh.TaskID and the grantee must be
// another tenant's name; otherwise ErrNotFound. A name no tenant has is accepted the same way but
// the share is never readable (sh.GranteeSlot is 0), so this does not tell which tenants exist.
// ID, Created and GranteeSlot are set.
func (s *Scope) CreateShare(ctx context.Context, sh *Share) error {
	if err := s.own(&sh.Owner, "share"); err != nil {
		return err
	}
	if sh.Grantee == "" || sh.Grantee == sh.Owner {
		return fmt.Errorf("share: the grantee must be another tenant: %w", ErrNotFound)
	}
	if _, err := s.b.Artifact(ctx, s.name, sh.TaskID, sh.ArtifactID); err != nil {
		return err
	}
	sh.ID, sh.Created, sh.Revoked = NewID(), now(), false
	return s.b.CreateShare(ctx, sh)
}

// RevokeShare ends a grant the tenant gave; the next read by the grantee finds nothing.
func (s *Scope) RevokeShare(ctx context.Context, id string) (*Share, error) {
	if err := s.check(); err != nil {
		return nil, err
	}
	return s.b.RevokeShare(ctx, s.name, id)
}

// Shares lists the live grants the tenant gave (given) and received (received).
func (s *Scope) Shares(ctx context.Context) (given, received []*Share, err error) {
	if err := s.check(); err != nil {
		return nil, nil, err
	}
	return s.b.Shares(ctx, s.name)
}

// ---- keys and the model credential ----

// AddKey stores a key's hash; the tenant must exist (else ErrNotFound), and an id or hash in
// use is ErrExists.
func (s *Scope) AddKey(ctx context.Context, k *APIKey) error {
	if err := s.own(&k.Tenant, "key"); err != nil {
		return err
	}
	if k.Created.IsZero() {
		k.Created = now()
	}
	k.Created = stored(k.Created)
	if !k.Expires.IsZero() {
		k.Expires = stored(k.Expires)
	}
	return s.b.AddKey(ctx, k)
}

// Keys lists the tenant's keys (hashes are not shown).
func (s *Scope) Keys(ctx context.Context) ([]*APIKey, error) {
	if err := s.check(); err != nil {
		return nil, err
	}
	return s.b.Keys(ctx, s.name)
}

// RevokeKey revokes one of the tenant's keys; it takes effect on the next request.
func (s *Scope) RevokeKey(ctx context.Context, id string) error {
	if err := s.check(); err != nil {
		return err
	}
	return s.b.RevokeKey(ctx, s.name, id)
}

// SetCredential stores or replaces the tenant's model credential; the tenant must exist.
func (s *Scope) SetCredential(ctx context.Context, c *Credential) error {
	if err := s.own(&c.Tenant, "credential"); err != nil {
		return err
	}
	c.Updated = now()
	return s.b.SetCredential(ctx, c)
}

// Credential returns the tenant's model credential, or ErrNotFound when it has none.
func (s *Scope) Credential(ctx context.Context) (*Credential, error) {
	if err := s.check(); err != nil {
		return nil, err
	}
	return s.b.Credential(ctx, s.name)
}

// SetNetworkGrants replaces the hosts the tenant's web tools may reach (egress policy entries,
// checked by the caller); the tenant must exist.
func (s *Scope) SetNetworkGrants(ctx context.Context, hosts []string) error {
	if err := s.check(); err != nil {
		return err
	}
	return s.b.SetNetworkGrants(ctx, s.name, hosts)
}

// NetworkGrants returns the hosts the tenant's web tools may reach: none until its admin grants some.
func (s *Scope) NetworkGrants(ctx context.Context) ([]string, error) {
	if err := s.check(); err != nil {
		return nil, err
	}
	return s.b.NetworkGrants(ctx, s.name)
}

// ---- the audit chain ----

// AppendAudit appends e to the tenant's chain: it sets e.Seq and e.Prev from the chain's head,
// e.Hash from hash(e), and moves the head, in one transaction.
func (s *Scope) AppendAudit(ctx context.Context, e *AuditEntry, hash func(*AuditEntry) string) error {
	if err := s.own(&e.Tenant, "audit entry"); err != nil {
		return err
	}
	return appendAudit(ctx, s.b, []*AuditEntry{e}, hash)
}

// AuditEntries returns up to limit entries of the tenant's chain with seq > after, by seq.
func (s *Scope) AuditEntries(ctx context.Context, after int64, limit int) ([]*AuditEntry, error) {
	if err := s.check(); err != nil {
		return nil, err
	}
	return s.b.AuditEntries(ctx, s.name, after, limit)
}

// AuditHead returns the head of the tenant's chain; a tenant with no entries has a zero head.
func (s *Scope) AuditHead(ctx context.Context) (AuditHead, error) {
	if err := s.check(); err != nil {
		return AuditHead{}, err
	}
	return s.b.AuditHead(ctx, s.name)
}

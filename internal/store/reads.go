package store

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// TenantReads is what running a tenant's task needs of the tenant's own records, read together:
// its rules, its model credential (nil when it has none), its network grants and its MCP servers,
// each as the Scope's method of that name returns it.
type TenantReads struct {
	Rules         *TenantRules
	Credential    *Credential
	NetworkGrants []string
	MCPServers    []*MCPServer
}

// StepReads is what taking a step of a task reads before it starts: the task, its saved run, the
// tenant's usage of the day (for its quotas) and the tenant's records of TenantReads.
type StepReads struct {
	Task  *Task
	Run   *TaskRun
	Usage Usage
	TenantReads
}

// Reader is implemented by a backend that reads TenantReads and StepReads in fewer round trips
// than its methods one by one (PostgreSQL: one). The reads need not be one snapshot; each must
// return what the Backend method of the same record would.
type Reader interface {
	// TenantReads reads a tenant's records of TenantReads.
	TenantReads(ctx context.Context, tenant string) (*TenantReads, error)
	// StepReads reads what a step of the tenant's task taskID needs, the usage that of day
	// (YYYY-MM-DD); a task the tenant does not have is ErrNotFound.
	StepReads(ctx context.Context, tenant, taskID, day string) (*StepReads, error)
}

// Beginner is implemented by a backend that reads a step's StepReads and starts it (StartAPStep)
// in one round trip (PostgreSQL). Its BeginAPStep must answer as StepReads followed by StartAPStep
// would: ErrNotFound for a task the tenant does not have, ErrStepRunning while a step of the task
// runs (starting nothing either way).
type Beginner interface {
	BeginAPStep(ctx context.Context, tenant, taskID, day string, st *APStep) (*StepReads, error)
}

// SlotBeginner is a Beginner whose database also holds each tenant's running-step slots, shared
// by every node that uses it (PostgreSQL): BeginAPStepInSlot claims one of the tenant's first max
// slots for this process with the step's begin, in the same round trip. With no slot free it is
// ErrNoSlot and begins nothing; a task the tenant does not have (ErrNotFound) or with a running
// step (ErrStepRunning) claims none. release frees the slot.
type SlotBeginner interface {
	BeginAPStepInSlot(ctx context.Context, tenant, taskID, day string, st *APStep, max int) (reads *StepReads, release func(), err error)
}

// BeginAPStepInSlot is BeginAPStep that also claims one of the tenant's max running-step slots
// shared by every node (SlotBeginner), in the same round trip. ok is false when the backend has
// no such slots: nothing was done, and the caller begins the step with BeginAPStep and counts it
// by other means.
func (s *Scope) BeginAPStepInSlot(ctx context.Context, taskID, day string, st *APStep, max int) (reads *StepReads, release func(), ok bool, err error) {
	b, ok := s.b.(SlotBeginner)
	if !ok {
		return nil, nil, false, nil
	}
	if err := s.checkBegin(taskID, day, st); err != nil {
		return nil, nil, true, err
	}
	reads, release, err = b.BeginAPStepInSlot(ctx, s.name, taskID, day, st, max)
	return reads, release, true, err
}

// TenantReads reads the tenant's rules, credential, network grants and MCP servers at once.
func (s *Scope) TenantReads(ctx context.Context) (*TenantReads, error) {
	if err := s.check(); err != nil {
		return nil, err
	}
	if r, ok := s.b.(Reader); ok {
		return r.TenantReads(ctx, s.name)
	}
	return tenantReads(ctx, s.b, s.name)
}

// StepReads reads what a step of task taskID needs (the task, its run, the tenant's usage on day
// (YYYY-MM-DD) and its TenantReads) at once. A task the tenant does not have is ErrNotFound.
func (s *Scope) StepReads(ctx context.Context, taskID, day string) (*StepReads, error) {
	if err := s.check(); err != nil {
		return nil, err
	}
	if _, err := time.Parse(time.DateOnly, day); err != nil {
		return nil, fmt.Errorf("store: usage: day %q is not YYYY-MM-DD", day)
	}
	if r, ok := s.b.(Reader); ok {
		return r.StepReads(ctx, s.name, taskID, day)
	}
	t, err := s.b.Task(ctx, s.name, taskID)
	if err != nil {
		return nil, err
	}
	run, err := s.b.TaskRun(ctx, s.name, taskID)
	if err != nil {
		return nil, err
	}
	u, err := s.b.UsageOn(ctx, s.name, day)
	if err != nil {
		return nil, err
	}
	tr, err := tenantReads(ctx, s.b, s.name)
	if err != nil {
		return nil, err
	}
	return &StepReads{Task: t, Run: run, Usage: u, TenantReads: *tr}, nil
}

// tenantReads reads TenantReads method by method.
func tenantReads(ctx context.Context, b Backend, tenant string) (*TenantReads, error) {
	var out TenantReads
	var err error
	if out.Rules, err = b.TenantRules(ctx, tenant); err != nil {
		return nil, err
	}
	if out.Credential, err = b.Credential(ctx, tenant); errors.Is(err, ErrNotFound) {
		out.Credential = nil
	} else if err != nil {
		return nil, err
	}
	if out.NetworkGrants, err = b.NetworkGrants(ctx, tenant); err != nil {
		return nil, err
	}
	if out.MCPServers, err = b.MCPServers(ctx, tenant); err != nil {
		return nil, err
	}
	return &out, nil
}

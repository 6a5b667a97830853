package server

import (
	"context"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// Limits bound what each tenant may use. Zero fields take the defaults in DefaultLimits; a
// negative daily quota means no quota.
type Limits struct {
	// RatePerSecond and Burst shape each tenant's token bucket of API requests.
	RatePerSecond float64
	Burst         int
	// MaxRunningSteps caps the agent steps one tenant runs at once; MaxRunningStepsTotal caps the
	// server as a whole. A tenant over its cap gets 429; under it, a step waits for a server-wide
	// slot, so no tenant can take every slot.
	MaxRunningSteps      int
	MaxRunningStepsTotal int
	// Daily quotas per tenant (UTC days).
	DailySteps      int64
	DailyTokens     int64
	DailyCPUSeconds int64
	// MaxBodyBytes bounds JSON request bodies; MaxUploadBytes an artifact upload.
	MaxBodyBytes   int64
	MaxUploadBytes int64
	// Disk (see disk.go): tasks and workspace bytes per tenant, and the free space under which
	// the data volume takes no new work. Negative: no limit.
	MaxTasks       int64
	MaxTenantBytes int64
	MinFreeBytes   int64
}

// DefaultLimits are the limits of a server started without flags.
var DefaultLimits = Limits{
	RatePerSecond:        20,
	Burst:                40,
	MaxRunningSteps:      4,
	MaxRunningStepsTotal: 32,
	DailySteps:           5000,
	DailyTokens:          5_000_000,
	DailyCPUSeconds:      3600,
	MaxBodyBytes:         1 << 20,
	MaxUploadBytes:       32 << 20,
	MaxTasks:             1000,
	MaxTenantBytes:       4 << 30,
	MinFreeBytes:         256 << 20,
}

func (l Limits) withDefaults() Limits {
	d := DefaultLimits
	if l.RatePerSecond <= 0 {
		l.RatePerSecond = d.RatePerSecond
	}
	if l.Burst <= 0 {
		l.Burst = d.Burst
	}
	if l.MaxRunningSteps <= 0 {
		l.MaxRunningSteps = d.MaxRunningSteps
	}
	if l.MaxRunningStepsTotal <= 0 {
		l.MaxRunningStepsTotal = d.MaxRunningStepsTotal
	}
	if l.DailySteps == 0 {
		l.DailySteps = d.DailySteps
	}
	if l.DailyTokens == 0 {
		l.DailyTokens = d.DailyTokens
	}
	if l.DailyCPUSeconds == 0 {
		l.DailyCPUSeconds = d.DailyCPUSeconds
	}
	if l.MaxBodyBytes <= 0 {
		l.MaxBodyBytes = d.MaxBodyBytes
	}
	if l.MaxUploadBytes <= 0 {
		l.MaxUploadBytes = d.MaxUploadBytes
	}
	if l.MaxTasks == 0 {
		l.MaxTasks = d.MaxTasks
	}
	if l.MaxTenantBytes == 0 {
		l.MaxTenantBytes = d.MaxTenantBytes
	}
	if l.MinFreeBytes == 0 {
		l.MinFreeBytes = d.MinFreeBytes
	}
	return l
}

// limiter keeps one token bucket and one running-step semaphore per tenant, and the server-wide
// step slots. Buckets of different tenants never touch: one tenant's flood only drains its own.
type limiter struct {
	limits  Limits
	mu      sync.Mutex
	buckets map[string]*rate.Limiter
	running map[string]int
	slots   chan struct{}
	now     func() time.Time
	// cluster, when several nodes share the database, holds the buckets and the per-tenant
	// running-step counts instead of the maps above (cluster.go).
	cluster Cluster
	// keyTenants names the tenant of each key hash seen live, so that a request whose tenant
	// this node's bucket refuses anyway is looked up without taking a shared token (overHere).
	keyTenants map[string]string
}

// maxKeyTenants bounds limiter.keyTenants; past it the map starts again.
const maxKeyTenants = 100_000

func newLimiter(l Limits) *limiter {
	return &limiter{limits: l, buckets: map[string]*rate.Limiter{}, running: map[string]int{},
		slots: make(chan struct{}, l.MaxRunningStepsTotal), now: time.Now, keyTenants: map[string]string{}}
}

// overHere reports whether the key with this hash belongs, as far as this node knows, to a tenant
// whose bucket on this node is empty: its request will be refused here, so its authentication
// need not take a token from the shared bucket (a flood is turned away without writing to the
// database).
func (l *limiter) overHere(hash string) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	b := l.buckets[l.keyTenants[hash]]
	return b != nil && b.TokensAt(l.now()) < 1
}

// noteKey remembers the tenant of a live key's hash, for overHere.
func (l *limiter) noteKey(hash, tenant string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if len(l.keyTenants) >= maxKeyTenants {
		clear(l.keyTenants)
	}
	l.keyTenants[hash] = tenant
}

// allow takes one token from tenant's bucket, or returns how long until one is there. With
// several nodes (cluster.go) this node's bucket is asked first, at the tenant's full rate: what it
// refuses the shared one would refuse too (one node alone never gets more than the rate), and a
// flood is turned away without a round trip to the database. shared is the shared bucket's token
// when the request's authentication took it with the key (KeyTokenTaker, not for a tenant
// overHere); without it, the shared bucket is asked here.
func (l *limiter) allow(tenant string, shared *sharedToken) (ok bool, retry time.Duration) {
	if ok, retry := l.allowHere(tenant); !ok || l.cluster == nil {
		return ok, retry
	}
	if shared != nil { // taken with the request's key
		return shared.taken, shared.retry
	}
	return l.sharedAllow(tenant)
}

// allowHere takes one token from this node's bucket for tenant.
func (l *limiter) allowHere(tenant string) (ok bool, retry time.Duration) {
	l.mu.Lock()
	b := l.buckets[tenant]
	if b == nil {
		b = rate.NewLimiter(rate.Limit(l.limits.RatePerSecond), l.limits.Burst)
		l.buckets[tenant] = b
	}
	l.mu.Unlock()
	now := l.now()
	r := b.ReserveN(now, 1)
	if !r.OK() {
		return false, time.Second
	}
	if d := r.DelayFrom(now); d > 0 {
		r.CancelAt(now)
		return false, d
	}
	return true, 0
}

// errBusy reports that the tenant already runs its maximum of steps.
var errBusy = tooMany("too_many_running_steps", time.Second, "this tenant already runs its maximum of concurrent steps; retry when one ends")

// acquireStep takes a running-step place for tenant: at once or errBusy for the tenant's own cap
// (counted on this node, or across nodes with a cluster), then waiting (until ctx ends) for a
// server-wide slot. release gives both back.
func (l *limiter) acquireStep(ctx context.Context, tenant string) (release func(), err error) {
	var free func()
	if l.cluster != nil {
		free, err = l.sharedPlace(ctx, tenant)
	} else {
		free, err = l.placeHere(tenant)
	}
	if err != nil {
		return nil, err
	}
	return l.withServerSlot(ctx, free)
}

// withServerSlot waits (until ctx ends) for a server-wide slot for a step whose tenant's place
// free gives back. release gives both back; when ctx ends first, free is called.
func (l *limiter) withServerSlot(ctx context.Context, free func()) (release func(), err error) {
	select {
	case l.slots <- struct{}{}:
	case <-ctx.Done():
		free()
		return nil, errorf(503, "unavailable", "the server is busy; retry")
	}
	var once sync.Once
	return func() {
		once.Do(func() {
			<-l.slots
			free()
		})
	}, nil
}

// placeHere counts one more running step for tenant on this node, or errBusy at its cap.
func (l *limiter) placeHere(tenant string) (free func(), err error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.running[tenant] >= l.limits.MaxRunningSteps {
		return nil, errBusy
	}
	l.running[tenant]++
	return func() {
		l.mu.Lock()
		if l.running[tenant]--; l.running[tenant] == 0 {
			delete(l.running, tenant)
		}
		l.mu.Unlock()
	}, nil
}

// untilTomorrow is how long until the next UTC day, when daily quotas reset.
func untilTomorrow(now time.Time) time.Duration {
	now = now.UTC()
	next := time.Date(now.Year(), now.Month(), now.Day()+1, 0, 0, 0, 0, time.UTC)
	return next.Sub(now)
}

// taskLocks lets one step at a time run per task.
type taskLocks struct {
	mu   sync.Mutex
	busy map[[2]string]bool
}

func (t *taskLocks) tryLock(tenant, task string) bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.busy == nil {
		t.busy = map[[2]string]bool{}
	}
	k := [2]string{tenant, task}
	if t.busy[k] {
		return false
	}
	t.busy[k] = true
	return true
}

func (t *taskLocks) unlock(tenant, task string) {
	t.mu.Lock()
	delete(t.busy, [2]string{tenant, task})
	t.mu.Unlock()
}

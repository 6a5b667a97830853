package server

import (
	"context"
	"sync"
	"time"

	"github.com/paddock-dev/paddock/internal/store"
)

// Cluster is what a database shared by several server nodes offers, so that a tenant's limits
// hold across all of them and a dead node's steps are found: the command line wires it from the
// PostgreSQL backend (package store/postgres). A single node on SQLite has none and keeps its
// rate buckets and running-step counts in process.
//
// With a Cluster:
//   - a tenant's token bucket is one row in the database, taken from by every node (GCRA on the
//     database's clock), so two nodes do not double a tenant's rate;
//   - a tenant's running-step cap (Limits.MaxRunningSteps) counts its steps on every node: a step
//     claims one of the tenant's slot rows (SKIP LOCKED), freed when the step ends or its node's
//     lease runs out. Limits.MaxRunningStepsTotal stays per node: it is this node's capacity;
//   - daily quotas are read from the shared usage rows, as on one node: concurrent steps that
//     each passed the check may together go past a quota by at most the tenant's running-step
//     cap, now counted across nodes, exactly as on a single node;
//   - every LeaseTTL/3 the node marks interrupted the running steps of nodes whose lease ran out
//     (store.DB.MarkInterruptedSteps), audits each and counts it in paddock_steps_reaped_total;
//     their tasks resume from their last finished step on whichever node gets the next step.
type Cluster interface {
	// TakeToken takes one request from tenant's bucket shared by every node, or says how long
	// until one is there.
	TakeToken(ctx context.Context, tenant string, rate float64, burst int) (ok bool, retry time.Duration, err error)
	// ClaimStepSlot claims one of tenant's max running-step places across every node; ok is false
	// when every one is held. release frees it.
	ClaimStepSlot(ctx context.Context, tenant string, max int) (release func(), ok bool, err error)
	// LeaseTTL is how long a node's running steps stay its own without a renewal.
	LeaseTTL() time.Duration
	// Stats reports this node's view, for /metrics.
	Stats(ctx context.Context) ClusterStats
}

// KeyTokenTaker is a Cluster that reads a request's API key and takes a token from its tenant's
// shared bucket in one round trip (PostgreSQL: store/postgres.DB.KeyAndToken), so that a request
// pays one round trip, not two, for its authentication and its shared rate limit. k is the key as
// the store has it, to be checked as store.LiveKey does; a key that is not live took no token.
type KeyTokenTaker interface {
	KeyAndToken(ctx context.Context, hash string, rate float64, burst int) (k *store.APIKey, taken bool, retry time.Duration, err error)
}

// sharedToken is what a request's authentication found of its tenant's shared bucket.
type sharedToken struct {
	taken bool
	retry time.Duration
}

// ClusterStats is a node's view of the cluster and of its database connection pool.
type ClusterStats struct {
	LeaseHeld                                         bool
	LiveNodes                                         int // -1 when the database did not answer
	PoolIdle, PoolAcquired, PoolConstructing, PoolMax int32
	PoolAcquires, PoolEmptyAcquires                   int64
	PoolAcquireWait                                   time.Duration
}

// clusterWatch is the goroutine that marks dead nodes' steps.
type clusterWatch struct {
	stop chan struct{}
	wg   sync.WaitGroup
	once sync.Once
}

// watchCluster starts marking dead nodes' steps every LeaseTTL/3, when the server has a Cluster.
func (s *Server) watchCluster() {
	c := s.cfg.Cluster
	if c == nil {
		return
	}
	s.metrics.watchCluster(c, s.log)
	s.limits.cluster = c
	s.clusterWatch = &clusterWatch{stop: make(chan struct{})}
	every := max(c.LeaseTTL()/3, 50*time.Millisecond)
	s.clusterWatch.wg.Go(func() {
		tick := time.NewTicker(every)
		defer tick.Stop()
		for {
			select {
			case <-s.clusterWatch.stop:
				return
			case <-tick.C:
			}
			ctx, cancel := context.WithTimeout(context.Background(), every)
			if err := s.recover(ctx); err != nil {
				s.log.Error("mark the steps of stopped nodes", "err", err)
			}
			cancel()
		}
	})
}

// stopWatchingCluster stops the goroutine of watchCluster and waits for it.
func (s *Server) stopWatchingCluster() {
	if s.clusterWatch == nil {
		return
	}
	s.clusterWatch.once.Do(func() { close(s.clusterWatch.stop) })
	s.clusterWatch.wg.Wait()
}

// sharedAllow takes a request from tenant's bucket in the shared database (allow has taken one
// from this node's bucket first). When the database does not answer, the request is refused
// (fail closed) and asked to retry in a second.
func (l *limiter) sharedAllow(tenant string) (bool, time.Duration) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	ok, retry, err := l.cluster.TakeToken(ctx, tenant, l.limits.RatePerSecond, l.limits.Burst)
	if err != nil {
		return false, time.Second
	}
	return ok, retry
}

// sharedPlace claims one of tenant's running-step slots in the shared database, so its cap holds
// across every node: at once, or errBusy.
func (l *limiter) sharedPlace(ctx context.Context, tenant string) (free func(), err error) {
	free, ok, err := l.cluster.ClaimStepSlot(ctx, tenant, l.limits.MaxRunningSteps)
	if err != nil {
		return nil, errorf(503, "unavailable", "cannot count this tenant's running steps now; retry")
	}
	if !ok {
		return nil, errBusy
	}
	return free, nil
}

package main

import (
	"context"
	"errors"
	"time"

	"github.com/paddock-dev/paddock/internal/llm"
	"github.com/paddock-dev/paddock/internal/server"
	"github.com/paddock-dev/paddock/internal/store/postgres"
)

// llmConfig points the server at the scripted model: no key (loopback), no retries.
func llmConfig(baseURL string) llm.Config {
	return llm.Config{BaseURL: baseURL, Model: "scripted", Timeout: 10 * time.Second}
}

// cluster is the PostgreSQL backend as the server's Cluster, as paddock serve wires it.
type cluster struct{ db *postgres.DB }

func (c cluster) TakeToken(ctx context.Context, tenant string, rate float64, burst int) (bool, time.Duration, error) {
	return c.db.TakeToken(ctx, tenant, rate, burst)
}

func (c cluster) ClaimStepSlot(ctx context.Context, tenant string, max int) (func(), bool, error) {
	release, err := c.db.ClaimStepSlot(ctx, tenant, max)
	if errors.Is(err, postgres.ErrNoSlot) {
		return nil, false, nil
	}
	return release, err == nil, err
}

func (c cluster) LeaseTTL() time.Duration { return c.db.LeaseTTL() }

func (c cluster) Stats(context.Context) server.ClusterStats {
	return server.ClusterStats{LeaseHeld: c.db.LeaseHeld() == nil, LiveNodes: -1}
}
